// The docker runtime's own concerns: the node image (through testcontainers), an unreachable
// engine, a missing image, teardown by label, and the sealed root namespace with dockerd running.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { GenericContainer } from 'testcontainers';
import { afterAll, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../lab/errors.js';
import { findLeftovers, NOTHING_LEFT } from '../../lab/leftovers.js';
import { boundingSet } from '../../lab/runtime/capabilities.js';
import { ensureNodeImage, NODE_IMAGE } from '../../lab/runtime/docker-images.js';
import { pidsInNamespaces } from '../../lab/runtime/host-commands.js';
import { allRoleRequirements, scenarioRequirements } from '../../lab/scenario.js';
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
    await expect(ensureNodeImage(noImage, { build: false, log: () => {} })).rejects.toThrow(EnvironmentError);
    await expect(ensureNodeImage(noImage, { build: false, log: () => {} })).rejects.toThrow(`the docker image ${NODE_IMAGE} is not built. Build it with:\n  npm run images`);
  });

  it('an unknown runtime → exit 2', async () => {
    const r = await labCli(['nat64', '--runtime', 'podman']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('unknown runtime "podman": use netns or docker');
  });
});

describe.skipIf(!DOCKER_AVAILABLE)(`docker runtime on a real engine${docker.skip ? ` (skipped: ${docker.skip})` : ''}`, () => {
  it('the node image carries every program of every method and role implementation (started and stopped with testcontainers)', async () => {
    const programs = [...new Set([...Object.values(SCENARIOS).flatMap((s) => scenarioRequirements(s)), ...allRoleRequirements()].map((r) => r.binary))];
    const c = await new GenericContainer(NODE_IMAGE).withNetworkMode('none').withCommand(['sleep', 'infinity']).withLabels({ 'org.v6lab.test': 'image' }).start();
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

  it("a daemon started in a container has the container's capability bounding set (as `docker exec` gives), not the host's", async () => {
    const up = await labCli(['nat64', '--runtime', 'docker', '--keep', '--quiet', '--no-install']);
    try {
      expect(up.exitCode, up.stderr).toBe(0);
      const gw = readdirSync('/run/netns').find((n) => /^v6l-[0-9a-f]{6}-gw$/.test(n));
      const inGw = await Promise.all((await pidsInNamespaces([gw ?? 'none'])).map(async (pid) => ({ pid, comm: readFileSync(`/proc/${pid}/comm`, 'utf8').trim() })));
      const init = inGw.find((p) => p.comm === 'docker-init');
      const daemons = inGw.filter((p) => p.comm === 'dnsmasq');
      expect(init, JSON.stringify(inGw)).toBeDefined();
      expect(daemons.length).toBe(1);
      const containerSet = await boundingSet(init!.pid);
      expect(containerSet).toEqual(expect.arrayContaining(['net_admin', 'net_raw']));
      expect(containerSet).not.toContain('sys_admin');
      expect(await boundingSet(daemons[0]!.pid)).toEqual(containerSet);
    } finally {
      await labCli(['down']);
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
    const { report, root } = await sharedRun('proxy-socks', { runtime: 'docker' });
    expect(report.ok).toBe(true);
    expect(root.during).not.toBe('');
    expect(root.during).toBe(root.before);
    expect(root.after).toBe(root.before);
  });
});

afterAll(async () => {
  expect(await findLeftovers()).toEqual(NOTHING_LEFT);
});
