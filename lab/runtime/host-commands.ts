// Commands the runtimes run on the host side: `ip` against lab namespaces, killing what runs in
// them, deleting them. Shared by the netns and docker runtimes and by `down`/`gc`.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { NS_PREFIX } from './lab-state.js';
import type { ExecResult } from './runtime.js';

export class RuntimeError extends Error {
  constructor(message: string, readonly result?: ExecResult) {
    super(message);
    this.name = 'RuntimeError';
  }
}

export function namespaceName(labId: string, node: string): string {
  return `${NS_PREFIX}${labId}-${node}`;
}

/** What a node's resolv.conf says until the lab gives it a resolver: never the machine's own. */
export const NO_RESOLVER = '# v6lab: no resolver on this node until the lab sets one\nnameserver 127.0.0.1\n';

/** Kill what runs in the namespaces, delete them and their /etc/netns files. Idempotent. */
export async function destroyNamespaces(namespaces: string[]): Promise<void> {
  if (namespaces.length === 0) return;
  await killNamespaceProcesses(namespaces);
  // -force: keep going past a namespace that is already gone (or that a failed up() never made).
  await execa('ip', ['-force', '-batch', '-'], { input: namespaces.map((ns) => `netns del ${ns}`).join('\n'), reject: false });
  await Promise.all(namespaces.map((ns) => rm(join('/etc/netns', ns), { recursive: true, force: true })));
}

/** SIGKILL every process still inside these namespaces (they are the lab's by construction). */
export async function killNamespaceProcesses(namespaces: string[]): Promise<number[]> {
  const killed: number[] = [];
  await Promise.all(
    namespaces.map(async (ns) => {
      const r = await execa('ip', ['netns', 'pids', ns], { reject: false });
      for (const pid of String(r.stdout).split(/\s+/).filter(Boolean).map(Number)) {
        if (pid === process.pid) continue;
        try {
          process.kill(pid, 'SIGKILL');
          killed.push(pid);
        } catch {
          // already gone
        }
      }
    }),
  );
  // Wait until each is dead. Processes that are not our children (a kept lab's daemons, a
  // daemon's helpers) are reaped by init, sometimes a second later: a zombie counts as dead.
  const deadline = performance.now() + 3_000;
  while (killed.some((pid) => !isDead(pid)) && performance.now() < deadline) await sleep(10);
  return killed;
}

/** Gone, or a zombie (it has released its namespaces and only waits for its parent to reap it). */
export function isDead(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return true;
  }
}

/** Run a command to completion: never throws; a command that cannot start reports exit 127. */
export function runCommand(file: string, args: string[], input: string | undefined, timeoutMs: number): Promise<{ exitCode: number; stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      const e = error as (Omit<NodeJS.ErrnoException, 'code'> & { killed?: boolean; signal?: string | null; code?: number | string }) | null;
      const timedOut = !!e?.killed && e.signal === 'SIGKILL';
      const exitCode = e === null ? 0 : typeof e.code === 'number' ? e.code : timedOut ? 124 : e.code === 'ENOENT' ? 127 : 128;
      resolve({ exitCode, stdout, stderr: stderr || (e && typeof e.code === 'string' ? e.message : ''), timedOut });
    });
    // A command that exits before reading all its input (a timed-out upload) is its result, not our crash.
    child.stdin?.on('error', () => {});
    if (input !== undefined) child.stdin?.end(input);
  });
}
