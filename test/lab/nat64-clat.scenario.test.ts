// 464XLAT for real: a Tayga CLAT in every host, the gateway's NAT64 as the PLAT — IPv4 literals
// work, the hosts' IPv4 stays inside their CLAT, and the negative controls that break each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLeftovers, NOTHING_LEFT } from '../../lab/leftovers.js';
import type { Report } from '../../lab/report/types.js';
import { allLabs, APPS, asKnown, check, checkOutcomes, failedIds, NAT64_GUIDE_IDS, runMethod } from '../helpers/run.js';
import { RUNTIMES } from '../helpers/runtimes.js';
import { sharedRun } from '../helpers/shared-runs.js';
import { HOST_RELEASE } from '../helpers/release.js';
import { clatd } from '../../lab/services/clatd.js';
import { packagedIn } from '../../lab/services/daemon-spec.js';

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

// clatd is Debian 13's: on a Debian 13 machine it runs on netns, elsewhere in Debian 13 node
// images (docker); with neither, the tests are skipped and say why.
const dockerCase = RUNTIMES.find((r) => r.kind === 'docker')!;
const clatdWhere: { runtime: 'netns' } | { runtime: 'docker'; release: 'trixie' } | undefined =
  HOST_RELEASE && packagedIn(clatd, HOST_RELEASE) ? { runtime: 'netns' } : dockerCase.skip ? undefined : { runtime: 'docker', release: 'trixie' };
const noClatd = clatdWhere ? undefined : `clatd is Debian 13's, this machine runs ${HOST_RELEASE ?? 'another system'} and ${dockerCase.skip}`;

describe.skipIf(!!noClatd)(`nat64-clat with clatd (a real CLAT that discovers its prefix)${noClatd ? ` — skipped: ${noClatd}` : ` on ${clatdWhere?.runtime}`}`, () => {
  it("finds the plan's prefix through DNS64 (RFC 7050: ipv4only.arpa) and then passes every check of the method", async () => {
    const r = await runMethod('nat64-clat', { ...clatdWhere!, roles: { clat: 'clatd' } });
    expect(failedIds(r)).toEqual([]);
    expect(r.versions['clatd']).toBe('2.1.0');
    expect(check(r, 'clat-discovers-prefix').observed).toMatch(/^clatd: looked up ipv4only\.arpa using system resolver; found 64:ff9b::\/96 \(the plan's: 64:ff9b::\/96\); wire: hosta:eth0 shows \d+ the answer AAAA 64:ff9b::c000:aa for ipv4only\.arpa/);
    expect(check(r, 'clat-ipv4-literal').verdict).toBe('passed');
  });

  it('under a network-specific prefix it finds the NSP', async () => {
    const r = await runMethod('nat64-clat', { ...clatdWhere!, roles: { clat: 'clatd' }, plan: { nat64: { prefix: '2001:db8:64::/96' } } });
    expect(failedIds(r)).toEqual([]);
    expect(check(r, 'clat-discovers-prefix').observed).toMatch(/found 2001:db8:64::\/96 \(the plan's: 2001:db8:64::\/96\); wire: hosta:eth0 shows \d+ the answer AAAA 2001:db8:64::c000:aa/);
  });

  it("without DNS64 there is nothing to discover: clatd gives up before it is ready, and the run stops with its words", async () => {
    const e = await runMethod('nat64-clat', { ...clatdWhere!, roles: { clat: 'clatd' }, faults: ['no-dns64'] }).then(
      () => undefined,
      (x: Error) => x,
    );
    expect(e?.message).toMatch(/clat in hosta exited \(code 0\) before it was ready/);
    expect(e?.message).toMatch(/Looking up 'ipv4only\.arpa' using system resolver\nNo AAAA records was returned for 'ipv4only\.arpa'\nNo PLAT prefix could be discovered/);
  });

  it("the CLAT stopped: IPv4 literals fail at once; clatd removes its IPv4 default route as it stops (the lab's own CLAT leaves it), so ping by name still works and clat-no-native-ipv4 finds no route into a CLAT", async () => {
    const r = await runMethod('nat64-clat', { ...clatdWhere!, roles: { clat: 'clatd' }, faults: ['clat-stopped'] });
    expect(failedIds(r)).toEqual(['app-ipv4-literal', 'clat-ipv4-literal', 'clat-no-native-ipv4']);
    expect(check(r, 'clat-no-native-ipv4').observed).toMatch(/hosta: no IPv4 default route/);
  });

  afterAll(async () => expect(await findLeftovers()).toEqual(NOTHING_LEFT));
});

it.runIf(HOST_RELEASE === 'bookworm')('on Debian 12 (netns) --clat clatd stops before building, naming where clatd is', async () => {
  const e = await runMethod('nat64-clat', { roles: { clat: 'clatd' } }).then(
    () => undefined,
    (x: Error) => x,
  );
  expect(e?.message).toMatch(/clatd is not packaged in Debian 12 \(bookworm\): run nat64-clat with --clat tayga, or on Debian 13 node images \(--release trixie --runtime docker\)/);
  expect(await findLeftovers()).toEqual(NOTHING_LEFT);
});
