// The inside LAN of the guide's picture: hosts on one L2 segment with the gateway's eth0.
import type { NodeSpec, SegmentSpec } from '../../lab/topology/types.js';

export const GATEWAY = 'gw';

/** hosta, hostb for the guide's two hosts; h3, h4, … when a scenario is scaled up. */
export function hostNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => (i < 2 ? ['hosta', 'hostb'][i]! : `h${i + 1}`));
}

/**
 * A LAN host. accept_dad=0: duplicate address detection adds 2.4-4 s before a SLAAC address is
 * usable and tests nothing the guide is about (every host's address is unique by construction).
 */
export function hostNode(name: string, extra: Partial<NodeSpec> = {}): NodeSpec {
  return {
    name,
    role: 'host',
    interfaces: { eth0: {} },
    sysctls: { 'net.ipv6.conf.all.accept_dad': '0', 'net.ipv6.conf.default.accept_dad': '0' },
    ...extra,
  };
}

export function lanSegment(hosts: string[]): SegmentSpec {
  return { name: 'lan', members: [...hosts.map((h) => `${h}:eth0` as const), `${GATEWAY}:eth0`] };
}
