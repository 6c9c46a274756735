// The guide's starting point: HOSTA has only its link-local address. The default route via
// fe80::1 is fine, but the gateway must not forward a link-local source. The outside gets IPv6
// here (unlike in the guide) so that the gateway has a route and its scope check is reached.
import type { Check } from '../../lab/checks/check.js';
import {
  llaAppErrorsCheck,
  llaForwardingRefusedCheck,
  llaSourceSelectedCheck,
  noRouteCode0Check,
  ulaFixesItCheck,
} from './checks.js';
import { checkGroup } from '../../lab/checks/check-group.js';
import type { Lab } from '../../lab/lab.js';
import { defineScenario, type ScenarioOptions } from '../../lab/scenario.js';
import type { Endpoint, Topology } from '../../lab/topology/types.js';
import { addressIn } from '../../lab/plan/plan.js';
import { FIXED, GUIDE_PLAN, WEB_MARKER } from '../common/address-plan.js';
import { hostaUlaFault, mustRun } from '../common/faults.js';
import { deployInternet, INTERNET, INTERNET_DAEMONS, internetNode, internetPlanProblems } from '../common/internet.js';
import { GATEWAY, hostNames, hostNode, lanSegment } from '../common/lan.js';

const INSIDE: Endpoint = 'hosta:eth0';
const OUTSIDE: Endpoint = `${GATEWAY}:eth1`;

function topology({ hosts: count, plan }: ScenarioOptions): Topology {
  const hosts = hostNames(count);
  const { lan, uplink } = plan;
  const { uplink6 } = FIXED;
  return {
    nodes: [
      ...hosts.map((h) =>
        hostNode(h, {
          // No RA is accepted: the host keeps nothing but its fe80:: address.
          sysctls: { 'net.ipv6.conf.all.accept_dad': '0', 'net.ipv6.conf.default.accept_dad': '0', 'net.ipv6.conf.all.accept_ra': '0', 'net.ipv6.conf.default.accept_ra': '0' },
          routes: [{ to: 'default', via: lan['gateway-lla'], dev: 'eth0' }],
        }),
      ),
      {
        name: GATEWAY,
        role: 'router',
        interfaces: {
          eth0: { addrGenMode: 'none', addresses: [{ cidr: `${lan['gateway-lla']}/64`, nodad: true }, { cidr: `${lan.gateway}/64`, nodad: true }] },
          eth1: { addresses: [{ cidr: uplink.gateway }, { cidr: `${uplink6.gateway}/${uplink6.prefixLength}`, nodad: true }] },
        },
        // Only the internet's IPv6 prefix is routed: anything else has no route (code 0).
        routes: [
          { to: 'default', via: uplink.internet, dev: 'eth1' },
          { to: uplink6.routedPrefix, via: uplink6.internet, dev: 'eth1' },
        ],
        // accept_dad on `default` too: an interface does DAD when either `all` or its own value says so,
        // and the uplink's link-local address in DAD held the first forwarded packet for 1 s (measured).
        sysctls: { 'net.ipv6.conf.all.forwarding': '1', 'net.ipv6.icmp.ratelimit': '0', 'net.ipv6.conf.all.accept_dad': '0', 'net.ipv6.conf.default.accept_dad': '0' },
      },
      internetNode(plan, { dualStack: true }),
    ],
    segments: [lanSegment(hosts)],
    links: [{ ends: [`${GATEWAY}:eth1`, `${INTERNET}:eth0`] }],
  };
}

/** The problem on the wire, what applications then see, and what a ULA changes. */
const checks = checkGroup({
  name: 'the link-local-only host',
  ids: ['lla-source-selected', 'lla-forwarding-refused', 'lla-app-errors', 'lla-no-route-code0', 'ula-fixes-it'],
  make: (lab: Lab) => llaChecks(lab),
});

function llaChecks(lab: Lab): Check[] {
  const { plan } = lab;
  const host = hostNames(lab.options.hosts)[0]!;
  const destination = plan.internet['dual-web-ipv6'];
  const router = plan.lan['gateway-lla'];
  return [
    llaSourceSelectedCheck({ id: 'lla-source-selected', host, destination, inside: INSIDE }),
    llaForwardingRefusedCheck({ id: 'lla-forwarding-refused', host, destination, router, inside: INSIDE, outside: OUTSIDE }),
    llaAppErrorsCheck({ id: 'lla-app-errors', host, destination, queryName: plan.internet.names.v4only }),
    noRouteCode0Check({ id: 'lla-no-route-code0', host, destination: FIXED.unroutedIpv6, router, inside: INSIDE }),
    ulaFixesItCheck({ id: 'ula-fixes-it', host, ifname: 'eth0', ula: `${addressIn(plan.lan.prefix, '::a')}/64`, destination, router, bodyMarker: WEB_MARKER, outside: OUTSIDE }),
  ];
}

export const llaOnlyScenario = defineScenario({
  name: 'lla-only',
  title: 'The problem: a link-local-only host and a router that must not forward it',
  daemons: [...INTERNET_DAEMONS],
  roles: {},
  tools: ['curl', 'dig', 'ping'],
  defaultPlan: GUIDE_PLAN,
  topology,
  captures: [INSIDE, OUTSIDE],
  deploy: (lab) => deployInternet(lab, { dualStack: true }),
  checks: [checks],
  planProblems: internetPlanProblems,
  faults: {
    'hosta-ula': hostaUlaFault,
    'gw-default-v6': {
      description: 'give the gateway a default IPv6 route, so no destination is unrouted',
      apply: async (lab) => mustRun(lab, GATEWAY, ['ip', '-6', 'route', 'add', 'default', 'via', FIXED.uplink6.internet, 'dev', 'eth1']),
    },
    'no-forwarding': {
      description: 'turn IPv6 forwarding off in the gateway',
      apply: async (lab) => mustRun(lab, GATEWAY, ['sysctl', '-q', '-w', 'net.ipv6.conf.all.forwarding=0']),
    },
  },
});
