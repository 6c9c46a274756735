// Method 2 for real: Squid and Dante on fe80::1%eth0, the guide's configs audited as written,
// and negative controls that break each proxy on purpose.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLeftovers, NOTHING_LEFT } from '../../lab/leftovers.js';
import type { Report } from '../../lab/report/types.js';
import { APPS, APPS_THROUGH, asKnown, check, checkOutcomes, failedIds, runMethod } from '../helpers/run.js';
import { RUNTIMES } from '../helpers/runtimes.js';
import { sharedRun } from '../helpers/shared-runs.js';
import { dante } from '../../lab/services/dante.js';
import { notPackagedHere } from '../helpers/release.js';

const audit = (r: Report, line: string) => r.audit.find((a) => a.line.trim() === line);

describe.each(RUNTIMES)('proxy-http on $label: Squid on the link-local address', ({ kind, skip }) => {
  let report: Report;
  beforeAll(async () => {
    if (!skip) report = (await sharedRun('proxy-http', { runtime: kind })).report;
  });

  it.skipIf(!!skip)('passes every check', () => {
    expect(checkOutcomes(report)).toEqual(asKnown(['hosts-link-local-only', 'large-transfer', 'proxy-egress-http', 'proxy-listens-lla', 'proxy-not-open', 'proxy-unscoped-fails', ...APPS.proxy.pass], APPS.proxy.fail));
  });

  it.skipIf(!!skip)("logs each client's link-local address and shows the egress from 192.0.2.2 on the wire", () => {
    const c = check(report, 'proxy-egress-http');
    expect(c.observed).toMatch(/via http:\/\/\[fe80::1%eth0\]:3128: HTTP 200 from fe80::1; proxy log client fe80::/);
    expect(c.observed).toMatch(/via http:\/\/\[fe80::1%25eth0\]:3128: HTTP 200/);
    expect(c.observed).toContain('gw:eth1 has no IPv6 packet');
    expect(check(report, 'proxy-listens-lla').observed).toMatch(/\[fe80::1\]%eth0:3128 .*"squid"/);
    expect(check(report, 'proxy-unscoped-fails').observed).toMatch(/-x http:\/\/\[fe80::1\]:3128\): curl exit 7 \(curl: \(7\) /);
  });

  it.skipIf(!!skip)("audits the guide's Squid lines: `acl localv6 localnet` is FATAL, http_port on fe80::1%eth0 is fine", () => {
    // Squid 5.7: "FATAL: Invalid ACL type 'localnet'"; Squid 6.13: "ERROR: configuration failure: invalid ACL type 'localnet'".
    expect(audit(report, 'acl localv6 localnet')).toMatchObject({ daemon: 'squid', ok: false, message: expect.stringMatching(/(FATAL|ERROR): .*invalid ACL type 'localnet'/i) });
    expect(audit(report, 'http_port [fe80::1%eth0]:3128')).toMatchObject({ ok: true });
  });

  afterAll(async () => expect(await findLeftovers()).toEqual(NOTHING_LEFT));
});

const noDante = notPackagedHere(dante);

describe.each(RUNTIMES.map((r) => ({ ...r, skip: r.skip ?? noDante, label: noDante ? `${r.label} (skipped: ${noDante})` : r.label })))('proxy-socks on $label: Dante on the link-local address', ({ kind, skip }) => {
  let report: Report;
  beforeAll(async () => {
    if (!skip) report = (await sharedRun('proxy-socks', { runtime: kind })).report;
  });

  it.skipIf(!!skip)('passes every check', () => {
    expect(checkOutcomes(report)).toEqual(asKnown(['hosts-link-local-only', 'large-transfer', 'proxy-listens-lla', 'proxy-not-open', 'socks-client-resolves-fails', 'socks-egress-proxy-resolves', ...APPS.proxy.pass], APPS.proxy.fail));
    expect(check(report, 'socks-client-resolves-fails').observed).toMatch(/curl exit 97 \(curl: \(97\) Could not resolve host: www\.v4only\.lab\); control hosta → http:\/\/192\.88\.99\.80\/ .*HTTP 200/);
  });

  it.skipIf(!!skip)("audits the guide's Dante lines: the bracketed scoped address does not resolve, the scoped one aborts, the interface name works, method: is deprecated", () => {
    expect(audit(report, 'internal: [fe80::1%eth0] port = 1080')).toMatchObject({ ok: false, message: expect.stringContaining('could not resolve hostname "[fe80::1%eth0]"') });
    expect(audit(report, 'internal: fe80::1%eth0 port = 1080   (spelling tried by the lab)')).toMatchObject({ ok: false, message: expect.stringMatching(/exit 134.*internal error/) });
    expect(audit(report, 'internal: eth0 port = 1080   (spelling tried by the lab)')).toMatchObject({ ok: true });
    expect(audit(report, 'method: username none')).toMatchObject({ ok: true, message: expect.stringContaining('keyword "method" is deprecated') });
  });

  afterAll(async () => expect(await findLeftovers()).toEqual(NOTHING_LEFT));
});

describe('proxy negative controls', () => {
  it('Squid stopped: the listening and egress checks fail', async () => {
    const r = await runMethod('proxy-http', { faults: ['proxy-stopped'] });
    expect(failedIds(r)).toEqual([...APPS_THROUGH.proxy, 'proxy-egress-http', 'proxy-listens-lla', 'proxy-not-open', 'proxy-unscoped-fails'].sort());
  });

  it('an ACL that denies fe80::/10: proxy-egress-http fails with 403', async () => {
    const r = await runMethod('proxy-http', { faults: ['acl-deny'] });
    expect(failedIds(r)).toContain('proxy-egress-http');
    expect(check(r, 'proxy-egress-http').observed).toContain('HTTP 403');
  });

  it('an open Squid on the uplink: proxy-not-open fails', async () => {
    const r = await runMethod('proxy-http', { faults: ['open-proxy'] });
    expect(failedIds(r)).toEqual(['proxy-listens-lla', 'proxy-not-open']);
  });

  it.skipIf(!!noDante)(`Dante stopped: socks egress fails${noDante ? ` (skipped: ${noDante})` : ''}`, async () => {
    const r = await runMethod('proxy-socks', { faults: ['proxy-stopped'] });
    expect(failedIds(r)).toEqual([...APPS_THROUGH.proxy, 'proxy-listens-lla', 'proxy-not-open', 'socks-client-resolves-fails', 'socks-egress-proxy-resolves'].sort());
  });

  it.skipIf(!!noDante)(`an open Dante on the uplink, and HOSTA with a ULA (disjoint parts, one run): proxy-not-open and hosts-link-local-only fail${noDante ? ` (skipped: ${noDante})` : ''}`, async () => {
    const r = await runMethod('proxy-socks', { faults: ['open-proxy', 'hosta-ula'] });
    // open-proxy: Dante also on eth1 (proxy-listens-lla, proxy-not-open); hosta-ula: hosts-link-local-only.
    expect(failedIds(r)).toEqual(['hosts-link-local-only', 'proxy-listens-lla', 'proxy-not-open']);
    expect(check(r, 'hosts-link-local-only').observed).toContain('(not link-local: fd00:1::b/64)');
    expect(check(r, 'proxy-listens-lla').observed).toContain('192.0.2.2');
  });

  afterAll(async () => expect(await findLeftovers()).toEqual(NOTHING_LEFT));
});
