// The docker runtime's own concerns: the node image (through testcontainers), an unreachable
// engine, a missing image, teardown by label, and the sealed root namespace with dockerd running.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { GenericContainer } from 'testcontainers';
import { afterAll, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../lab/errors.js';
import { findLeftovers, NOTHING_LEFT } from '../../lab/leftovers.js';
import { boundingSet, capabilityNames } from '../../lab/runtime/capabilities.js';
import { connectDocker, DockerRuntime } from '../../lab/runtime/docker-runtime.js';
import { newLabId } from '../../lab/runtime/lab-state.js';
import { ensureNodeImage, nodeImageRef } from '../../lab/runtime/docker-images.js';
import { dockerDriver } from '../../lab/runtime/docker-driver.js';
import { RELEASE_NAMES } from '../../lab/env/release.js';
import { nodeImageSpec } from '../../lab/services/registry.js';
import { pidsInNamespaces } from '../../lab/runtime/host-commands.js';
import { everyRequirement } from '../../lab/scenario.js';
import { SCENARIOS } from '../../scenarios/index.js';
import { labCli, labUntil } from '../helpers/cli.js';
import { RUNTIMES } from '../helpers/runtimes.js';
import { sharedRun } from '../helpers/shared-runs.js';

const docker = RUNTIMES.find((r) => r.kind === 'docker')!;
const DOCKER_AVAILABLE = docker.skip === undefined;

describe('docker runtime: bad input', () => {
  it('engine unreachable → exit 3, naming DOCKER_HOST and how to start a sealed engine', async () => {
    const r = await labCli(['nat64', '--runtime', 'docker', '--no-install'], { env: { DOCKER_HOST: 'unix:///run/v6lab-no-such-docker.sock' } });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('no Docker engine reachable at unix:///run/v6lab-no-such-docker.sock');
    expect(r.stderr).toContain('dockerd --bridge=none --iptables=false --ip6tables=false');
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
  });

  it('image missing with --no-build → EnvironmentError with the exact build command', async () => {
    const noImage = { getImage: () => ({ inspect: () => Promise.reject(new Error('No such image')) }) } as unknown as Parameters<typeof ensureNodeImage>[0];
    const spec = nodeImageSpec('trixie');
    await expect(ensureNodeImage(noImage, spec, { build: false, log: () => {} })).rejects.toThrow(EnvironmentError);
    await expect(ensureNodeImage(noImage, spec, { build: false, log: () => {} })).rejects.toThrow(`the docker image ${nodeImageRef(spec)} (Debian 13 (trixie)) is not built. Build it with:\n  npm run images -- --release trixie`);
  });

  it('an unknown runtime → exit 2', async () => {
    const r = await labCli(['nat64', '--runtime', 'podman']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('unknown runtime "podman": use netns or docker');
  });
});

describe.skipIf(!DOCKER_AVAILABLE)(`docker runtime on a real engine${docker.skip ? ` (skipped: ${docker.skip})` : ''}`, () => {
  it.each(RELEASE_NAMES)('the %s node image carries every program of every method and role implementation that its release packages (started and stopped with testcontainers)', async (release) => {
    const programs = [...new Set(everyRequirement(Object.values(SCENARIOS), release).packaged.map((r) => r.binary))];
    expect(programs.length).toBeGreaterThan(20);
    const c = await new GenericContainer(nodeImageRef(nodeImageSpec(release))).withNetworkMode('none').withCommand(['sleep', 'infinity']).withLabels({ 'org.v6lab.test': 'image' }).start();
    try {
      const r = await c.exec(['sh', '-c', `for b in ${programs.join(' ')}; do command -v $b >/dev/null || echo missing $b; done; echo checked`]);
      expect(r.output.trim()).toBe('checked');
    } finally {
      await c.stop();
    }
  });

  it('a run labels its containers, the engine lists them while it runs, and teardown removes them all', async () => {
    const { report, runtimeObjects } = await sharedRun('nat64', { runtime: 'docker' });
    expect(report.ok).toBe(true);
    expect(report.runtime).toBe('docker');
    const nodes = runtimeObjects.map((o) => o.replace(/^container v6l-[0-9a-f]{6}-/, '')).sort();
    expect(nodes).toEqual(['gw', 'hosta', 'hostb', 'internet', 'sw-lan']);
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
  });

  it("a daemon and a command run in a container get the container's capability bounding set (as `docker exec` gives), not the host's", async () => {
    const release = dockerDriver.release()!;
    const node = { image: nodeImageRef(nodeImageSpec(release)), release };
    const runtime = new DockerRuntime(await connectDocker(), await newLabId(), { method: 'test', createdAt: new Date().toISOString(), ownerPid: process.pid, kept: false }, node);
    try {
      await runtime.up({ nodes: [{ name: 'box', role: 'host', interfaces: { eth0: { addresses: [{ cidr: '192.0.2.9/24' }] } } }, { name: 'peer', role: 'host', interfaces: { eth0: { addresses: [{ cidr: '192.0.2.1/24' }] } } }], links: [{ ends: ['box:eth0', 'peer:eth0'] }], segments: [] });
      const daemon = await runtime.spawn('box', ['sleep', '30'], `${runtime.stateDir}/sleep.log`);
      const command = await runtime.exec('box', ['grep', 'CapBnd', '/proc/self/status']);
      const inBox = await Promise.all((await pidsInNamespaces(['v6l-' + runtime.labId + '-box'])).map(async (pid) => ({ pid, comm: readFileSync(`/proc/${pid}/comm`, 'utf8').trim() })));
      const init = inBox.find((p) => p.comm === 'docker-init');
      expect(init, JSON.stringify(inBox)).toBeDefined();
      const containerSet = await boundingSet(init!.pid);
      expect(containerSet).toEqual(expect.arrayContaining(['net_admin', 'net_raw']));
      expect(containerSet).not.toContain('sys_admin');
      expect(await boundingSet(daemon.pid)).toEqual(containerSet);
      expect(capabilityNames(/CapBnd:\s*([0-9a-f]+)/.exec(command.stdout)?.[1] ?? '0')).toEqual(containerSet);
    } finally {
      await runtime.down();
    }
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
  });

  it('SIGKILL of a docker lab process mid-check: `gc` removes its containers, links and state', async () => {
    const { proc } = await labUntil(['nat64', '--runtime', 'docker', '--fault', 'no-nat44'], /faults applied/);
    proc.kill('SIGKILL');
    await proc;
    expect((await findLeftovers()).runtimeObjects.length).toBe(5);
    const gc = await labCli(['gc']);
    expect(gc.stdout).toMatch(/lab [0-9a-f]{6} \(nat64, owner pid \d+ gone\)/);
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
    expect(existsSync('/run/netns') ? readdirSync('/run/netns').filter((n) => n.startsWith('v6l-')) : []).toEqual([]);
  });

  it('the root namespace is unchanged by a docker run (dockerd runs with --bridge=none --iptables=false)', async () => {
    const { report, root } = await sharedRun('proxy-http', { runtime: 'docker' });
    expect(report.ok).toBe(true);
    expect(root.during).not.toBe('');
    expect(root.during).toBe(root.before);
    expect(root.after).toBe(root.before);
  });
});

afterAll(async () => {
  expect(await findLeftovers()).toEqual(NOTHING_LEFT);
});
