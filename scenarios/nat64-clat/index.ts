// Method 1 with 464XLAT (RFC 6877): the guide's NAT64 gateway as the PLAT, and a CLAT in every
// host so IPv4-only applications and IPv4 literals work too — the fix for method 1's one gap.
// The pieces: clat.ts (the CLATs), checks.ts, faults.ts; everything else is method 1's.
import { defineScenario, type Fault } from '../../lab/scenario.js';
import { deploy as deployNat64 } from '../nat64/deploy.js';
import { NAT64_BASE } from '../nat64/index.js';
import { nat64PlanProblems } from '../nat64/plan-rules.js';
import { clatScenarioChecks } from './checks.js';
import { deployClats } from './clat.js';
import { clatFaults, type ClatFault } from './faults.js';

export const nat64ClatScenario = defineScenario({
  name: 'nat64-clat',
  title: 'Method 1 + 464XLAT: a CLAT (Tayga) in every host, the NAT64 as PLAT',
  // Method 1's network and daemons; the CLATs are Tayga too.
  ...NAT64_BASE,
  // The CLAT is a role: the lab's own Tayga (given the prefix), or clatd (finds it).
  roles: { ...NAT64_BASE.roles, clat: 'tayga' },
  async deploy(lab) {
    // The hosts' SLAAC addresses first: a CLAT host forwards, and its RA handling changes with it.
    const deployed = await deployNat64(lab);
    await deployClats(lab);
    return deployed;
  },
  checks: clatScenarioChecks,
  faults: clatFaults as Record<ClatFault, Fault<ClatFault>>,
  // Each host reaches the PLAT from two addresses (its own and its CLAT's): Tayga maps both.
  planProblems: (plan, o) => nat64PlanProblems(plan, { ...o, hosts: o.hosts * 2 }),
});
