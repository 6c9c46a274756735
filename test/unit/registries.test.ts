// The registries are the single source of what the lab runs: the docker image, the packages a
// run needs, the corrected configs shipped for users and the CI workflow all follow from them.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execa } from 'execa';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { undeclaredRefused } from '../../lab/lab.js';
import { asDeclared } from '../../lab/checks/check-group.js';
import type { Check } from '../../lab/checks/check.js';
import { RUNTIME_KINDS, runtimeDriver } from '../../lab/runtime/registry.js';
import { everyRequirement, scenarioCheckIds, scenarioRequirements, unpackagedProblems } from '../../lab/scenario.js';
import { lighttpd, lighttpdService } from '../../lab/services/lighttpd.js';
import type { DaemonSpec } from '../../lab/services/daemon-spec.js';
import { DAEMONS, labProcessNames, nodeImagePackages, nodeImageSpec } from '../../lab/services/registry.js';
import { RELEASE_NAMES } from '../../lab/env/release.js';
import { nodeImageRef } from '../../lab/runtime/docker-images.js';
import { SCENARIOS } from '../../scenarios/index.js';
import { nat64Faults, type Nat64Fault } from '../../scenarios/nat64/faults.js';
import { nat64Checks, type Nat64CheckId } from '../../scenarios/nat64/checks.js';
import { APPS, NAT64_GUIDE_IDS } from '../helpers/run.js';
import { V6LAB_IMAGE, V6LAB_IMAGE_RELEASE } from '../../images/v6lab-image.js';

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

  it('a scenario cannot deploy a daemon it did not declare (its packages were never checked)', () => {
    const web = lighttpdService({ node: 'web', dir: '/nonexistent', port: 80, pages: {} });
    expect(() => undeclaredRefused('test', [web], new Set())).toThrow('scenario test deploys lighttpd without declaring it in its daemons');
    expect(() => undeclaredRefused('test', [web], new Set<DaemonSpec>([lighttpd]))).not.toThrow();
  });

  it('fault names and check ids are typed per scenario: a misspelt one does not compile', () => {
    const fault: Nat64Fault = 'no-ra';
    // @ts-expect-error — "no-nat4" is not a nat64 fault; `npm run typecheck` (in .ci/run) fails if this compiles.
    const misspeltFault: Nat64Fault = 'no-nat4';
    const id: Nat64CheckId = 'reach-by-name';
    // @ts-expect-error — "reach-by-nam" is not a nat64 check.
    const misspeltId: Nat64CheckId = 'reach-by-nam';
    expect(Object.keys(nat64Faults)).toContain(fault);
    expect(Object.keys(nat64Faults)).not.toContain(misspeltFault);
    expect(nat64Checks.flatMap((g) => g.ids)).toContain(id);
    expect(nat64Checks.flatMap((g) => g.ids)).not.toContain(misspeltId);
  });
});

