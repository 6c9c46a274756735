// The Runtime interface: what the engine needs from "something that makes nodes real".
// The netns runtime is the default; other runtimes implement the same contract.
import type { Release } from '../env/release.js';
import type { Topology } from '../topology/types.js';

/** The runtimes of runtime/registry.ts, by the name users type. */
export type RuntimeKind = 'netns' | 'docker';

export interface ExecOptions {
  /** Written to the command's stdin: text, or bytes as they are (a raw frame). */
  input?: string | Buffer;
  /** Kill the command after this long (default 15 s) and report timedOut. */
  timeoutMs?: number;
}

/** What running one command in a node produced. Never thrown: callers decide what a failure means. */
export interface ExecResult {
  node: string;
  argv: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
}

export interface ProcessExit {
  code: number | null;
  signal: string | null;
}

/** A long-running process started in a node (a daemon, a capture). */
export interface NodeProcess {
  /** The PID as `ss -p` run through this runtime shows it (the host's view, for both runtimes). */
  readonly pid: number;
  readonly exited: Promise<ProcessExit>;
  /** Undefined until the process has exited. */
  readonly exit: ProcessExit | undefined;
  kill(signal: NodeJS.Signals): void;
}

export interface Runtime {
  readonly kind: RuntimeKind;
  readonly labId: string;
  /** Per-lab directory for configs, logs, pid files; visible to the node at the same path. */
  readonly stateDir: string;
  /** The Debian release whose daemons the nodes run (undefined: a host that is not one the lab knows). */
  readonly release: Release | undefined;
  /** Each node has a file system of its own (containers): writes under /var/log stay in the node. */
  readonly isolatedFilesystem: boolean;
  /** Create every node and wire every link and segment of the topology. */
  up(topology: Topology): Promise<void>;
  exec(node: string, argv: string[], options?: ExecOptions): Promise<ExecResult>;
  /** Start a long-running process with stdout+stderr appended to logFile. */
  spawn(node: string, argv: string[], logFile: string): Promise<NodeProcess>;
  /**
   * Throw once teardown has begun: whatever would still write into the lab (a service's files
   * after a signal) must not recreate what teardown removed.
   */
  refuseWhenClosing(what: string, node: string): void;
  /** What `nameserver` lines the node's resolver uses (its /etc/resolv.conf). */
  setResolvConf(node: string, content: string): Promise<void>;
  /** The node names this runtime made (hosts, routers and switch nodes). */
  nodes(): string[];
  /**
   * `--keep`: record the lab as kept (for `exec`, `shell`, `down`) and let its processes outlive
   * this one — stop waiting on them, never kill them.
   */
  keep(): Promise<void>;
  /** Remove everything this lab made. Safe to call twice and after a partial up(). */
  down(): Promise<void>;
}

/** Render an argv the way a person would type it (for evidence and logs). */
export function shellQuote(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./\-\[\]]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
