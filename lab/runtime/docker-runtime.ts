// The docker runtime: every node is a container (network "none", NET_ADMIN/NET_RAW, /dev/net/tun,
// IPv6 switched on), labelled with the lab id and node name. Each container's network namespace
// is linked into /run/netns under the lab's usual name, so the links are wired by exactly the
// same code as the netns runtime. Commands and daemons enter the container with nsenter.
import { existsSync } from 'node:fs';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import Docker from 'dockerode';
import pLimit from 'p-limit';
import { EnvironmentError } from '../errors.js';
import type { Topology } from '../topology/types.js';
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import type { Release } from '../env/release.js';
import { asResult, interfaceSetup, type OneShot } from './one-shot.js';
import { NO_RESOLVER, RuntimeError } from './host-commands.js';
import { LabNodes, type LabRecordBase } from './lab-nodes.js';
import { removeLabDir } from './lab-state.js';
import { boundingSet, withBoundingSet } from './capabilities.js';
import { startCommandRunner } from './command-runner.js';
import { startHostProcess } from './host-process.js';
import type { ExecOptions, ExecResult, NodeProcess, Runtime } from './runtime.js';
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

/**
 * One-shot commands in a throwaway container of the node image (removed after): the image's
 * programs, the same sysctls and capabilities as a node, the directory bind-mounted at its path,
 * labelled like a lab's container so `gc` finds it if this process dies first.
 */
export function containerOneShot(image: string): OneShot {
  return async (r) => {
    const script = [...interfaceSetup(r.interfaces), 'exec "$@"'].join(' && ');
    const argv = ['run', '--rm', '--network', 'none', '--cap-add', 'NET_ADMIN', '--sysctl', 'net.ipv6.conf.all.disable_ipv6=0', '--sysctl', 'net.ipv6.conf.default.disable_ipv6=0'];
    argv.push('--label', `${LABEL_LAB}=check-${randomBytes(3).toString('hex')}`, '-v', `${r.dir}:${r.dir}`, image, 'sh', '-c', script, 'check', ...r.argv);
    return asResult(await execa('docker', argv, { reject: false, timeout: 30_000 }));
  };
}

export class DockerRuntime extends LabNodes implements Runtime {
  readonly kind = 'docker' as const;
  readonly isolatedFilesystem = true;
  /** Each container's init PID on this machine: commands enter its namespaces through it. */
  private readonly pids = new Map<string, number>();
  /** Each container's capability bounding set (its init's), given to the daemons started in it. */
  private readonly capabilities = new Map<string, string[]>();

  readonly release: Release;
  private readonly image: string;

  constructor(
    private readonly docker: Docker,
    labId: string,
    record: LabRecordBase,
    node: { image: string; release: Release },
  ) {
    super(labId, record);
    this.image = node.image;
    this.release = node.release;
  }

  async up(topology: Topology): Promise<void> {
    startCommandRunner();
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
      Image: this.image,
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
    await c.start();
    const pid = (await c.inspect()).State.Pid;
    this.pids.set(node, pid);
    this.capabilities.set(node, await boundingSet(pid));
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
    // `ip` and `ss` only read and change the node's network namespace: run from the host on the
    // linked netns they give the same answer, faster, and `ss -p` can name sockets of daemons
    // that dropped to another user (a container lacks CAP_SYS_PTRACE for that). Everything else
    // enters the container (see enter).
    // `sysctl` on net.* keys is per network namespace too, and a container's /proc/sys is read-only.
    const netSysctl = argv[0] === 'sysctl' && argv.slice(1).every((a) => a.startsWith('-') || a.startsWith('net.'));
    if (argv[0] === 'ip' || argv[0] === 'ss' || netSysctl) {
      const args = argv[0] === 'ip' ? ['-n', this.ns(node), ...argv.slice(1)] : ['netns', 'exec', this.ns(node), ...argv];
      return this.command(node, argv, 'ip', args, options);
    }
    return this.command(node, argv, 'nsenter', this.enter(node, argv), options);
  }

  async spawn(node: string, argv: string[], logFile: string): Promise<NodeProcess> {
    this.refuseWhenClosing(`starting ${argv[0]}`, node);
    // Entered like a command, not through the engine's exec API: that took three round trips per
    // daemon, serialized per container (nat64-clat's CLATs, measured). nsenter forks the daemon
    // into the container's PID namespace; the handle holds that child.
    return this.track(await startHostProcess('nsenter', this.enter(node, argv), logFile, true));
  }

  /**
   * nsenter's arguments to run argv in the node's container as `docker exec` would: its mount,
   * UTS, IPC, network and PID namespaces, its root and working directory (its binaries and files),
   * and — through setpriv — its capability bounding set; not its seccomp profile or cgroup. No
   * engine round trip per command (~30 ms each through the exec API, measured).
   */
  private enter(node: string, argv: string[]): string[] {
    const pid = this.pids.get(node);
    const caps = this.capabilities.get(node);
    if (pid === undefined || caps === undefined) throw new RuntimeError(`no container for node "${node}" in lab ${this.labId}`);
    return ['-t', String(pid), '-m', '-u', '-i', '-n', '-p', '-r', '-w', '--', ...withBoundingSet(caps, argv)];
  }

  async setResolvConf(node: string, content: string): Promise<void> {
    // Written in place (not replaced): the bind mount follows the file's inode.
    await writeFile(this.resolvConf(node), content);
  }

  async down(): Promise<void> {
    this.closing = true;
    await this.killStarted();
    await removeDockerLab(this.docker, this.labId, [...this.names.values()]);
    this.names.clear();
    await removeLabDir(this.labId);
  }
}
