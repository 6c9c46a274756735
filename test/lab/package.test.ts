// v6lab as a package a user installs: `npm pack`, installed into an empty directory, and the
// `v6lab` command it brings runs a lab (compiled JavaScript, no TypeScript loader).
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, expect, it } from 'vitest';
import { findLeftovers, NOTHING_LEFT } from '../../lab/leftovers.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
let dir = '';

it('npm pack → npm install ./v6lab-*.tgz in an empty directory → npx v6lab nat64 passes; the library imports', { timeout: 300_000 }, async () => {
  dir = await mkdtemp(join(tmpdir(), 'v6lab-package-'));
  const pack = await execa('npm', ['pack', '--pack-destination', dir], { cwd: ROOT, reject: false });
  expect(pack.exitCode, String(pack.stderr)).toBe(0);
  const tgz = (await readdir(dir)).find((f) => /^v6lab-.*\.tgz$/.test(f));
  expect(tgz).toBeDefined();
  const app = join(dir, 'app');
  await execa('mkdir', ['-p', app]);
  await execa('npm', ['init', '-y'], { cwd: app });
  const install = await execa('npm', ['install', '--no-audit', '--no-fund', join(dir, tgz!)], { cwd: app, reject: false });
  expect(install.exitCode, String(install.stderr)).toBe(0);
  const run = await execa('npx', ['v6lab', 'nat64', '--no-install', '--quiet', '--artifacts', join(dir, 'run')], { cwd: app, reject: false });
  expect(run.exitCode, `${String(run.stdout)}\n${String(run.stderr)}`).toBe(0);
  expect(String(run.stdout).trim()).toMatch(/^PASS nat64 on netns: 18\/19 checks passed, 1 failed as expected in [\d.]+ s$/);
  // The typed API, from the installed package.
  const api = await execa('node', ['--input-type=module', '-e', "const m = await import('v6lab'); const s = m.defineLab({ method: 'nat64' }); console.log(typeof m.runLab, s.method)"], { cwd: app, reject: false });
  expect(String(api.stdout).trim(), String(api.stderr)).toBe('function nat64');
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  expect(await findLeftovers()).toEqual(NOTHING_LEFT);
});
