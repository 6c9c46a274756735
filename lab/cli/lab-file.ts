// Lab files on the command line: `npm run lab -- ./site.lab.yaml` (YAML) or `./my-lab.ts` (a
// module whose default export is a defineLab(...) spec), and `lab validate <file>`.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SCENARIOS } from '../../scenarios/index.js';
import { UsageError } from '../errors.js';
import type { CommandLine, ResolvedLab } from '../input/resolve.js';

const CODE = ['.ts', '.mts', '.js', '.mjs'];
const YAML = ['.yaml', '.yml'];

/** A command-line target names a lab file (by its extension or a path separator), not a method. */
export function isLabFile(target: string): boolean {
  return [...CODE, ...YAML].includes(extname(target)) || target.includes('/');
}

/** Loaded only for lab files: the schema and YAML parser are not paid for by `lab nat64`. */
export async function loadLabFile(path: string, commandLine?: CommandLine): Promise<ResolvedLab> {
  const { LabFileError, resolveLab, resolveLabFile } = await import('../input/resolve.js');
  const abs = resolve(path);
  const text = await readFile(abs, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read lab file ${path}: ${e.code ?? e.message}`);
  });
  const ext = extname(abs);
  if (YAML.includes(ext)) return resolveLabFile(path, text, SCENARIOS, commandLine);
  if (!CODE.includes(ext)) throw new UsageError(`${path}: a lab file is YAML (.yaml, .yml) or a module (.ts, .js) whose default export is defineLab({...})`);
  // tsx loads a TypeScript lab file whether v6lab itself runs compiled or from source.
  const { tsImport } = await import('tsx/esm/api');
  const mod = (await tsImport(pathToFileURL(abs).href, import.meta.url)) as { default?: unknown };
  if (mod.default === undefined) throw new LabFileError(path, ['no default export: end the file with `export default defineLab({ method: ..., ... })`']);
  return resolveLab(mod.default, SCENARIOS, { source: path, labFile: { path, sha256: createHash('sha256').update(text).digest('hex'), content: text }, ...(commandLine ? { commandLine } : {}) });
}
