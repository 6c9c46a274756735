// The registries are the single source of what the lab runs: the docker image, the packages a
// run needs, the corrected configs shipped for users and the CI workflow all follow from them.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Lab } from '../../lab/lab.js';
import { RUNTIME_KINDS, runtimeDriver } from '../../lab/runtime/registry.js';
import type { Runtime } from '../../lab/runtime/runtime.js';
import { everyRequirement, scenarioRequirements, unpackagedProblems } from '../../lab/scenario.js';
import { lighttpd, lighttpdService } from '../../lab/services/lighttpd.js';
import type { DaemonSpec } from '../../lab/services/daemon-spec.js';
import { DAEMONS, labProcessNames, nodeImagePackages, nodeImageSpec } from '../../lab/services/registry.js';
import { RELEASE_NAMES } from '../../lab/env/release.js';
import { nodeImageRef } from '../../lab/runtime/docker-images.js';
import { GUIDE_PLAN } from '../../scenarios/common/address-plan.js';
import { SCENARIOS } from '../../scenarios/index.js';
import type { Nat64Fault } from '../../scenarios/nat64/faults.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');


describe('the daemon registry', () => {
  it.each(RELEASE_NAMES)('the %s node image holds exactly the packages every method and role implementation runs that the release packages (plus procps for sysctl in a node)', (release) => {
    const needed = everyRequirement(Object.values(SCENARIOS), release).packaged.map((r) => r.package);
    expect(nodeImagePackages(release)).toEqual([...new Set([...needed, 'procps'])].sort());
  });

  it("Debian 13 packages no Dante: its node image lacks dante-server, Debian 12's has it, and the images' names differ", () => {
    expect(nodeImagePackages('bookworm')).toContain('dante-server');
    expect(nodeImagePackages('trixie')).not.toContain('dante-server');
    expect(nodeImagePackages('trixie')).toContain('microsocks');
    expect(nodeImageRef(nodeImageSpec('trixie'))).toMatch(/^v6lab\/node:trixie-[0-9a-f]{12}$/);
    expect(nodeImageRef(nodeImageSpec('bookworm'))).not.toBe(nodeImageRef({ ...nodeImageSpec('bookworm'), packages: [...nodeImagePackages('bookworm'), 'clatd'] }));
  });

  it("each scenario's requirements name its daemons' packages and checkers", () => {
    const nat64 = scenarioRequirements(SCENARIOS['nat64']!);
    expect(nat64).toEqual(expect.arrayContaining([
      { binary: DAEMONS.unbound.binary, package: 'unbound' },
      { binary: 'unbound-checkconf', package: 'unbound' },
      { binary: DAEMONS.dnsmasq.binary, package: 'dnsmasq-base' },
      { binary: 'tcpdump', package: 'tcpdump' },
    ]));
    expect(scenarioRequirements(SCENARIOS['proxy-socks']!)).toContainEqual({ binary: DAEMONS.dante.binary, package: 'dante-server', releases: ['bookworm'] });
    // The wiring sets sysctls in every node: procps is not in a minimal Debian (a fresh Debian 13 root lacked it).
    for (const sc of Object.values(SCENARIOS)) expect(scenarioRequirements(sc), sc.name).toContainEqual({ binary: 'sysctl', package: 'procps' });
  });

  it("a leak check looks for every daemon, its children and the lab's long-running tools", () => {
    expect(labProcessNames()).toEqual(expect.arrayContaining([...Object.values(DAEMONS).map((d) => d.binary), 'pinger', 'tcpdump', 'rdisc6']));
  });

  it('a scenario cannot deploy a daemon it did not declare (its packages were never checked)', async () => {
    const runtime = { stateDir: '/nonexistent' } as Runtime;
    const lab = new Lab({ runtime, method: 'test', faults: new Set(), hosts: 1, plan: GUIDE_PLAN, declared: new Set() });
    await expect(lab.deploy([lighttpdService({ node: 'web', dir: '/nonexistent', port: 80, pages: {} })])).rejects.toThrow(
      'scenario test deploys lighttpd without declaring it in its daemons',
    );
    // Declared, the same service passes the gate (and fails further on, on this lab that is never up).
    const declared = new Lab({ runtime, method: 'test', faults: new Set(), hosts: 1, plan: GUIDE_PLAN, declared: new Set<DaemonSpec>([lighttpd]) });
    await expect(declared.deploy([lighttpdService({ node: 'web', dir: '/nonexistent', port: 80, pages: {} })])).rejects.not.toThrow(/without declaring/);
  });

  it('fault names are typed per scenario: a misspelt one does not compile', () => {
    const lab = new Lab<Nat64Fault>({ runtime: { stateDir: '/nonexistent' } as Runtime, method: 'nat64', faults: new Set(['no-ra']), hosts: 1, plan: GUIDE_PLAN, declared: new Set() });
    expect(lab.faults.has('no-ra')).toBe(true);
    // @ts-expect-error — "no-nat4" is not a nat64 fault; `npm run typecheck` (in .ci/run) fails if this compiles.
    expect(lab.faults.has('no-nat4')).toBe(false);
  });
});

