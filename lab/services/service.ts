// A service is one daemon (or one-shot set-up such as a NAT rule) placed on a node: the files it
// needs, the commands around it, and how to know it is ready. Each daemon has its own module that
// builds one of these; the deployer below makes it real on any runtime.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Daemon, type ReadinessProbe } from '../runtime/daemon.js';
import type { DaemonSpec } from './daemon-spec.js';
import { RuntimeError } from '../runtime/host-commands.js';
import { shellQuote, type Runtime } from '../runtime/runtime.js';

export interface ServiceFile {
  /** Absolute path (inside the lab's state directory). */
  path: string;
  content: string;
}

export interface ServiceDefinition {
  /** Short name used for logs and reports: "dnsmasq", "unbound", "nat44". */
  name: string;
  /** The program it runs (or, for a one-shot set-up, calls): from the daemon registry. */
  program: DaemonSpec;
  node: string;
  files: ServiceFile[];
  /** Host-side preparation of the service's files (directories, permissions). */
  prepare?: () => Promise<void>;
  /** One-shot commands run in the node before the daemon starts (e.g. create a TUN). */
  before?: string[][];
  /** The daemon itself, in the foreground; absent for set-up-only services. */
  daemon?: { argv: string[]; ready: ReadinessProbe; readyTimeoutMs?: number; stopGraceMs?: number };
  /** One-shot commands run once the daemon is ready (e.g. routes into its TUN). */
  after?: string[][];
}

/** Per-node directory for a service's rendered files: <state>/configs/<node>/. */
export function configDir(runtime: Runtime, node: string): string {
  return join(runtime.stateDir, 'configs', node);
}

export function logDir(runtime: Runtime): string {
  return join(runtime.stateDir, 'logs');
}

export interface DeployedService {
  definition: ServiceDefinition;
  daemon?: Daemon;
}

/** Write files, run the set-up commands, start the daemon and wait until its probe passes. */
export async function deployService(runtime: Runtime, def: ServiceDefinition): Promise<DeployedService> {
  for (const f of def.files) {
    // A signal may have started teardown while this deploy went on: its files must not recreate the state directory.
    runtime.refuseWhenClosing(`writing ${def.name}'s files`, def.node);
    await mkdir(dirname(f.path), { recursive: true });
    await writeFile(f.path, f.content);
  }
  runtime.refuseWhenClosing(`preparing ${def.name}`, def.node);
  await def.prepare?.();
  for (const argv of def.before ?? []) await mustRun(runtime, def, argv);
  let daemon: Daemon | undefined;
  if (def.daemon) {
    runtime.refuseWhenClosing(`starting ${def.name}`, def.node);
    await mkdir(logDir(runtime), { recursive: true });
    daemon = new Daemon(runtime, { name: def.name, node: def.node, ...def.daemon }, join(logDir(runtime), `${def.node}-${def.name}.log`));
    await daemon.start();
  }
  for (const argv of def.after ?? []) await mustRun(runtime, def, argv);
  return { definition: def, daemon };
}

async function mustRun(runtime: Runtime, def: ServiceDefinition, argv: string[]): Promise<void> {
  const r = await runtime.exec(def.node, argv);
  if (r.exitCode !== 0) {
    throw new RuntimeError(`${def.name} set-up in ${def.node}: \`${shellQuote(argv)}\` failed (exit ${r.exitCode}): ${(r.stderr || r.stdout).trim()}`, r);
  }
}
