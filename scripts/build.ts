// npm run build (run by `prepare` on npm ci / npm install): type declarations with tsc, and the
// entry points (the CLI, the library, the vitest matcher) bundled with esbuild, so that starting
// `v6lab` reads a few files instead of hundreds of node_modules modules (measured: `lab list`
// 0.17 s → 0.08 s). Packages that must stay themselves are left external: dockerode (native
// optional parts), tsx and esbuild (loaders), vitest (the user's), pcap-parser (old Buffer() calls
// that Node only tolerates silently inside node_modules).
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';
import { execa } from 'execa';

await rm('dist', { recursive: true, force: true });
await execa('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
await build({
  entryPoints: ['lab/cli.ts', 'lab/index.ts', 'lab/testing.ts'],
  outdir: 'dist/lab',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: true,
  external: ['dockerode', 'tsx', 'tsx/*', 'esbuild', 'vitest', 'pcap-parser'],
  // Bundled CommonJS dependencies call require(): give ES modules one.
  banner: { js: "import { createRequire as v6labCreateRequire } from 'node:module'; const require = v6labCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