describe('the runtime registry', () => {
  it('names every runtime, and refuses an unknown one with the valid names', () => {
    expect(RUNTIME_KINDS).toEqual(['netns', 'docker']);
    for (const k of RUNTIME_KINDS) expect(runtimeDriver(k).kind).toBe(k);
    expect(() => runtimeDriver('podman')).toThrow('unknown runtime "podman": use netns or docker');
  });

  it('each runtime says how a person enters a node of a kept lab', () => {
    const record = { labId: 'abc123', runtime: 'netns', method: 'nat64', namespaces: { hosta: 'v6l-abc123-hosta' }, createdAt: '', ownerPid: 1, kept: true };
    expect(runtimeDriver('netns').enterArgv(record, 'hosta', ['ip', 'a'], false)).toEqual(['ip', 'netns', 'exec', 'v6l-abc123-hosta', 'ip', 'a']);
    expect(runtimeDriver('docker').enterArgv(record, 'hosta', ['bash'], true)).toEqual(['docker', 'exec', '-it', 'v6l-abc123-hosta', 'bash']);
  });

  it('the docker runtime needs only ip, ss and sysctl on the host; netns needs what the nodes run', () => {
    const nodes = scenarioRequirements(SCENARIOS['nat64']!);
    expect(runtimeDriver('docker').hostRequirements(nodes).map((r) => r.binary)).toEqual(['ip', 'ss', 'sysctl']);
    expect(runtimeDriver('netns').hostRequirements(nodes)).toEqual(expect.arrayContaining(nodes));
  });
});

describe('what scenarios ship and CI runs', () => {
  const shipped = Object.values(SCENARIOS).flatMap((s) => Object.entries(s.shippedConfigs ?? {}));

  it('two corrected configs are shipped (Squid, Dante)', () => {
    expect(shipped.map(([path]) => path).sort()).toEqual(['scenarios/proxy-http/corrected/squid.conf', 'scenarios/proxy-socks/corrected/danted.conf']);
  });

  it.each(shipped)('%s matches what the lab renders and deploys', (path, rendered) => {
    expect(read(path)).toBe(rendered);
  });

  it('the fork workflow lists every method, runtime and release, and installs the Node that package.json needs', () => {
    type Matrix = { method: string[]; runtime: string[]; release: string[]; include?: { method: string; release: string; flags: string }[] };
    const wf = parse(read('.github/workflows/lab.yml')) as { jobs: { lab: { strategy: { matrix: Matrix }; steps: { uses?: string; with?: { 'node-version'?: number | string } }[] } } };
    const matrix = wf.jobs.lab.strategy.matrix;
    expect([...matrix.method].sort()).toEqual(Object.keys(SCENARIOS).sort());
    expect([...matrix.runtime].sort()).toEqual([...RUNTIME_KINDS].sort());
    expect([...matrix.release].sort()).toEqual([...RELEASE_NAMES].sort());
    // Each method on each release runs with implementations the release packages (the flags the workflow adds).
    for (const release of RELEASE_NAMES) {
      for (const s of Object.values(SCENARIOS)) {
        const flags = matrix.include?.find((i) => i.method === s.name && i.release === release)?.flags ?? '';
        const roles = Object.fromEntries([...flags.matchAll(/--([a-z-]+) (\S+)/g)].map((m) => [m[1]!, m[2]!]));
        expect(unpackagedProblems(s, roles, release), `${s.name} on ${release}`).toEqual([]);
      }
    }
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    const wanted = /^>=(\d+)\.(\d+)/.exec(engines);
    const node = wf.jobs.lab.steps.find((st) => st.uses?.startsWith('actions/setup-node'))?.with?.['node-version'];
    expect(node, 'the workflow must install Node with actions/setup-node').toBeDefined();
    expect(Number(String(node).split('.')[0])).toBeGreaterThanOrEqual(Number(wanted?.[1]));
  });
});
