// What method 1 needs of a plan: Tayga's own needs (services/tayga.ts) for the NAT64 (and the
// comparison NSP beside a well-known prefix), and — the guide's trap — internet services that
// the well-known prefix may translate at all.
import { internetPlanProblems } from '../common/internet.js';
import { isWellKnownPrefix, nonGlobalRange, type Plan } from '../../lab/plan/plan.js';
import type { PlanProblem } from '../../lab/plan/plan.js';
import { overlap } from '../../lab/plan/rules.js';
import { taygaPlanProblems } from '../../lab/services/tayga.js';
import type { Nat64CheckId } from './checks.js';

/** The checks that translate toward the internet's web server: they fail if Tayga refuses it. */
const NEEDS_WEB_TRANSLATED: Nat64CheckId[] = ['reach-by-name', 'reach-by-literal', 'nat44-source', 'app-http-name', 'app-https-name', 'app-udp-name', 'app-icmp-name', 'app-tcp-any', 'large-transfer'];

export function nat64PlanProblems(plan: Plan, o: { hosts: number; expect: Readonly<Record<string, 'pass' | 'fail'>> }): PlanProblem[] {
  const wkp = isWellKnownPrefix(plan.nat64.prefix);
  const problems: PlanProblem[] = [...internetPlanProblems(plan), ...taygaPlanProblems({ prefix: plan.nat64.prefix, pool: plan.nat64.pool, taygaIpv4: plan.nat64['tayga-ipv4'], hosts: o.hosts }).map((p) => ({
    path: `plan.nat64.${p.field}`,
    message: p.message,
  }))];
  if (wkp) {
    problems.push(...taygaPlanProblems({ prefix: plan.nsp.prefix, pool: plan.nsp.pool, taygaIpv4: plan.nsp['tayga-ipv4'], hosts: 1 }).map((p) => ({ path: `plan.nsp.${p.field}`, message: p.message })));
    for (const [path, a, b] of [
      ['nsp.prefix', plan.nsp.prefix, plan.lan.prefix],
      ['nsp.prefix', plan.nsp.prefix, plan.nat64.prefix],
      ['nsp.pool', plan.nsp.pool, plan.nat64.pool],
    ] as const) {
      if (overlap(a, b)) problems.push({ path: `plan.${path}`, message: `${a} overlaps ${b}: the comparison translator needs its own prefix and pool` });
    }
    const refused = (['web', 'dual-web'] as const).flatMap((k) => {
      const range = nonGlobalRange(plan.internet[k]);
      return range ? [{ k, range }] : [];
    });
    const acknowledged = NEEDS_WEB_TRANSLATED.every((id) => o.expect[id] === 'fail');
    for (const { k, range } of refused) {
      if (acknowledged) continue;
      problems.push({
        path: `plan.internet.${k}`,
        message:
          `${plan.internet[k]} is non-global (${range}, RFC 6052 §3.1) and the NAT64 prefix is the well-known ${plan.nat64.prefix}: ` +
          'Tayga refuses to translate it, so hosts cannot reach it. Use a network-specific prefix (plan.nat64.prefix, e.g. 2001:db8:64::/96) ' +
          `or global-looking service addresses — or, to show the failure, expect it: ${NEEDS_WEB_TRANSLATED.map((id) => `${id}: fail`).join(', ')}`,
      });
    }
  }
  return problems;
}
