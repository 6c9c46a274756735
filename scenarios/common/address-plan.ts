// The guide's address plan: every built-in method's default (a lab file overrides any part).
// All of it exists only inside the lab's own namespaces; nothing here is ever a target outside.
//
// Why 192.88.99.0/24 for the internet's services: the guide's NAT64 uses the well-known prefix
// 64:ff9b::/96, and Tayga 0.9.2 refuses to translate non-global IPv4 under it (RFC 6052 §3.1:
// 10/8, 172.16/12, 192.168/16, 192.0.2/24, 198.18/15, 198.51.100/24, 203.0.113/24). The internet
// needs global-looking addresses that are nobody's live service: 192.88.99.0/24 was the 6to4
// relay anycast block, deprecated by RFC 7526 and unused since. The uplink itself stays on
// TEST-NET-1 (192.0.2.0/24) as the guide draws it: NAT44 hides it, so Tayga never sees it.
import type { Plan } from '../../lab/plan/plan.js';

export const GUIDE_PLAN: Plan = {
  lan: { prefix: 'fd00:1::/64', 'gateway-lla': 'fe80::1', gateway: 'fd00:1::1' },
  nat64: {
    prefix: '64:ff9b::/96',
    pool: '192.168.255.0/24',
    'tayga-ipv4': '192.168.255.1',
    // Tayga insists on an IPv6 address of its own when ipv4-addr is private and the prefix is the WKP.
    'tayga-ipv6': 'fd00:64::1',
  },
  // A second Tayga on a network-specific prefix (RFC 6052 §2.2): Tayga's refusal of non-global
  // IPv4 applies only to the well-known prefix, so this one reaches the uplink's 192.0.2.1 too.
  nsp: { prefix: '2001:db8:64::/96', pool: '192.168.254.0/24', 'tayga-ipv4': '192.168.254.1' },
  uplink: { gateway: '192.0.2.2/24', internet: '192.0.2.1' },
  internet: {
    dns: '192.88.99.53',
    web: '192.88.99.80',
    'dual-web': '192.88.99.81',
    // The dual-stack name's real AAAA (documentation prefix; the outside has no IPv6 route to it).
    'dual-web-ipv6': '2001:db8:46::81',
    names: { v4only: 'www.v4only.lab', 'dual-stack': 'www.dualstack.lab' },
  },
};

/** What no plan changes: the lla-only method's IPv6 outside, and the lab root's own name. */
export const FIXED = {
  /** Only the lla-only scenario gives the outside IPv6, so the gateway has somewhere to forward to. */
  uplink6: {
    internet: '2001:db8:ff::1',
    gateway: '2001:db8:ff::2',
    prefixLength: 64,
    /** The internet's IPv6 side, routed by the gateway toward its uplink. */
    routedPrefix: '2001:db8:46::/48',
  },
  /** A destination the gateway has no route for (the guide's IPv4-only outside, for IPv6). */
  unroutedIpv6: '2001:db8:dead::1',
  rootServer: 'a.root-servers.lab.',
  /**
   * What the lab internet serves for the DNS64 conformance checks (RFC 6147, RFC 7050): the
   * root zone's SOA minimum (the TTL of a NODATA answer), a name with a long A TTL, a name whose
   * only AAAA is IPv4-mapped, a name with an RFC 1918 A.
   */
  conformance: {
    soaMinimum: 60,
    ttlName: 'ttl.conformance.lab',
    ttlA: 3600,
    mappedName: 'mapped.conformance.lab',
    privateName: 'private.conformance.lab',
    privateIpv4: '10.0.0.80',
  },
  /** Tayga's TUN devices: the plan's NAT64, and the comparison NSP beside a well-known prefix. */
  tun: { nat64: 'nat64', nsp: 'nat64nsp' },
  /**
   * The NAT64's TUN MTU: IPv6's minimum, as many deployed NAT64s run. With 1500-byte links around
   * it, a large transfer needs Path MTU discovery both ways (large-transfer shows it). Tayga 0.9.2
   * has no mtu directive: it reads its TUN's MTU once, at start.
   */
  pathMtu: 1280,
} as const;

/** What the internet's web server puts on its page, so a fetch proves it reached *this* server. */
export const WEB_MARKER = 'v6lab internet web server';
