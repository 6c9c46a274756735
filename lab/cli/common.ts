// What every `lab` command shares: output, exit codes, argument parsing, the interrupt flag.
import { constants, existsSync } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { SCENARIOS } from '../../scenarios/index.js';
import { UsageError } from '../errors.js';
import { MAX_HOSTS, validHostCount } from '../host-count.js';
import { runtimeDriver } from '../runtime/registry.js';
import type { RuntimeKind } from '../runtime/runtime.js';

/** 0 all checks passed, 1 a check failed, 2 usage error, 3 environment unfit, 4 could not deploy. */
export const EXIT = { ok: 0, checkFailed: 1, usage: 2, environment: 3, deployFailed: 4 } as const;

export const out = (...lines: string[]): void => void process.stdout.write(lines.map((l) => l + '\n').join(''));
export const err = (line: string): void => void process.stderr.write(line + '\n');

/** Set by the signal handler: the run in progress is being torn down and must not report a verdict. */
export const interruption = { signalled: false };

export function methodList(): string {
  return Object.values(SCENARIOS)
    .map((s) => `  ${s.name.padEnd(12)} ${s.title}`)
    .join('\n');
}

/** Fail before building anything when the artifacts cannot be written. */
export async function ensureWritableDir(dir: string): Promise<void> {
  try {
    // One level at a time: Node's recursive mkdir never returns on some pseudo filesystems (/proc).
    const missing: string[] = [];
    for (let d = dir; !existsSync(d); d = dirname(d)) missing.unshift(d);
    for (const d of missing) await mkdir(d);
    await access(dir, constants.W_OK);
  } catch (e) {
    throw new UsageError(`cannot write artifacts to ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; choose a writable directory`);
  }
}

export function parseHosts(v: string): number {
  const n = Number(v);
  if (!validHostCount(n)) throw new InvalidArgumentError(`give a whole number from 1 to ${MAX_HOSTS}`);
  return n;
}

export function parseRuntime(v: string): RuntimeKind {
  return runtimeDriver(v).kind;
}
