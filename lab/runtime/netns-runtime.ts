// The default runtime: every node is a named network namespace on this machine, daemons are
// the host's Debian binaries started with `ip netns exec` (which execs, so the PID we hold is
// the daemon's own). Nothing is ever created in the root namespace.
import { execFile, spawn as spawnChild, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import pLimit from 'p-limit';
import { validateTopology } from '../topology/validate.js';
import type { Topology } from '../topology/types.js';
import { labDir, NS_PREFIX, removeLabDir, writeLabRecord, type LabRecord } from './lab-state.js';
import { shellQuote, type ExecOptions, type ExecResult, type NodeProcess, type ProcessExit, type Runtime } from './runtime.js';
import { planWiring } from './wiring-plan.js';

export class RuntimeError extends Error {
  constructor(message: string, readonly result?: ExecResult) {
    super(message);
    this.name = 'RuntimeError';
  }
}

/** How many `ip` processes run at once while wiring: enough to overlap, few enough for 2 cores. */
const WIRING_CONCURRENCY = 16;

export function namespaceName(labId: string, node: string): string {
  return `${NS_PREFIX}${labId}-${node}`;
}

export class NetnsRuntime implements Runtime {
  readonly kind = 'netns' as const;
  readonly stateDir: string;
  private readonly namespaces = new Map<string, string>();
  private readonly spawned = new Set<NodeProcess>();
  private readonly children = new Set<ChildProcess>();
  /** Set when teardown starts: from then on nothing new may start in the lab. */
  private closing = false;

  constructor(
    readonly labId: string,
    private readonly record: Omit<LabRecord, 'namespaces' | 'labId' | 'runtime'>,
  ) {
    this.stateDir = labDir(labId);
  }

  nodes(): string[] {
    return [...this.namespaces.keys()];
  }

  ns(node: string): string {
    const ns = this.namespaces.get(node);
    if (!ns) throw new RuntimeError(`no node "${node}" in lab ${this.labId} (nodes: ${this.nodes().join(', ')})`);
    return ns;
  }

  async up(topology: Topology): Promise<void> {
    validateTopology(topology);
    const plans = planWiring(topology, (node) => namespaceName(this.labId, node));
    for (const p of plans) this.namespaces.set(p.node, namespaceName(this.labId, p.node));
    // Record before creating, so that a crash half-way still leaves a record `gc` can act on.
    await writeLabRecord({ ...this.record, labId: this.labId, runtime: this.kind, namespaces: Object.fromEntries(this.namespaces) });

    await this.ipRoot(['-batch', '-'], plans.map((p) => `netns add ${this.ns(p.node)}`).join('\n'));
    // Never the machine's own resolver: a node without one of the lab's asks only itself.
    await Promise.all(plans.map((p) => this.setResolvConf(p.node, '# v6lab: no resolver on this node until the lab sets one\nnameserver 127.0.0.1\n')));
    const limit = pLimit(WIRING_CONCURRENCY);
    const inEach = (step: (p: (typeof plans)[number]) => Promise<unknown>): Promise<unknown[]> =>
      Promise.all(plans.map((p) => limit(() => step(p))));

    await inEach(async (p) => {
      if (p.earlySysctls.length > 0) await this.mustExec(p.node, ['sysctl', '-q', '-w', ...p.earlySysctls]);
    });
    await inEach(async (p) => {
      if (p.create.length > 0) await this.ipIn(p.node, p.create);
    });
    await inEach(async (p) => {
      // Interface sysctls before the links come up (e.g. disable_ipv6 before any DAD or MLD is sent).
      if (p.lateSysctls.length > 0) await this.mustExec(p.node, ['sysctl', '-q', '-w', ...p.lateSysctls]);
      await this.ipIn(p.node, p.configure);
    });
  }

  async exec(node: string, argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
    if (this.closing) throw new RuntimeError(`lab ${this.labId} is being torn down: not running ${argv[0]} in ${node}`);
    // `ip -n NS …` only enters the network namespace; `ip netns exec` also builds a mount
    // namespace and remounts /sys. Same answer for `ip` itself, and cheaper when checks run
    // hundreds of commands (128 hosts): node's execFile, not execa, for the same reason.
    const command = argv[0] === 'ip' ? ['-n', this.ns(node), ...argv.slice(1)] : ['netns', 'exec', this.ns(node), ...argv];
    const started = performance.now();
    const r = await runCommand('ip', command, options.input, options.timeoutMs ?? 15_000);
    return { node, argv, ...r, durationMs: Math.round(performance.now() - started) };
  }

  spawn(node: string, argv: string[], logFile: string): NodeProcess {
    // A deploy still running when a signal starts teardown must not start daemons behind it.
    if (this.closing) throw new RuntimeError(`lab ${this.labId} is being torn down: not starting ${argv[0]} in ${node}`);
    const fd = openSync(logFile, 'a');
    // detached: the daemon is not in our process group, so a terminal's Ctrl-C reaches only us
    // and we tear down in order; it is still ours, by PID, and always killed by stop/down.
    const child = spawnChild('ip', ['netns', 'exec', this.ns(node), ...argv], { stdio: ['ignore', fd, fd], detached: true });
    closeSync(fd);
    this.children.add(child);
    let exit: ProcessExit | undefined;
    const exited = new Promise<ProcessExit>((resolve) => {
      child.once('exit', (code, signal) => {
        exit = { code, signal };
        resolve(exit);
      });
      child.once('error', () => {
        exit = { code: 127, signal: null };
        resolve(exit);
      });
    });
    const proc: NodeProcess = {
      pid: child.pid ?? -1,
      exited,
      get exit() {
        return exit;
      },
      kill: (signal) => {
        if (exit === undefined) child.kill(signal);
      },
    };
    this.spawned.add(proc);
    void exited.then(() => this.spawned.delete(proc));
    return proc;
  }

  async setResolvConf(node: string, content: string): Promise<void> {
    // `ip netns exec` bind-mounts /etc/netns/<ns>/resolv.conf over /etc/resolv.conf.
    const dir = join('/etc/netns', this.ns(node));
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'resolv.conf'), content);
  }

  release(): void {
    for (const c of this.children) c.unref();
  }

  async down(): Promise<void> {
    this.closing = true;
    for (const p of this.spawned) p.kill('SIGKILL');
    await Promise.all([...this.spawned].map((p) => p.exited));
    await destroyNamespaces([...this.namespaces.values()]);
    this.namespaces.clear();
    await removeLabDir(this.labId);
  }

  private async mustExec(node: string, argv: string[], input?: string): Promise<ExecResult> {
    const r = await this.exec(node, argv, { input });
    if (r.exitCode !== 0) {
      throw new RuntimeError(`in ${node}: \`${shellQuote(argv)}\` failed (exit ${r.exitCode}): ${r.stderr.trim() || r.stdout.trim()}`, r);
    }
    return r;
  }

  private async ipIn(node: string, lines: string[]): Promise<void> {
    await this.mustExec(node, ['ip', '-batch', '-'], lines.join('\n') + '\n');
  }

  private async ipRoot(argv: string[], input: string): Promise<void> {
    // Only `netns add`/`netns del` run outside a namespace: they name namespaces, not interfaces.
    const r = await execa('ip', argv, { input, reject: false });
    if (r.exitCode !== 0) throw new RuntimeError(`\`ip ${argv.join(' ')}\` failed: ${String(r.stderr).trim()}`);
  }
}

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
function runCommand(file: string, args: string[], input: string | undefined, timeoutMs: number): Promise<{ exitCode: number; stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      const e = error as (Omit<NodeJS.ErrnoException, 'code'> & { killed?: boolean; signal?: string | null; code?: number | string }) | null;
      const timedOut = !!e?.killed && e.signal === 'SIGKILL';
      const exitCode = e === null ? 0 : typeof e.code === 'number' ? e.code : timedOut ? 124 : e.code === 'ENOENT' ? 127 : 128;
      resolve({ exitCode, stdout, stderr: stderr || (e && typeof e.code === 'string' ? e.message : ''), timedOut });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}
