// Each host's CLAT (464XLAT, RFC 6877), the `clat` role: the lab's own Tayga in the host's
// namespace, given the PLAT prefix from the plan (the guide's way, built by hand), or clatd
// (Debian 13), which is given no prefix and must discover it as a CLAT on a real host does. Either
// way its IPv4 side is 192.0.0.2 (RFC 7335) and its IPv6 side one extra address of the LAN prefix;
// the gateway's NAT64 is the PLAT.
import { Address6 } from 'ip-address';
import type { Lab } from '../../lab/lab.js';
import type { Plan } from '../../lab/plan/plan.js';
import type { ClatParams } from '../../lab/services/role.js';
import { configDir } from '../../lab/services/service.js';
import { taygaClatService } from '../../lab/services/tayga.js';
import { hostNames } from '../common/lan.js';

export const CLAT_TUN = 'clat';
/** IPv6 minimum MTU (1280) less the 20 bytes an IPv6 header adds over IPv4's. */
export const CLAT_ROUTE_MTU = 1260;

/** Host n's CLAT address: interface id ::c1a7:n in the LAN prefix, clear of SLAAC's EUI-64 ids. */
export function clatAddress(plan: Plan, hostIndex: number): string {
  const base = new Address6(plan.lan.prefix).startAddress().bigInt();
  return Address6.fromBigInt(base + (0xc1a7n << 16n) + BigInt(hostIndex + 1)).correctForm();
}

export async function deployClats(lab: Lab): Promise<void> {
  const hosts = hostNames(lab.options.hosts);
  const params = (node: string, i: number): ClatParams => ({ node, dir: configDir(lab.runtime, node), tun: CLAT_TUN, platPrefix: lab.plan.nat64.prefix, clatIpv6: clatAddress(lab.plan, i), lanIf: 'eth0', routeMtu: CLAT_ROUTE_MTU });
  await lab.deploy(hosts.map((node, i) => lab.roleService('clat', params(node, i), taygaClatService)));
}
