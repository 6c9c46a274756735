// The docker runtime's own concerns: the node image (through testcontainers), an unreachable
// engine, a missing image, teardown by label, and the sealed root namespace with dockerd running.
import { existsSync, readdirSync } from 'node:fs';
import { execa } from 'execa';
import { GenericContainer } from 'testcontainers';
import { afterAll, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../lab/env/requirements.js';
import { ensureNodeImage, NODE_IMAGE } from '../lab/runtime/docker-images.js';
import { connectDocker, LABEL_LAB } from '../lab/runtime/docker-runtime.js';
import { findLeftovers, NOTHING_LEFT } from './helpers/leftovers.js';
import { runMethod } from './helpers/run.js';
import { DOCKER_AVAILABLE, RUNTIMES } from './helpers/runtimes.js';
import { rootSnapshot } from './helpers/root-snapshot.js';
import { labUntil } from './helpers/cli.js';

const docker = RUNTIMES.find((r) => r.kind === 'docker')!;

describe('docker runtime: bad input', () => {
  it('engine unreachable → exit 3, naming DOCKER_HOST and how to start a sealed engine', async () => {
    const r = await execa('node', ['--import', 'tsx', 'lab/cli.ts', 'nat64', '--runtime', 'docker'], { reject: false, env: { DOCKER_HOST: 'unix:///run/v6lab-no-such-docker.sock', V6LAB_NO_INSTALL: '1' } });
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
    const r = await execa('node', ['--import', 'tsx', 'lab/cli.ts', 'nat64', '--runtime', 'podman'], { reject: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('unknown runtime "podman": use netns or docker');
  });
});

describe.skipIf(!DOCKER_AVAILABLE)(`docker runtime on a real engine${docker.skip ? ` (skipped: ${docker.skip})` : ''}`, () => {
  it('the node image carries every daemon (started and stopped with testcontainers)', async () => {
    const c = await new GenericContainer(NODE_IMAGE).withNetworkMode('none').withCommand(['sleep', 'infinity']).withLabels({ 'org.v6lab.test': 'image' }).start();
    try {
      const r = await c.exec(['sh', '-c', 'for b in dnsmasq unbound tayga jool nsd lighttpd squid danted tcpdump dig curl rdisc6 ip ss iptables; do command -v $b >/dev/null || echo missing $b; done; echo checked']);
      expect(r.output.trim()).toBe('checked');
    } finally {
      await c.stop();
    }
  });

  it('a run labels its containers, `docker ps` shows them, and teardown removes them all', async () => {
    const d = await connectDocker();
    let seen: string[] = [];
    const r = await runMethod('nat64', {
      runtime: 'docker',
      onEvent: (e) => {
        if (e.type === 'phase' && e.phase === 'checks' && e.state === 'start') {
          void d.listContainers({ filters: { label: [LABEL_LAB] } }).then((cs) => (seen = cs.map((c) => `${c.Labels['org.v6lab.node']}`).sort()));
        }
      },
    });
    expect(r.ok).toBe(true);
    expect(r.runtime).toBe('docker');
    expect(seen).toEqual(['gw', 'hosta', 'hostb', 'internet', 'sw-lan']);
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
  });

  it('SIGKILL of a docker lab process mid-check: `gc` removes its containers, links and state', async () => {
    const { proc } = await labUntil(['nat64', '--runtime', 'docker', '--fault', 'no-nat44'], /faults applied/);
    proc.kill('SIGKILL');
    await proc;
    expect((await findLeftovers()).containers.length).toBe(5);
    const gc = await execa('node', ['--import', 'tsx', 'lab/cli.ts', 'gc']);
    expect(gc.stdout).toMatch(/lab [0-9a-f]{6} \(nat64, owner pid \d+ gone\)/);
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
    expect(existsSync('/run/netns') ? readdirSync('/run/netns').filter((n) => n.startsWith('v6l-')) : []).toEqual([]);
  });

  it('the root namespace is unchanged by a docker run (dockerd runs with --bridge=none --iptables=false)', async () => {
    const before = await rootSnapshot();
    const r = await runMethod('proxy-socks', { runtime: 'docker' });
    expect(r.ok).toBe(true);
    expect(await rootSnapshot()).toBe(before);
  });
});

afterAll(async () => {
  expect(await findLeftovers()).toEqual(NOTHING_LEFT);
});