describe('check ids, known without a lab', () => {
  const inputs = (method: string, o: { conformance?: boolean; browsers?: boolean } = {}) => ({ plan: SCENARIOS[method]!.defaultPlan, hosts: 2, roles: SCENARIOS[method]!.roles, conformance: o.conformance ?? false, browsers: o.browsers ?? false });

  it("each method's ids, from its declared groups: the guide's, the app matrix, and the conformance group only with --conformance", () => {
    expect(scenarioCheckIds(SCENARIOS['nat64']!, inputs('nat64')).sort()).toEqual([...NAT64_GUIDE_IDS, ...APPS.nat64.pass, ...APPS.nat64.fail].sort());
    expect(scenarioCheckIds(SCENARIOS['nat64']!, inputs('nat64', { conformance: true }))).toEqual(expect.arrayContaining(['pref64-discovery', 'ra-pref64']));
    expect(scenarioCheckIds(SCENARIOS['proxy-http']!, inputs('proxy-http'))).toEqual(expect.arrayContaining(['proxy-egress-http', 'proxy-unscoped-fails', 'app-zone-wrong', 'proxy-not-open']));
    expect(scenarioCheckIds(SCENARIOS['nat64-clat']!, inputs('nat64-clat'))).toEqual(expect.arrayContaining(['clat-ipv4-literal', 'clat-no-native-ipv4', 'reach-by-name']));
  });

  it('the browser cells only in runs with browsers: a page by name and the mixed page (method 1), every way of giving the proxy (method 2)', () => {
    expect(scenarioCheckIds(SCENARIOS['nat64']!, inputs('nat64')).filter((id) => id.startsWith('app-browser-'))).toEqual([]);
    expect(scenarioCheckIds(SCENARIOS['nat64']!, inputs('nat64', { browsers: true })).filter((id) => id.startsWith('app-browser-chromium'))).toEqual(['app-browser-chromium-http', 'app-browser-chromium-https', 'app-browser-chromium-page-v4only-name', 'app-browser-chromium-page-dual-stack-name', 'app-browser-chromium-page-ipv4-literal']);
    expect(scenarioCheckIds(SCENARIOS['proxy-http']!, inputs('proxy-http', { browsers: true })).filter((id) => id.startsWith('app-browser-firefox'))).toEqual(['app-browser-firefox-host-zone', 'app-browser-firefox-host-bracketed', 'app-browser-firefox-host-no-zone', 'app-browser-firefox-pac-zone', 'app-browser-firefox-forwarder', 'app-browser-firefox-page-v4only-name', 'app-browser-firefox-page-dual-stack-name', 'app-browser-firefox-page-ipv4-literal']);
    expect(scenarioCheckIds(SCENARIOS['proxy-socks']!, inputs('proxy-socks'))).toContain('proxy-forwarder');
  });

  it('a group that makes other checks than it declares stops the run (its ids would lie to validate and to expect:)', () => {
    const made = (id: string): Check => ({ id, title: id, expected: '', run: async () => ({ ok: true, observed: '' }) });
    expect(() => asDeclared({ name: 'liar', ids: ['a'] }, [made('b')])).toThrow('check group "liar" declares a but made b');
    expect(() => asDeclared({ name: 'short', ids: ['a', 'b'] }, [made('a')])).toThrow('check group "short" declares a, b but made a');
    expect(asDeclared({ name: 'honest', ids: ['a', 'b'] }, [made('a'), made('b')]).map((c) => c.id)).toEqual(['a', 'b']);
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

  it('the corrected configs are shipped (Squid, Dante) and, for each proxy, the forwarder for browsers refusing zone ids', () => {
    expect(shipped.map(([path]) => path).sort()).toEqual(['scenarios/proxy-http/corrected/proxy-forwarder.service', 'scenarios/proxy-http/corrected/squid.conf', 'scenarios/proxy-socks/corrected/danted.conf', 'scenarios/proxy-socks/corrected/proxy-forwarder.service']);
  });

  it.each(shipped)('%s matches what the lab renders and deploys', (path, rendered) => {
    expect(read(path)).toBe(rendered);
  });

  // systemd reads "%" as a specifier: an unescaped zone ("%eth0") makes the unit fail to load.
  const units = shipped.filter(([path]) => path.endsWith('.service'));
  it.skipIf(!existsSync('/usr/bin/systemd-analyze')).each(units)('%s is a unit systemd accepts (systemd-analyze verify)', async (path) => {
    const dir = mkdtempSync(join(tmpdir(), 'v6lab-unit-'));
    try {
      const file = join(dir, 'v6lab-proxy-forwarder.service');
      writeFileSync(file, read(path));
      const r = await execa('systemd-analyze', ['verify', file], { reject: false });
      expect(`${r.exitCode} ${r.stderr}`).toBe('0 ');
      writeFileSync(file, read(path).replaceAll('%%', '%'));
      expect((await execa('systemd-analyze', ['verify', file], { reject: false })).stderr).toMatch(/Failed to resolve unit specifiers/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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

  it('the image job runs every method (with what Debian 13 packages) and an example lab file through the image the builder makes', () => {
    type Step = { run?: string };
    const wf = parse(read('.github/workflows/lab.yml')) as { jobs: { image: { 'runs-on': string; strategy: { matrix: { target: string[] } }; steps: Step[] } } };
    const job = wf.jobs.image;
    expect(job['runs-on']).toBe('ubuntu-latest');
    const targets = job.strategy.matrix.target;
    for (const s of Object.values(SCENARIOS)) {
      const target = targets.find((t) => t.split(' ')[0] === s.name);
      expect(target, `${s.name} in the image job`).toBeDefined();
      const roles = Object.fromEntries([...target!.matchAll(/--([a-z-]+) (\S+)/g)].map((m) => [m[1]!, m[2]!]));
      expect(unpackagedProblems(s, roles, V6LAB_IMAGE_RELEASE), `${target} on the image's release`).toEqual([]);
    }
    for (const t of targets.filter((x) => x.endsWith('.lab.yaml'))) expect(existsSync(join(ROOT, t)), t).toBe(true);
    const scripts = job.steps.map((st) => st.run ?? '').join('\n');
    expect(scripts).toContain(`npm run images -- --release ${V6LAB_IMAGE_RELEASE} --v6lab`);
    expect(scripts).toContain(`docker run --rm --privileged --network none -v "$PWD:/lab" -w /lab ${V6LAB_IMAGE} `);
  });
});
