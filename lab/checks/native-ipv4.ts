// "No native IPv4": the IPv4 a host holds outside the one device it may live in (a CLAT's TUN),
// judged the same way wherever a check asks — from the host's addresses and `ip -4 route` lines.

export interface Ipv4Address {
  ifname: string;
  /** "192.0.0.2/32" */
  cidr: string;
}

/**
 * Each IPv4 address not on lo or `allowedDevice`, and each IPv4 route not into `allowedDevice`
 * (every route, when no device is allowed), as a short finding. Empty: no native IPv4.
 */
export function nativeIpv4(o: { addresses: Ipv4Address[]; routes: string[]; allowedDevice?: string }): string[] {
  const into = o.allowedDevice ? new RegExp(`\\bdev ${o.allowedDevice}\\b`) : undefined;
  return [
    ...o.addresses.filter((a) => a.ifname !== 'lo' && a.ifname !== o.allowedDevice).map((a) => `${a.cidr} on ${a.ifname}`),
    ...o.routes.map((l) => l.trim()).filter((l) => l !== '' && !into?.test(l)).map((l) => `route "${l}"`),
  ];
}
