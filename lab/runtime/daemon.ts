// A supervised daemon: started in a node, proven ready by a probe (never a fixed sleep),
// logged to a file, stopped with SIGTERM and then SIGKILL after a short grace.
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { sameAddress } from '../topology/address.js';
import { shellQuote, type NodeProcess, type ProcessExit, type Runtime } from './runtime.js';

export type ReadinessProbe =
  /** A line the daemon prints once it is serving. */
  | { kind: 'log'; pattern: RegExp }
  /** A listening socket, as `ss` shows it inside the node. */
  | { kind: 'listen'; proto: 'tcp' | 'udp'; port: number; address?: string }
  /** A command run in the node whose output matches (e.g. a TUN showing carrier once attached). */
  | { kind: 'command'; argv: string[]; pattern: RegExp };

export interface DaemonSpec {
  name: string;
  node: string;
  argv: string[];
  ready: ReadinessProbe;
  readyTimeoutMs?: number;
  /** How long SIGTERM gets before SIGKILL. */
  stopGraceMs?: number;
}

export class DaemonError extends Error {
  constructor(
    message: string,
    readonly daemon: string,
    readonly logTail: string,
  ) {
    super(`${message}\n--- last lines of ${daemon}'s log ---\n${logTail || '(empty)'}`);
    this.name = 'DaemonError';
  }
}

const POLL_MS = 20;

export class Daemon {
  private proc: NodeProcess | undefined;
  private stopping = false;
  /**
   * Set when the daemon was still running at its deadline but not listening where its probe
   * asked: what it did listen on, as ss showed it. It counts as up; the checks judge where it is
   * (a stock config on its own port or address gets failing checks with evidence, not exit 4).
   */
  upElsewhere: string | undefined;

  constructor(
    private readonly runtime: Runtime,
    readonly spec: DaemonSpec,
    readonly logFile: string,
  ) {}

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** Exit of a daemon that died on its own (undefined while running or after our stop). */
  get crashed(): ProcessExit | undefined {
    return this.stopping ? undefined : this.proc?.exit;
  }

  get command(): string {
    return shellQuote(this.spec.argv);
  }

  async start(): Promise<void> {
    this.proc = await this.runtime.spawn(this.spec.node, this.spec.argv, this.logFile);
    const deadline = performance.now() + (this.spec.readyTimeoutMs ?? 10_000);
    for (;;) {
      const exit = this.proc.exit;
      if (exit) {
        throw new DaemonError(`${this.spec.name} in ${this.spec.node} exited (${exit.signal ?? `code ${exit.code}`}) before it was ready: \`${this.command}\``, this.spec.name, this.logTail());
      }
      if (await this.isReady()) return;
      if (performance.now() > deadline && this.spec.ready.kind === 'listen') {
        const held = await this.heldSockets(this.spec.ready.proto);
        this.upElsewhere = `${describeProbe(this.spec.ready)} for ${this.spec.readyTimeoutMs ?? 10_000} ms; it runs, listening on ${held.length > 0 ? held.join(', ') : 'nothing'}`;
        return;
      }
      if (performance.now() > deadline) {
        throw new DaemonError(`${this.spec.name} in ${this.spec.node} was not ready after ${this.spec.readyTimeoutMs ?? 10_000} ms (${describeProbe(this.spec.ready)})`, this.spec.name, this.logTail());
      }
      await sleep(POLL_MS);
    }
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exit) return;
    this.stopping = true;
    proc.kill('SIGTERM');
    const grace = sleep(this.spec.stopGraceMs ?? 2_000).then(() => 'timeout' as const);
    if ((await Promise.race([proc.exited, grace])) === 'timeout') {
      proc.kill('SIGKILL');
      await proc.exited;
    }
  }

  /** Kill without grace, as a fault would (the daemon counts as crashed). */
  kill(): void {
    this.proc?.kill('SIGKILL');
  }

  logTail(lines = 20): string {
    if (!existsSync(this.logFile)) return '';
    return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  }

  private async isReady(): Promise<boolean> {
    const probe = this.spec.ready;
    if (probe.kind === 'log') return probe.pattern.test(this.logTail(200));
    if (probe.kind === 'command') return probe.pattern.test((await this.runtime.exec(this.spec.node, probe.argv)).stdout);
    // -p: the socket must be held by this daemon, not by another process on the same port.
    return listening(await this.ss(probe.proto), probe.port, probe.address, this.proc?.pid);
  }

  /** `ss -Hlnp` for one protocol, in the daemon's node. */
  private async ss(proto: 'tcp' | 'udp'): Promise<string> {
    return (await this.runtime.exec(this.spec.node, ['ss', '-Hlnp', proto === 'tcp' ? '-t' : '-u'])).stdout;
  }

  /** The daemon's own listening sockets ("tcp [fe80::1]%eth0:3128"), from ss -p. */
  private async heldSockets(proto: 'tcp' | 'udp'): Promise<string[]> {
    const pid = this.proc?.pid;
    return (await this.ss(proto)).split('\n').filter((l) => pid !== undefined && l.includes(`pid=${pid},`)).map((l) => {
      return `${proto} ${l.trim().split(/\s+/)[3]}`;
    });
  }
}

/** ss's local address column: "0.0.0.0:80", "[::]:53", "[fe80::1]%eth0:3128", "*:80". */
export function parseSsLocal(local: string): { address: string; zone?: string; port: number } | undefined {
  const m = /^\[?([^\]%]*?)\]?(?:%([^:\]]+))?:(\d+|\*)$/.exec(local);
  if (!m) return undefined;
  return { address: m[1] ?? '', zone: m[2], port: m[3] === '*' ? 0 : Number(m[3]) };
}

/**
 * Does `ss -Hln[p]` output show a socket on port that takes packets for address (held by pid,
 * when given)? Addresses are compared as values (`FD00:1::1` is `fd00:1::1`), and a wildcard
 * socket (`*`, `[::]`, `0.0.0.0`) takes them too: a stock config that listens everywhere is up,
 * and the checks then judge where it listens.
 */
export function listening(ssOutput: string, port: number, address?: string, pid?: number): boolean {
  return ssOutput.split('\n').some((line) => {
    const local = parseSsLocal(line.trim().split(/\s+/)[3] ?? '');
    if (!local || local.port !== port) return false;
    if (pid !== undefined && !line.includes(`pid=${pid},`)) return false;
    return address === undefined || takes(local.address, address);
  });
}

/** A socket bound to `bound` receives packets for `address`: the same address, or a wildcard of its family. */
function takes(bound: string, address: string): boolean {
  if (bound === '*') return true;
  if (bound === '::') return address.includes(':');
  if (bound === '0.0.0.0') return !address.includes(':');
  return sameAddress(bound, address.split('%')[0] ?? address);
}

function describeProbe(p: ReadinessProbe): string {
  if (p.kind === 'log') return `waiting for log line ${p.pattern}`;
  if (p.kind === 'command') return `waiting for \`${shellQuote(p.argv)}\` to print ${p.pattern}`;
  return `waiting for ${p.proto} ${p.address?.includes(':') ? `[${p.address}]` : (p.address ?? '*')}:${p.port} to listen`;
}
