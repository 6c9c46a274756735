// Method 1's network as the guide draws it: HOSTA/HOSTB on one L2 segment with the gateway's
// eth0 (fe80::1, fd00:1::1), the gateway's eth1 on the IPv4-only uplink to the internet.
import type { ScenarioOptions } from '../../lab/scenario.js';
import type { NodeSpec, Topology } from '../../lab/topology/types.js';
import { PLAN } from '../common/address-plan.js';
import { INTERNET, internetNode } from '../common/internet.js';
import { GATEWAY, hostNames, hostNode, lanSegment } from '../common/lan.js';

export function gatewayNode(extra: Partial<NodeSpec> = {}): NodeSpec {
  return {
    name: GATEWAY,
    role: 'router',
    interfaces: {
      // No kernel-made LLA: RAs come from fe80::1, the guide's next-hop, and daemons bind at once.
      eth0: {
        addrGenMode: 'none',
        addresses: [
          { cidr: `${PLAN.lan.gatewayLinkLocal}/64`, nodad: true },
          { cidr: `${PLAN.lan.gatewayUla}/64`, nodad: true },
        ],
      },
      eth1: { addresses: [{ cidr: `${PLAN.uplink.gateway}/${PLAN.uplink.prefixLength}` }] },
    },
    routes: [{ to: 'default', via: PLAN.uplink.internet, dev: 'eth1' }],
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

export function nat64Topology(options: ScenarioOptions): Topology {
  const hosts = hostNames(options.hosts ?? 2);
  return {
    nodes: [...hosts.map((h) => hostNode(h)), gatewayNode(), internetNode()],
    segments: [lanSegment(hosts)],
    links: [{ ends: [`${GATEWAY}:eth1`, `${INTERNET}:eth0`] }],
  };
}
