// Method 1's network as the guide draws it: HOSTA/HOSTB on one L2 segment with the gateway's
// eth0 (its link-local address and its address in the LAN prefix), the gateway's eth1 on the
// IPv4-only uplink to the internet. Addresses from the plan.
import { isWellKnownPrefix, type Plan } from '../../lab/plan/plan.js';
import type { ScenarioOptions } from '../../lab/scenario.js';
import type { Endpoint, NodeSpec, Topology } from '../../lab/topology/types.js';
import { FIXED } from '../common/address-plan.js';
import { INTERNET, internetNode } from '../common/internet.js';
import { GATEWAY, hostNames, hostNode, lanSegment } from '../common/lan.js';

/** Where the run captures: HOSTA's side of the LAN, and the gateway's IPv4-only uplink. */
export const INSIDE: Endpoint = 'hosta:eth0';
export const OUTSIDE: Endpoint = `${GATEWAY}:eth1`;

export function gatewayNode(plan: Plan, extra: Partial<NodeSpec> = {}): NodeSpec {
  return {
    name: GATEWAY,
    role: 'router',
    interfaces: {
      // No kernel-made LLA: RAs come from the plan's link-local address (the hosts' next-hop), and daemons bind at once.
      eth0: {
        addrGenMode: 'none',
        addresses: [
          { cidr: `${plan.lan['gateway-lla']}/64`, nodad: true },
          { cidr: `${plan.lan.gateway}/64`, nodad: true },
        ],
      },
      eth1: { addresses: [{ cidr: plan.uplink.gateway }] },
    },
    routes: [{ to: 'default', via: plan.uplink.internet, dev: 'eth1' }],
    sysctls: {
      'net.ipv6.conf.all.forwarding': '1',
      'net.ipv4.ip_forward': '1',
      // Deterministic ICMP errors for the checks (the default rate limit drops some).
      'net.ipv6.icmp.ratelimit': '0',
      // The outside is IPv4-only, as the guide draws it: not even a link-local address there.
      'net.ipv6.conf.eth1.disable_ipv6': '1',
    },
    ...extra,
  };
}

export function nat64Topology({ hosts: count, plan }: ScenarioOptions): Topology {
  const hosts = hostNames(count);
  return {
    nodes: [...hosts.map((h) => hostNode(h)), gatewayNode(plan), internetNode(plan)],
    segments: [lanSegment(hosts)],
    links: [{ ends: [`${GATEWAY}:eth1`, `${INTERNET}:eth0`] }],
  };
}

/** The gateway's translator TUNs: the plan's Tayga, and the comparison one beside a well-known prefix. */
export function natTuns(plan: Plan): string[] {
  return isWellKnownPrefix(plan.nat64.prefix) ? [FIXED.tun.nat64, FIXED.tun.nsp] : [FIXED.tun.nat64];
}
