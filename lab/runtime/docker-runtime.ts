// The docker runtime: every node is a container (network "none", NET_ADMIN/NET_RAW, /dev/net/tun,
// IPv6 switched on), labelled with the lab id and node name. Each container's network namespace
// is linked into /run/netns under the lab's usual name, so the links are wired by exactly the
// same code as the netns runtime. Commands and daemons run through Docker's exec API.
import { existsSync } from 'node:fs';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { constants } from 'node:os';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import Docker from 'dockerode';
import pLimit from 'p-limit';
import { EnvironmentError } from '../errors.js';
import type { Topology } from '../topology/types.js';
import { NODE_IMAGE } from './docker-images.js';
import { isDead, NO_RESOLVER, runCommand, RuntimeError } from './host-commands.js';
import { LabNodes, type LabRecordBase } from './lab-nodes.js';
import { removeLabDir } from './lab-state.js';
import type { ExecOptions, ExecResult, NodeProcess, ProcessExit, Runtime } from './runtime.js';
import { applyWiring } from './wiring.js';

export const LABEL_LAB = 'org.v6lab.lab';
export const LABEL_NODE = 'org.v6lab.node';

export function dockerEndpoint(): string {
  return process.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock';
}

/** A client for the engine DOCKER_HOST names (or the local socket), proven reachable. */
export async function connectDocker(): Promise<Docker> {
  const docker = new Docker();
  try {
    await docker.ping();
    return docker;
  } catch (e) {
    throw new EnvironmentError(
      `no Docker engine reachable at ${dockerEndpoint()} (${(e as Error).message}).\n` +
        'Start one (sealed: no bridge, no iptables rules in the root namespace):\n' +
        '  dockerd --bridge=none --iptables=false --ip6tables=false &\n' +
        'or point DOCKER_HOST at a running engine.',
    );
  }
}

