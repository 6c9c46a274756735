// One-shot commands with the programs the nodes will run, before any lab exists: a user's config
// is judged by the checker of the daemon that will run it (the host's on netns, the node image's
// on docker — Debian 13's radvd accepts what Debian 12's refuses). A config that names interfaces
// is checked in a throwaway network namespace holding them.
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { findBinary } from '../env/requirements.js';
import { EnvironmentError } from '../errors.js';
import { NS_PREFIX } from './lab-state.js';

/** Two ends of a veth, with an address each (what a checker resolves the config's interfaces against). */
export type CheckerInterfaces = [{ name: string; cidr: string }, { name: string; cidr: string }];

export interface OneShotRequest {
  argv: string[];
  /** Files the command reads live under this directory (the same path wherever it runs). */
  dir: string;
  interfaces?: CheckerInterfaces;
  /** The Debian package of the program, for the message when it is missing. */
  package: string;
}

export interface OneShotResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export type OneShot = (r: OneShotRequest) => Promise<OneShotResult>;

/** The shell lines that make the interfaces in a namespace of one's own (or nothing). */
export function interfaceSetup(interfaces: CheckerInterfaces | undefined): string[] {
  if (!interfaces) return [];
  return [
    `ip link add ${interfaces[0].name} type veth peer name ${interfaces[1].name}`,
    ...interfaces.flatMap((i) => [`ip addr add ${i.cidr} dev ${i.name}${i.cidr.includes(':') ? ' nodad' : ''}`, `ip link set ${i.name} up`]),
  ];
}

/** On this machine, with its own programs; in a throwaway namespace when interfaces are named. */
export const hostOneShot: OneShot = async (r) => {
  const program = r.argv[0] === 'sh' ? undefined : r.argv[0]!;
  if (program && !findBinary(program)) throw new EnvironmentError(`${program} (Debian package ${r.package}) is needed: apt-get install ${r.package}`);
  if (!r.interfaces) return asResult(await execa(r.argv[0]!, r.argv.slice(1), { reject: false, timeout: 15_000 }));
  const ns = `${NS_PREFIX}check-${randomBytes(3).toString('hex')}`;
  await execa('ip', ['netns', 'add', ns]);
  try {
    for (const line of interfaceSetup(r.interfaces)) await execa('ip', ['-n', ns, ...line.split(' ').slice(1)]);
    return asResult(await execa('ip', ['netns', 'exec', ns, ...r.argv], { reject: false, timeout: 15_000 }));
  } finally {
    await execa('ip', ['netns', 'del', ns], { reject: false });
  }
};

export function asResult(r: { exitCode?: number; stdout?: unknown; stderr?: unknown }): OneShotResult {
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}
