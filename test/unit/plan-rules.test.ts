// The address plan's own rules, judged before anything is built: a prefix written with a host
// part (RFC 4291 §2.3) and a NAT64 prefix that sets the reserved u-octet (RFC 6052 §2.2).
import { describe, expect, it } from 'vitest';
import { basePlanProblems } from '../../lab/plan/rules.js';
import { GUIDE_PLAN } from '../../scenarios/common/address-plan.js';

const withPlan = (change: (p: typeof GUIDE_PLAN) => void): typeof GUIDE_PLAN => {
  const p = structuredClone(GUIDE_PLAN);
  change(p);
  return p;
};

describe('plan rules', () => {
  it("the guide's plan has no problem", () => {
    expect(basePlanProblems(GUIDE_PLAN)).toEqual([]);
  });

  it('a LAN prefix with a host part is named, with the prefix it means', () => {
    const problems = basePlanProblems(withPlan((p) => (p.lan.prefix = 'fd00:1::1/64')));
    expect(problems).toContainEqual({ path: 'plan.lan.prefix', message: 'fd00:1::1/64 is an address with a length, not a prefix (RFC 4291 §2.3): the prefix is fd00:1::/64' });
  });

  it('a pool with a host part is named too', () => {
    const problems = basePlanProblems(withPlan((p) => (p.nat64.pool = '192.168.255.7/24')));
    expect(problems).toContainEqual({ path: 'plan.nat64.pool', message: '192.168.255.7/24 is an address with a length, not a prefix (RFC 4291 §2.3): the prefix is 192.168.255.0/24' });
  });

  it('a /96 NAT64 prefix that sets bits 64–71 is refused (RFC 6052 §2.2); one that does not passes', () => {
    const bad = basePlanProblems(withPlan((p) => (p.nat64.prefix = '2001:db8:64:0:100::/96')));
    expect(bad.find((x) => x.path === 'plan.nat64.prefix')?.message).toMatch(/^2001:db8:64:0:100::\/96 sets bits 64–71 \(the "u" octet\)/);
    const good = basePlanProblems(withPlan((p) => (p.nat64.prefix = '2001:db8:64:0:1::/96')));
    expect(good.filter((x) => x.path === 'plan.nat64.prefix')).toEqual([]);
  });
});
