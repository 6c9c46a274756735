// The default runtime: every node is a named network namespace on this machine, daemons are
// the host's Debian binaries started with `ip netns exec` (which execs, so the PID we hold is
// the daemon's own). Nothing is ever created in the root namespace.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { hostRelease, releaseLabel } from '../env/release.js';
import { tool } from '../env/tools.js';
import { UsageError } from '../errors.js';
import type { Topology } from '../topology/types.js';
import type { RuntimeDriver } from './driver.js';
import { destroyNamespaces, NO_RESOLVER, RuntimeError } from './host-commands.js';
import { LabNodes } from './lab-nodes.js';
import { hostOneShot } from './one-shot.js';
import { removeLabDir } from './lab-state.js';
import { startCommandRunner } from './command-runner.js';
import { startHostProcess } from './host-process.js';
import type { ExecOptions, ExecResult, NodeProcess, Runtime } from './runtime.js';
import { applyWiring } from './wiring.js';

/** On netns every daemon runs from the host's own packages, and `ip` makes the nodes. */
export const netnsDriver: RuntimeDriver = {
  kind: 'netns',
  description: 'every node a network namespace on this machine; daemons from the host\'s packages',
  hostRequirements: (nodePrograms) => [tool('ip'), ...nodePrograms],
  release(asked) {
    const host = hostRelease();
    if (asked && asked !== host) {
      throw new UsageError(`the netns runtime runs this machine's daemons (${host ? releaseLabel(host) : 'not a Debian release the lab knows'}): for ${releaseLabel(asked)}'s, use its node images with --runtime docker --release ${asked}`);
    }
    return host;
  },
  unavailable: async () => undefined,
  open: async () => ({ make: (labId, record) => new NetnsRuntime(labId, record), oneShot: hostOneShot }),
  enterArgv: (record, node, cmd) => ['ip', 'netns', 'exec', record.namespaces[node] ?? node, ...cmd],
  // Namespaces and the state directory are every runtime's, removed by the caller.
  removeLab: async () => undefined,
  collectStray: async () => [],
  leftovers: async () => [],
};

export class NetnsRuntime extends LabNodes implements Runtime {
  readonly kind = 'netns' as const;
  readonly isolatedFilesystem = false;
  readonly release = hostRelease();

  async up(topology: Topology): Promise<void> {
    startCommandRunner();
    const plans = await this.planLab(topology);
    await this.ipRoot(['-batch', '-'], plans.map((p) => `netns add ${this.ns(p.node)}`).join('\n'));
    // Never the machine's own resolver: a node without one of the lab's asks only itself.
    await Promise.all(plans.map((p) => this.setResolvConf(p.node, NO_RESOLVER)));
    await applyWiring(plans, (node) => this.ns(node));
  }

  async exec(node: string, argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
    this.refuseWhenClosing(`running ${argv[0]}`, node);
    // `ip -n NS …` only enters the network namespace; `ip netns exec` also builds a mount
    // namespace and remounts /sys. Same answer for `ip` itself, and cheaper when checks run
    // hundreds of commands (128 hosts); they are forked by a small helper (see command-runner.ts).
    const command = argv[0] === 'ip' ? ['-n', this.ns(node), ...argv.slice(1)] : ['netns', 'exec', this.ns(node), ...argv];
    return this.command(node, argv, 'ip', command, options);
  }

  async spawn(node: string, argv: string[], logFile: string): Promise<NodeProcess> {
    // A deploy still running when a signal starts teardown must not start daemons behind it.
    this.refuseWhenClosing(`starting ${argv[0]}`, node);
    return this.track(await startHostProcess('ip', ['netns', 'exec', this.ns(node), ...argv], logFile));
  }

  async setResolvConf(node: string, content: string): Promise<void> {
    // `ip netns exec` bind-mounts /etc/netns/<ns>/resolv.conf over /etc/resolv.conf.
    const dir = join('/etc/netns', this.ns(node));
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'resolv.conf'), content);
  }

  async down(): Promise<void> {
    this.closing = true;
    await this.killStarted();
    await destroyNamespaces([...this.names.values()]);
    this.names.clear();
    await removeLabDir(this.labId);
  }

  private async ipRoot(argv: string[], input: string): Promise<void> {
    // Only `netns add`/`netns del` run outside a namespace: they name namespaces, not interfaces.
    const r = await execa('ip', argv, { input, reject: false });
    if (r.exitCode !== 0) throw new RuntimeError(`\`ip ${argv.join(' ')}\` failed: ${String(r.stderr).trim()}`);
  }
}

