// The examples run for real: each lab file's plan is built, checked and torn down, and passes
// (expected failures included). The GUA + NSP site's wire evidence carries its own addresses.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PacketEvidence } from '../../lab/checks/check.js';
import { defineLab, runLab } from '../../lab/index.js';
import { findLeftovers, NOTHING_LEFT } from '../../lab/leftovers.js';
import type { Report } from '../../lab/report/types.js';
import { runLab as runResolved } from '../../lab/run-lab.js';
import { resolveLabFile } from '../../lab/input/resolve.js';
import '../../lab/testing.js';
import { SCENARIOS } from '../../scenarios/index.js';
import { check } from '../helpers/run.js';

const ROOT = join(import.meta.dirname, '..', '..');
const files = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.lab.yaml'));
const reports = new Map<string, Report>();

async function runFile(f: string): Promise<Report> {
  const lab = resolveLabFile(`examples/${f}`, readFileSync(join(ROOT, 'examples', f), 'utf8'), SCENARIOS);
  const r = await runResolved(lab, { artifactsDir: join(process.env['V6LAB_RUNS_DIR'] ?? '/tmp', `example-${f}`) });
  reports.set(f, r);
  return r;
}

const packets = (r: Report, id: string): PacketEvidence[] => check(r, id).evidence.filter((e): e is PacketEvidence => e.kind === 'packets');

describe('examples/*.lab.yaml, run', () => {
  it.each(files)('%s passes: every check does what the file expects', async (f) => {
    expect(await runFile(f)).toMatchExpectations();
  });

  it('gua-nsp: the wire shows the plan — RA from fe80::53 with 2001:db8:100::/64, AAAA in 2001:db8:64::/96, requests from 198.51.100.2 outside', () => {
    const r = reports.get('gua-nsp.lab.yaml')!;
    expect(r.plan.lan.prefix).toBe('2001:db8:100::/64');
    expect(packets(r, 'ra-rdnss')[0]?.packets[0]).toMatch(/IPv6 fe80::53 > fe80::\S+: ICMPv6 type 134 code 0 RA prefixes 2001:db8:100::\/64 rdnss 2001:db8:100::1/);
    expect(packets(r, 'dns64-synthesis')[0]?.packets[0]).toMatch(/DNS response AAAA www\.v4only\.lab → AAAA 2001:db8:64::c058:6350/);
    expect(packets(r, 'nat44-source')[0]?.packets[0]).toMatch(/IPv4 198\.51\.100\.2\.\d+ > 192\.88\.99\.80\.80: TCP/);
    expect(packets(r, 'nsp-reaches-private').find((e) => e.capture === 'pcap/gw-eth1.pcap')?.packets[0]).toMatch(/IPv4 198\.51\.100\.2\.\d+ > 198\.51\.100\.1\.80/);
    // Under a network-specific prefix the well-known prefix's restriction does not apply: said, not passed.
    const wkp = check(r, 'wkp-refuses-private');
    expect(wkp.verdict).toBe('not-applicable');
    expect(wkp.ok).toBe(false);
    expect(wkp.notApplicable).toContain('network-specific');
    expect(r.checks.filter((c) => c.verdict === 'passed')).toHaveLength(17);
  });

  it('own-checks: every kind of your own check passes beside the method\'s, and a warning-level one that misses warns without failing the run', () => {
    const r = reports.get('own-checks.lab.yaml')!;
    expect(r.ok).toBe(true);
    for (const id of ['name-in-nat64-prefix', 'page-by-name', 'intranet-over-https', 'ping-by-name', 'ssh-greets', 'our-service-by-name', 'nat44-rule-held', 'no-pool-address-outside', 'no-ipv6-outside']) expect(check(r, id).verdict, id).toBe('passed');
    expect(check(r, 'ssh-greets').observed).toMatch(/hosta: connected, it sent "SSH-2\.0-v6lab-internet"/);
    // Your own service (plan.internet.services), by your own name (plan.internet.records).
    expect(check(r, 'our-service-by-name').observed).toMatch(/hosta: connected, it sent "SSH-2\.0-our-git"/);
    expect(check(r, 'ipv4-literal-by-ping')).toMatchObject({ verdict: 'warned', level: 'warning', ok: false });
  });

  it('wkp-private-fails: the checks the file expects to fail fail — Tayga refuses 10.0.0.80 under 64:ff9b::/96', () => {
    const r = reports.get('wkp-private-fails.lab.yaml')!;
    expect(r.ok).toBe(true);
    expect(r.checks.filter((c) => c.verdict === 'failed-as-expected').map((c) => c.id).sort()).toEqual(
      ['app-http-name', 'app-https-name', 'app-icmp-name', 'app-ipv4-literal', 'app-tcp-any', 'app-udp-name', 'large-transfer', 'nat44-source', 'reach-by-literal', 'reach-by-name'],
    );
    // DNS64 still synthesizes: the refusal is the translator's, not the resolver's.
    expect(check(r, 'dns64-synthesis').observed).toContain('64:ff9b::a00:50');
  });

  it('an `expect: fail` check that passes fails the run, and says so', async () => {
    const r = await runLab(defineLab({ name: 'wrong-expectation', method: 'nat64', expect: { 'reach-by-name': 'fail' } }));
    expect(r.ok).toBe(false);
    expect(check(r, 'reach-by-name').verdict).toBe('passed-unexpectedly');
    expect(() => expect(r).toMatchExpectations()).toThrow(/reach-by-name: passed, but expected to fail/);
  });

  afterAll(async () => {
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
  });
});
