// 464XLAT for real: a Tayga CLAT in every host, the gateway's NAT64 as the PLAT — IPv4 literals
// work, the hosts' IPv4 stays inside their CLAT, and the negative controls that break each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLeftovers, NOTHING_LEFT } from '../../lab/leftovers.js';
import type { Report } from '../../lab/report/types.js';
import { allLabs, APPS, asKnown, check, checkOutcomes, failedIds, NAT64_GUIDE_IDS, runMethod } from '../helpers/run.js';
import { RUNTIMES } from '../helpers/runtimes.js';
import { sharedRun } from '../helpers/shared-runs.js';

const packets = (r: Report, id: string) => check(r, id).evidence.flatMap((e) => (e.kind === 'packets' ? [e] : []));

describe.each(RUNTIMES)('nat64-clat (464XLAT) on $label', ({ kind, skip }) => {
  let report: Report;
  beforeAll(async () => {
    if (!skip) report = (await sharedRun('nat64-clat', { runtime: kind })).report;
  });

  it.skipIf(!!skip)("passes every check: method 1's, the whole app matrix (IPv4 literals included), and the CLAT's own", () => {
    expect(report.error).toBeUndefined();
    expect(checkOutcomes(report)).toEqual(asKnown([...NAT64_GUIDE_IDS, ...APPS.clat.pass, 'clat-ipv4-literal', 'clat-no-native-ipv4'], APPS.clat.fail));
    expect(report.ok).toBe(true);
  });

  it.skipIf(!!skip)("shows the literal request as IPv6 from the CLAT address on HOSTA's link and as IPv4 from 192.0.2.2 outside", () => {
    const [inside, outside] = packets(report, 'clat-ipv4-literal');
    expect(inside?.capture).toBe('pcap/hosta-eth0.pcap');
    expect(inside?.packets[0]).toMatch(/IPv6 fd00:1::c1a7:1\.\d+ > 64:ff9b::c058:6350\.80: TCP/);
    expect(outside?.capture).toBe('pcap/gw-eth1.pcap');
    expect(outside?.packets[0]).toMatch(/IPv4 192\.0\.2\.2\.\d+ > 192\.88\.99\.80\.80: TCP/);
    expect(packets(report, 'clat-no-native-ipv4').find((e) => e.what.includes('IPv4 packet'))?.total).toBe(0);
  });

  afterAll(async () => expect(await findLeftovers()).toEqual(NOTHING_LEFT));
});

describe('nat64-clat negative controls', () => {
  it("the CLAT stopped: IPv4 literals fail (and ping by name, which takes the A record through the CLAT); a native IPv4 on hosta: clat-no-native-ipv4 and slaac-ula fail, IPv4 on HOSTA's wire", async () => {
    const [stopped, native] = await allLabs([runMethod('nat64-clat', { faults: ['clat-stopped'] }), runMethod('nat64-clat', { faults: ['hosta-native-ipv4'] })]);
    expect(failedIds(stopped)).toEqual(['app-icmp-name', 'app-ipv4-literal', 'clat-ipv4-literal']);
    expect(check(stopped, 'clat-ipv4-literal').observed).toMatch(/hosta → http:\/\/192\.88\.99\.80\/: curl exit 28/);
    expect(failedIds(native)).toEqual(expect.arrayContaining(['clat-no-native-ipv4', 'slaac-ula']));
    expect(check(native, 'clat-no-native-ipv4').observed).toMatch(/hosta: 198\.18\.0\.2\/24 on eth0.*hosta:eth0 HAS \d+ IPv4 packet/);
  });

  afterAll(async () => expect(await findLeftovers()).toEqual(NOTHING_LEFT));
});
