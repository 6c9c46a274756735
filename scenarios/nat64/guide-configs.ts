// Method 1's configs exactly as the guide prints them (../shared/guide, section 方法1).
// Data only: the scenario decides what to correct and records why.

export const GUIDE_DNSMASQ = `# /etc/dnsmasq.d/ipv6.conf
interface=eth0
enable-ra
# ULAを配布(SLAAC)
dhcp-range=::,constructor:eth0,ra-only,64,12h
# DNSはゲートウェイのULAに
dhcp-option=option6:dns-server,[fd00:1::1]`;

export const GUIDE_UNBOUND = `# /etc/unbound/unbound.conf.d/dns64.conf
server:
  interface: fd00:1::1
  do-ip6: yes
  module-config: "dns64 validator iterator"

dns64:
  prefix: 64:ff9b::/96`;

export const GUIDE_JOOL = [
  'jool instance add --netfilter --pool6 64:ff9b::/96',
  'jool -t nat64 --enable',
];

export const GUIDE_NAT44 = 'iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE';

/**
 * Not in the guide: Tayga is stateless and MASQUERADE rewrites only outbound packets, so with the
 * guide's lines alone an uplink neighbour routing the pool to the gateway reaches inside hosts
 * through their pool addresses (measured). The lab adds this rule on the gateway, and says why.
 */
export function inboundFilterRules(tuns: string[]): string[] {
  // REJECT rather than DROP: the refusal is immediate and visible (ICMP "administratively prohibited").
  return tuns.map((tun) => `iptables -A FORWARD -i eth1 -o ${tun} -m conntrack --ctstate NEW,INVALID -j REJECT --reject-with icmp-admin-prohibited`);
}