/** Every container labelled as some lab's, with its lab id and name. */
export async function labContainers(docker: Docker): Promise<{ labId: string; name: string }[]> {
  const found = await docker.listContainers({ all: true, filters: { label: [LABEL_LAB] } });
  return found.map((c) => ({ labId: c.Labels[LABEL_LAB] ?? '', name: c.Names[0]?.replace(/^\//, '') ?? c.Id }));
}

/** Remove a docker lab's containers (found by label) and its /run/netns links. Idempotent. */
export async function removeDockerLab(docker: Docker, labId: string, namespaces: string[]): Promise<string[]> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${LABEL_LAB}=${labId}`] } });
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  await Promise.all(namespaces.map((ns) => rm(`/run/netns/${ns}`, { force: true })));
  return containers.map((c) => c.Names[0]?.replace(/^\//, '') ?? c.Id);
}

export class DockerRuntime extends LabNodes implements Runtime {
  readonly kind = 'docker' as const;
  readonly isolatedFilesystem = true;
  private readonly containers = new Map<string, Docker.Container>();
  /** Each container's init PID on this machine: commands enter its namespaces through it. */
  private readonly pids = new Map<string, number>();
  private readonly spawned = new Set<{ hostPid: number }>();

  constructor(
    private readonly docker: Docker,
    labId: string,
    record: LabRecordBase,
  ) {
    super(labId, record);
  }

  private container(node: string): Docker.Container {
    const c = this.containers.get(node);
    if (!c) throw new RuntimeError(`no container for node "${node}" in lab ${this.labId}`);
    return c;
  }

  async up(topology: Topology): Promise<void> {
    const plans = await this.planLab(topology);
    await mkdir('/run/netns', { recursive: true });
    await mkdir(this.stateDir, { recursive: true });
    const limit = pLimit(8);
    await Promise.all(plans.map((p) => limit(() => this.startContainer(p.node))));
    await applyWiring(plans, (node) => this.ns(node));
  }

  /** The node's resolv.conf, a host file bind-mounted over the container's /etc/resolv.conf. */
  private resolvConf(node: string): string {
    return join(this.stateDir, 'etc', node, 'resolv.conf');
  }

  private async startContainer(node: string): Promise<void> {
    // Never the machine's own resolver: a node without one of the lab's asks only itself.
    await mkdir(dirname(this.resolvConf(node)), { recursive: true });
    await writeFile(this.resolvConf(node), NO_RESOLVER);
    const c = await this.docker.createContainer({
      Image: NODE_IMAGE,
      name: this.ns(node),
      Hostname: node,
      Cmd: ['sleep', 'infinity'],
      Labels: { [LABEL_LAB]: this.labId, [LABEL_NODE]: node },
      HostConfig: {
        NetworkMode: 'none',
        Init: true, // reaps daemons' orphaned helpers
        CapAdd: ['NET_ADMIN', 'NET_RAW'],
        Devices: [{ PathOnHost: '/dev/net/tun', PathInContainer: '/dev/net/tun', CgroupPermissions: 'rwm' }],
        // Docker switches IPv6 off in containers with network "none".
        Sysctls: { 'net.ipv6.conf.all.disable_ipv6': '0', 'net.ipv6.conf.default.disable_ipv6': '0' },
        // Configs, logs and captures at the same path inside and out.
        Binds: [`${this.stateDir}:${this.stateDir}`, `${this.resolvConf(node)}:/etc/resolv.conf`],
        // The node's own name resolves locally, as on a Debian host (Squid looks itself up at
        // start; without this it waits on DNS timeouts).
        ExtraHosts: [`${node}:127.0.1.1`],
      },
    });
    this.containers.set(node, c);
    await c.start();
    const pid = (await c.inspect()).State.Pid;
    this.pids.set(node, pid);
    // Links are wired into the container's namespace through /proc: the engine must share this
    // machine's kernel (a remote DOCKER_HOST cannot be wired from here).
    if (!existsSync(`/proc/${pid}/ns/net`)) {
      throw new EnvironmentError(`the Docker engine at ${dockerEndpoint()} does not run on this machine (container PID ${pid} is not in /proc here); the docker runtime wires links into containers' namespaces and needs a local engine`);
    }
    // As containerlab does: name the container's netns, so `ip -n`/`ip netns exec` reach it.
    await symlink(`/proc/${pid}/ns/net`, `/run/netns/${this.ns(node)}`);
  }

  async exec(node: string, argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
    this.refuseWhenClosing(`running ${argv[0]}`, node);
    const started = performance.now();
    const timeoutMs = options.timeoutMs ?? 15_000;
    // `ip` and `ss` only read and change the node's network namespace: run from the host on the
    // linked netns they give the same answer, faster, and `ss -p` can name sockets of daemons
    // that dropped to another user (a container lacks CAP_SYS_PTRACE for that). Everything else
    // runs inside the container through the exec API.
    // `sysctl` on net.* keys is per network namespace too, and a container's /proc/sys is read-only.
    const netSysctl = argv[0] === 'sysctl' && argv.slice(1).every((a) => a.startsWith('-') || a.startsWith('net.'));
    if (argv[0] === 'ip' || argv[0] === 'ss' || netSysctl) {
      const args = argv[0] === 'ip' ? ['-n', this.ns(node), ...argv.slice(1)] : ['netns', 'exec', this.ns(node), ...argv];
      const r = await runCommand('ip', args, options.input, timeoutMs);
      return { node, argv, ...r, durationMs: Math.round(performance.now() - started) };
    }
    // Everything else enters the container's own namespaces (mount, UTS, IPC, network, PID) from
    // the host, with its root and working directory: the container's binaries and files, as the
    // exec API would give them, without an engine round trip per command (~30 ms each, measured).
    const pid = this.pids.get(node);
    if (pid !== undefined) {
      const r = await runCommand('nsenter', ['-t', String(pid), '-m', '-u', '-i', '-n', '-p', '-r', '-w', '--', ...argv], options.input, timeoutMs);
      return { node, argv, ...r, durationMs: Math.round(performance.now() - started) };
    }
    const ex = await this.container(node).exec({ Cmd: argv, AttachStdout: true, AttachStderr: true, AttachStdin: options.input !== undefined });
    const stream = await ex.start({ hijack: true, stdin: options.input !== undefined });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const stdout = new PassThrough().on('data', (d: Buffer) => out.push(d));
    const stderr = new PassThrough().on('data', (d: Buffer) => err.push(d));
    this.docker.modem.demuxStream(stream, stdout, stderr);
    // As on netns: a command that stops reading its input early is its result, not our crash.
    stream.on('error', () => {});
    if (options.input !== undefined) stream.end(options.input);
    const finished = new Promise<boolean>((resolve) => stream.on('end', () => resolve(true)).on('close', () => resolve(true)));
    const timedOut = !(await Promise.race([finished, sleep(timeoutMs).then(() => false)]));
    let info = await ex.inspect();
    if (timedOut && info.Pid) killHost(info.Pid, 'SIGKILL');
    for (let i = 0; info.Running && i < 50; i++) {
      await sleep(10);
      info = await ex.inspect();
    }
    return {
      node,
      argv,
      exitCode: timedOut ? 124 : (info.ExitCode ?? 128),
      stdout: Buffer.concat(out).toString('utf8'),
      stderr: Buffer.concat(err).toString('utf8'),
      durationMs: Math.round(performance.now() - started),
      timedOut,
    };
  }

  async spawn(node: string, argv: string[], logFile: string): Promise<NodeProcess> {
    this.refuseWhenClosing(`starting ${argv[0]}`, node);
    // Detached, with output into the (bind-mounted) log file: no stream ties the daemon to us,
    // so a kept lab's daemons live on after the lab process exits.
    const ex = await this.container(node).exec({ Cmd: ['sh', '-c', 'exec "$@" >>"$0" 2>&1', logFile, ...argv], AttachStdout: false, AttachStderr: false });
    await ex.start({ Detach: true });
    let info = await ex.inspect();
    for (let i = 0; !info.Pid && info.Running && i < 100; i++) {
      await sleep(5);
      info = await ex.inspect();
    }
    const hostPid = info.Pid;
    const handle = { hostPid };
    this.spawned.add(handle);
    let exit: ProcessExit | undefined;
    const exited = (async (): Promise<ProcessExit> => {
      while (!isDead(hostPid)) await sleep(25);
      let done = await ex.inspect().catch(() => undefined);
      for (let i = 0; done?.Running && i < 40; i++) {
        await sleep(25);
        done = await ex.inspect().catch(() => undefined);
      }
      const code = done?.ExitCode ?? null;
      // A shell-style exit code above 128 means "killed by signal code-128".
      const signal = code !== null && code > 128 ? (Object.entries(constants.signals).find(([, n]) => n === code - 128)?.[0] ?? null) : null;
      exit = signal ? { code: null, signal } : { code, signal: null };
      this.spawned.delete(handle);
      return exit;
    })();
    return {
      // The host's view, which is what `ss -p` (run from the host, see exec) shows.
      pid: hostPid,
      exited,
      get exit() {
        return exit;
      },
      kill: (signal) => {
        if (exit === undefined) killHost(hostPid, signal);
      },
    };
  }

  async setResolvConf(node: string, content: string): Promise<void> {
    // Written in place (not replaced): the bind mount follows the file's inode.
    await writeFile(this.resolvConf(node), content);
  }

  protected release(): void {
    // Daemons are detached execs writing to files: nothing holds them to this process.
  }

  async down(): Promise<void> {
    this.closing = true;
    for (const s of this.spawned) killHost(s.hostPid, 'SIGKILL');
    await removeDockerLab(this.docker, this.labId, [...this.names.values()]);
    this.names.clear();
    this.containers.clear();
    await removeLabDir(this.labId);
  }
}

function killHost(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}
