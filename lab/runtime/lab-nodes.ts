// What both runtimes share: the lab's id and state directory, each node's namespace name
// (v6l-<lab>-<node>), the record `down`/`gc` read, the commands and processes the lab runs, and
// the rule that nothing new starts once teardown has begun.
import type { ChildProcess } from 'node:child_process';
import { validateTopology } from '../topology/validate.js';
import type { Topology } from '../topology/types.js';
import { runCommand, type CommandResult } from './command-runner.js';
import { namespaceName, RuntimeError } from './host-commands.js';
import type { HostProcess } from './host-process.js';
import { labDir, writeLabRecord, type LabRecord } from './lab-state.js';
import type { ExecOptions, ExecResult, NodeProcess, RuntimeKind } from './runtime.js';
import { planWiring, type NodePlan } from './wiring-plan.js';

export type LabRecordBase = Omit<LabRecord, 'namespaces' | 'labId' | 'runtime'>;

export abstract class LabNodes {
  abstract readonly kind: RuntimeKind;
  readonly stateDir: string;
  protected readonly names = new Map<string, string>();
  /** Set when teardown starts: from then on nothing new may start in the lab. */
  protected closing = false;

  constructor(
    readonly labId: string,
    private readonly record: LabRecordBase,
  ) {
    this.stateDir = labDir(labId);
  }

  nodes(): string[] {
    return [...this.names.keys()];
  }

  /** The node's network namespace, as `ip netns list` names it. */
  protected ns(node: string): string {
    const ns = this.names.get(node);
    if (!ns) throw new RuntimeError(`no node "${node}" in lab ${this.labId} (nodes: ${this.nodes().join(', ')})`);
    return ns;
  }

  /** Validate, plan the wiring, name every node, and record the lab before anything is made. */
  protected async planLab(topology: Topology): Promise<NodePlan[]> {
    validateTopology(topology);
    const plans = planWiring(topology, (node) => namespaceName(this.labId, node));
    for (const p of plans) this.names.set(p.node, namespaceName(this.labId, p.node));
    // Recorded first, so that a crash half-way still leaves a record `gc` can act on.
    await writeLabRecord({ ...this.record, labId: this.labId, runtime: this.kind, namespaces: Object.fromEntries(this.names) });
    return plans;
  }

  /** Daemons and captures started in the lab (both runtimes start them from this machine). */
  private readonly spawned = new Set<NodeProcess>();
  private readonly launchers = new Set<ChildProcess>();

  /** Hold a started process until it exits; stop/down kill it by its PID. */
  protected track({ child, proc }: HostProcess): NodeProcess {
    this.launchers.add(child);
    this.spawned.add(proc);
    void proc.exited.then(() => this.spawned.delete(proc));
    return proc;
  }

  /** Commands running in the lab's nodes now, each with what stops it. */
  private readonly commands = new Map<AbortController, Promise<CommandResult>>();

  /**
   * Run `file args` from this machine on behalf of `argv` in `node` (see command-runner.ts), timed,
   * so that teardown can stop it. Each runtime says only how its nodes are entered.
   */
  protected async command(node: string, argv: string[], file: string, args: string[], options: ExecOptions): Promise<ExecResult> {
    const started = performance.now();
    const stop = new AbortController();
    const done = runCommand(file, args, options.input, options.timeoutMs ?? 15_000, stop.signal).finally(() => this.commands.delete(stop));
    this.commands.set(stop, done);
    return { node, argv, ...(await done), durationMs: Math.round(performance.now() - started) };
  }

  /**
   * Teardown's first step: stop the commands still running in the nodes (a host's rdisc6 mid-
   * deploy), SIGKILL what the lab started, and wait until each has exited — so that nothing is
   * left in a namespace when it is deleted.
   */
  protected async killStarted(): Promise<void> {
    for (const stop of this.commands.keys()) stop.abort();
    for (const p of this.spawned) p.kill('SIGKILL');
    await Promise.all([...this.commands.values(), ...[...this.spawned].map((p) => p.exited)]);
  }

  async keep(): Promise<void> {
    await writeLabRecord({ ...this.record, kept: true, labId: this.labId, runtime: this.kind, namespaces: Object.fromEntries(this.names) });
    // Stop holding the lab's processes to this one: they outlive it, detached, writing to files.
    for (const c of this.launchers) c.unref();
  }

  refuseWhenClosing(what: string, node: string): void {
    if (this.closing) throw new RuntimeError(`lab ${this.labId} is being torn down: not ${what} in ${node}`);
  }
}
