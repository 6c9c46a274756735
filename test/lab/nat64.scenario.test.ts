// Method 1 for real: namespaces, dnsmasq, Unbound, Tayga, iptables, NSD, lighttpd — and the
// negative controls that break the stack on purpose and see the matching checks fail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLeftovers, NOTHING_LEFT } from '../../lab/leftovers.js';
import type { Report } from '../../lab/report/types.js';
import { allLabs, APPS, APPS_THROUGH, asKnown, check, checkOutcomes, failedIds, NAT64_GUIDE_IDS, runMethod } from '../helpers/run.js';
import { RUNTIMES } from '../helpers/runtimes.js';
import { sharedRun } from '../helpers/shared-runs.js';
import { HOST_RELEASE } from '../helpers/release.js';

describe.each(RUNTIMES)('nat64 (ULA + DNS64/NAT64), the guide as deployed, on $label', ({ kind, skip }) => {
  let report: Report;
  beforeAll(async () => {
    if (!skip) report = (await sharedRun('nat64', { runtime: kind })).report;
  });

  it.skipIf(!!skip)('passes every check', () => {
    expect(report.error).toBeUndefined();
    expect(checkOutcomes(report)).toEqual(asKnown([...NAT64_GUIDE_IDS, ...APPS.nat64.pass], APPS.nat64.fail));
    expect(report.ok).toBe(true);
  });

  it.skipIf(!!skip)('keeps evidence for every check: the commands run, their exit codes and output', () => {
    for (const c of report.checks) {
      expect(c.evidence.length, c.id).toBeGreaterThan(0);
      // A command's evidence names the node it ran in and its exit code, whatever that was.
      for (const e of c.evidence) if (e.kind === 'command') expect(report.topology.nodes.map((n) => n.name), `${c.id}: ${e.command}`).toContain(e.node);
    }
    const synth = check(report, 'dns64-synthesis');
    expect(synth.observed).toContain('64:ff9b::c058:6350 (= 192.88.99.80)');
    expect(check(report, 'nat44-source').observed).toContain('request from 192.0.2.2');
    // Tayga's TUN is 1280 bytes: 1 MiB each way completes, the path MTU told by ICMP — during the
    // transfers, or before them when an earlier check's packet met it first (Debian 13's TLS
    // ClientHello is 1574 bytes, so app-https-name often does).
    expect(check(report, 'large-transfer').observed).toMatch(/^download 1 MiB in [\d.]+ s; upload 1 MiB counted by the server; path MTU (by ICMP: \d+ Packet Too Big on hosta:eth0, \d+ fragmentation-needed on gw:eth1|known from earlier in the run: [1-9]\d* Packet Too Big on hosta:eth0 before these transfers, .*)$/);
  });

  it.skipIf(!!skip)('adds packet evidence from the captures: inside ULA → 64:ff9b::x, outside 192.0.2.2 → x, IPv4 only', () => {
    const packets = (id: string) => check(report, id).evidence.flatMap((e) => (e.kind === 'packets' ? [e] : []));
    const inside = packets('reach-by-literal')[0];
    expect(inside?.capture).toBe('pcap/hosta-eth0.pcap');
    expect(inside?.packets[0]).toMatch(/IPv6 fd00:1::\S+\.\d+ > 64:ff9b::c058:6350\.80: TCP \[/);
    expect(inside?.what).toContain("this check's HTTP request");
    const outside = packets('nat44-source');
    expect(outside[0]?.packets[0]).toMatch(/IPv4 192\.0\.2\.2\.\d+ > 192\.88\.99\.80\.80: TCP \[/);
    expect(outside.find((e) => e.what.includes('IPv6 packet'))?.total).toBe(0);
    // Absence is judged on everything the interface carried up to a marker frame sent after the traffic.
    expect(outside.find((e) => e.what.includes('IPv6 packet'))?.what).toMatch(/\(judged on the capture up to marker frame #\d+\)$/);
    expect(packets('dns64-synthesis')[0]?.packets[0]).toMatch(/DNS response AAAA www\.v4only\.lab → AAAA 64:ff9b::c058:6350/);
  });

  it.skipIf(!!skip)("reports Jool as unavailable with the kernel's own words, and uses Tayga", () => {
    const note = report.notes.find((n) => n.startsWith('Jool:'));
    expect(note).toMatch(/^Jool: unavailable — .*socket family.*; NAT64 by Tayga$/);
  });

  it.skipIf(!!skip)("audits the guide's lines as written: Unbound's dns64: clause and the Jool 3 syntax fail", () => {
    const line = (l: string) => report.audit.find((a) => a.line.trim() === l);
    expect(line('dns64:')).toMatchObject({ daemon: 'unbound', ok: false });
    expect(line('dns64:')?.message).toContain("unknown keyword 'dns64'");
    expect(line('module-config: "dns64 validator iterator"')).toMatchObject({ ok: true });
    expect(line('jool -t nat64 --enable')).toMatchObject({ ok: false, message: expect.stringContaining("invalid option -- 't'") });
    expect(line('enable-ra')).toMatchObject({ daemon: 'dnsmasq', ok: true });
  });

  afterAll(async () => {
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
  });
});

describe('nat64 negative controls: each fault fails exactly the checks it should', () => {
  it('no NAT44: nat44-source and both reach checks fail (packets leave with the Tayga pool source)', async () => {
    const r = (await sharedRun('nat64', { faults: ['no-nat44'] })).report;
    // The NSP translator needs NAT44 as much: its fetch, and the WKP check's control, fail too.
    expect(failedIds(r)).toEqual([...APPS_THROUGH.nat64, 'nat44-source', 'nsp-reaches-private', 'reach-by-literal', 'reach-by-name', 'wkp-refuses-private'].sort());
    expect(r.ok).toBe(false);
  });

  it('Unbound without the dns64 module: dns64-synthesis fails (and name-based reach with it)', async () => {
    const r = (await sharedRun('nat64', { faults: ['no-dns64'] })).report;
    expect(failedIds(r)).toEqual([...APPS_THROUGH.nat64, 'dns64-synthesis', 'nat44-source', 'reach-by-name'].sort());
    expect(check(r, 'dns64-synthesis').observed).toContain('got AAAA none');
    expect(check(r, 'dns64-real-aaaa').ok).toBe(true);
  });

  it('two labs at once, each with its own faults: distinct lab ids, and each fails exactly its own checks', async () => {
    // Run side by side on purpose: any interference between labs would fail other checks too.
    // Lab 1 — DNS64 synthesizing everything (dns64-real-aaaa) and the NSP translator killed
    // (nsp-reaches-private, and the WKP check whose control it is): disjoint parts of the stack.
    // Lab 2 — IPv6 switched on outside: outside-ipv4-only and nat44-source (no IPv6 on the uplink wire).
    const [a, b] = await allLabs([runMethod('nat64', { faults: ['dns64-synthall', 'kill:gw/tayga-nsp'] }), runMethod('nat64', { faults: ['outside-ipv6'] })]);
    expect(a.labId).not.toBe(b.labId);
    expect(failedIds(a)).toEqual(['dns64-real-aaaa', 'nsp-reaches-private', 'wkp-refuses-private']);
    expect(check(a, 'dns64-real-aaaa').observed).toMatch(/authoritative AAAA: 2001:db8:46::81; hosta got: 64:ff9b::c058:6351/);
    expect(a.crashes.map((c) => `${c.node}/${c.name} ${c.exit}`)).toEqual(['gw/tayga-nsp SIGKILL']);
    expect(failedIds(b)).toEqual(['nat44-source', 'outside-ipv4-only']);
    expect(check(b, 'outside-ipv4-only').observed).toMatch(/IPv6 present: fe80::\S+ on internet:eth0/);
  });

  it("the guide's gateway as written (no inbound filter): an uplink neighbour connects to HOSTA through its pool address — inbound-refused fails, and the wire shows it", async () => {
    const r = await runMethod('nat64', { faults: ['no-inbound-filter'] });
    expect(failedIds(r)).toEqual(['inbound-refused']);
    const c = check(r, 'inbound-refused');
    expect(c.observed).toMatch(/hosta is 192\.168\.255\.\d+ outside \(Tayga's log: "assigned new pool address .*\); from internet: TCP to 192\.168\.255\.\d+:2222 CONNECTED, ping ANSWERED/);
    const syn = c.evidence.flatMap((e) => (e.kind === 'packets' && e.what.includes('TCP SYN from the outside') ? [e] : []))[0];
    expect(syn?.total).toBeGreaterThan(0);
    expect(syn?.packets[0]).toMatch(/IPv6 64:ff9b::c058:6350\.\d+ > fd00:1::\S+\.2222: TCP \[S\]/);
    // With the lab's rule (every other run), the same attempt fails: see "passes every check".
  });

  it('a resolver open to the uplink, and Path MTU black-holed (disjoint, one run): resolver-not-open and large-transfer fail', async () => {
    const r = await runMethod('nat64', { faults: ['open-resolver', 'pmtud-blackhole'] });
    // Measured on Debian 13: HTTPS by name stalls too — its TLS ClientHello (1574 bytes: OpenSSL 3.5's
    // hybrid post-quantum key share) no longer fits 1280 bytes; Debian 12's does.
    expect(failedIds(r)).toEqual([...(HOST_RELEASE === 'trixie' ? ['app-https-name'] : []), 'large-transfer', 'resolver-not-open']);
    expect(check(r, 'resolver-not-open').observed).toMatch(/from internet: ANSWERED \(NOERROR\)/);
    // With ICMP "too big" dropped in the gateway, both directions stall behind Tayga's 1280-byte TUN.
    expect(check(r, 'large-transfer').observed).toMatch(/download FAILED .*; upload FAILED .*; no ICMP "too big" on hosta:eth0 or gw:eth1/);
  });

  it('no RA: slaac-ula and ra-rdnss fail', async () => {
    const r = await runMethod('nat64', { faults: ['no-ra'] });
    expect(failedIds(r)).toEqual(expect.arrayContaining(['ra-rdnss', 'slaac-ula']));
    expect(check(r, 'slaac-ula').observed).toContain('no SLAAC address');
  });

  afterAll(async () => {
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
  });
});

describe.each(RUNTIMES.filter((r) => r.kind !== 'netns'))('nat64 negative control on $label: the same fault fails the same checks', ({ kind, skip }) => {
  it.skipIf(!!skip)('no NAT44', async () => {
    const r = await runMethod('nat64', { runtime: kind, faults: ['no-nat44'] });
    expect(failedIds(r)).toEqual([...APPS_THROUGH.nat64, 'nat44-source', 'nsp-reaches-private', 'reach-by-literal', 'reach-by-name', 'wkp-refuses-private'].sort());
  });

  afterAll(async () => {
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
  });
});
