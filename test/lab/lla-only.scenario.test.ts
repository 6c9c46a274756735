// The link-local-only baseline for real, and a negative control for each of its checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLeftovers, NOTHING_LEFT } from '../../lab/leftovers.js';
import type { Report } from '../../lab/report/types.js';
import { check, checkOutcomes, failedIds, runMethod } from '../helpers/run.js';
import { RUNTIMES } from '../helpers/runtimes.js';
import { sharedRun } from '../helpers/shared-runs.js';

describe.each(RUNTIMES)('lla-only on $label: the router refuses a link-local source', ({ kind, skip }) => {
  let report: Report;
  beforeAll(async () => {
    if (!skip) report = (await sharedRun('lla-only', { runtime: kind })).report;
  });

  it.skipIf(!!skip)('passes every check', () => {
    expect(checkOutcomes(report)).toEqual(
      ['lla-app-errors', 'lla-forwarding-refused', 'lla-no-route-code0', 'lla-source-selected', 'ula-fixes-it'].map((id) => `${id}: ok`),
    );
  });

  it.skipIf(!!skip)('shows the refusal on the wire: ICMPv6 type 1 code 2 from fe80::1 to the host, nothing link-local outside', () => {
    const c = check(report, 'lla-forwarding-refused');
    const inside = c.evidence.find((e) => e.kind === 'packets' && e.capture === 'pcap/hosta-eth0.pcap');
    expect(inside?.kind === 'packets' && inside.packets[0]).toMatch(/IPv6 fe80::1 > fe80::\S+: ICMPv6 type 1 code 2 \(about fe80::\S+ > 2001:db8:46::81\)/);
    const outside = c.evidence.find((e) => e.kind === 'packets' && e.capture === 'pcap/gw-eth1.pcap');
    expect(outside?.kind === 'packets' && outside.total).toBe(0);
  });

  it.skipIf(!!skip)('reports what users see: EHOSTUNREACH fast, "Beyond scope of source address", silent UDP', () => {
    expect(check(report, 'lla-app-errors').observed).toMatch(/connect failed: No route to host, after \d+ ms; ping: Beyond scope of source address; UDP: no answer/);
  });

  afterAll(async () => {
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
  });
});

describe('lla-only negative controls', () => {
  it('HOSTA with a ULA: source selection, refusal and app-error checks fail', async () => {
    const r = await runMethod('lla-only', { faults: ['hosta-ula'] });
    expect(failedIds(r)).toEqual(expect.arrayContaining(['lla-app-errors', 'lla-forwarding-refused', 'lla-source-selected']));
    expect(check(r, 'lla-source-selected').observed).toContain('src fd00:1::b');
  });

  it('a gateway with a default IPv6 route: lla-no-route-code0 fails (code 2 instead of 0)', async () => {
    const r = await runMethod('lla-only', { faults: ['gw-default-v6'] });
    expect(failedIds(r)).toEqual(['lla-no-route-code0']);
    expect(check(r, 'lla-no-route-code0').observed).toContain('Beyond scope of source address');
  });

  it('a gateway that does not forward: ula-fixes-it fails', async () => {
    const r = await runMethod('lla-only', { faults: ['no-forwarding'] });
    expect(failedIds(r)).toContain('ula-fixes-it');
  });

  afterAll(async () => {
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
  });
});
