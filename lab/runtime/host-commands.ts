// Commands the runtimes run on the host side: `ip` against lab namespaces, killing what runs in
// them, deleting them. Shared by the netns and docker runtimes and by `down`/`gc`.
import { readFileSync } from 'node:fs';
import { readdir, readlink, rm, stat } from 'node:fs/promises';
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
  for (const pid of await pidsInNamespaces(namespaces)) {
    if (pid === process.pid) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // already gone
    }
  }
  // Wait until each is dead. Processes that are not our children (a kept lab's daemons, a
  // daemon's helpers) are reaped by init, sometimes a second later: a zombie counts as dead.
  const deadline = performance.now() + 3_000;
  while (killed.some((pid) => !isDead(pid)) && performance.now() < deadline) await sleep(10);
  return killed;
}

/**
 * The processes whose network namespace is one of these, found the way `ip netns pids` finds
 * them (the namespace file's inode against each process's /proc/PID/ns/net), in one pass over
 * /proc for all namespaces: one `ip netns pids` per namespace was 250 processes at 250 hosts.
 */
export async function pidsInNamespaces(namespaces: string[]): Promise<number[]> {
  const inodes = new Set<number>();
  await Promise.all(
    namespaces.map(async (ns) => {
      const st = await stat(join('/run/netns', ns)).catch(() => undefined);
      if (st) inodes.add(st.ino);
    }),
  );
  if (inodes.size === 0) return [];
  const pids = (await readdir('/proc')).filter((d) => /^\d+$/.test(d));
  const inside = await Promise.all(
    pids.map(async (pid) => {
      const link = await readlink(`/proc/${pid}/ns/net`).catch(() => '');
      const ino = Number(/^net:\[(\d+)\]$/.exec(link)?.[1]);
      return inodes.has(ino) ? Number(pid) : undefined;
    }),
  );
  return inside.filter((p): p is number => p !== undefined);
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
