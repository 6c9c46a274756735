// Method 1 of the guide (recommended): hosts with a ULA only, DNS64 on the gateway's Unbound,
// NAT64 (Tayga here; Jool where the kernel has it) and NAT44 toward an IPv4-only outside.
// The pieces: topology.ts, configs.ts (+ guide-configs.ts), audit.ts, deploy.ts, checks.ts, faults.ts.
import { defineScenario, type Scenario } from '../../lab/scenario.js';
import { GUIDE_PLAN } from '../common/address-plan.js';
import { INTERNET_DAEMONS } from '../common/internet.js';
import { nat64Checks } from './checks.js';
import { CONFORMANCE_ROLE } from './conformance.js';
import { deploy } from './deploy.js';
import { nat64Faults } from './faults.js';
import { nat64PlanProblems } from './plan-rules.js';
import { INSIDE, nat64Topology, OUTSIDE } from './topology.js';

export { gatewayNode, nat64Topology } from './topology.js';

/** Method 1's network, daemons and tools: also what its 464XLAT variant (nat64-clat) is built on. */
export const NAT64_BASE = {
  // Besides the roles' daemons: the comparison translator, NAT44, Jool's tool (probed for the
  // audit), the internet's servers.
  daemons: ['tayga', 'iptables', 'jool', ...INTERNET_DAEMONS],
  roles: { ra: 'dnsmasq', dns64: 'unbound', nat64: 'tayga' },
  tools: ['dig', 'curl', 'rdisc6', 'ping', 'nc'],
  defaultPlan: GUIDE_PLAN,
  topology: nat64Topology,
  captures: [INSIDE, OUTSIDE],
} satisfies Pick<Scenario, 'daemons' | 'roles' | 'tools' | 'defaultPlan' | 'topology' | 'captures'>;

export const nat64Scenario = defineScenario({
  name: 'nat64',
  title: 'Method 1: ULA + DNS64/NAT64 (recommended)',
  ...NAT64_BASE,
  deploy,
  checks: nat64Checks,
  faults: nat64Faults,
  planProblems: nat64PlanProblems,
  conformance: { roleOf: CONFORMANCE_ROLE },
});
