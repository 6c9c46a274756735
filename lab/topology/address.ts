// Address parsing and derivation on top of ip-address, with errors that name the fix.
import { Address4, Address6 } from 'ip-address';

export class InvalidAddressError extends Error {
  constructor(what: string, value: string, hint: string) {
    super(`invalid ${what} "${value}": ${hint}`);
    this.name = 'InvalidAddressError';
  }
}

export type Family = 4 | 6;

export interface ParsedCidr {
  family: Family;
  address: string; // canonical short form, no prefix length
  prefixLength: number;
}

/** Parse "addr/len" strictly: an explicit prefix length is required. */
export function parseCidr(cidr: string): ParsedCidr {
  const slash = cidr.lastIndexOf('/');
  if (slash < 0) throw new InvalidAddressError('address', cidr, 'write it with a prefix length, e.g. "fd00:1::1/64" or "192.0.2.2/24"');
  const len = Number(cidr.slice(slash + 1));
  if (cidr.includes(':')) {
    if (!Number.isInteger(len) || len < 0 || len > 128) throw new InvalidAddressError('IPv6 prefix length', cidr, 'use 0 to 128');
    if (!Address6.isValid(cidr.slice(0, slash))) throw new InvalidAddressError('IPv6 address', cidr, 'not a valid IPv6 address');
    return { family: 6, address: new Address6(cidr.slice(0, slash)).correctForm(), prefixLength: len };
  }
  if (!Number.isInteger(len) || len < 0 || len > 32) throw new InvalidAddressError('IPv4 prefix length', cidr, 'use 0 to 32');
  if (!Address4.isValid(cidr.slice(0, slash))) throw new InvalidAddressError('IPv4 address', cidr, 'not a valid dotted-quad IPv4 address');
  return { family: 4, address: new Address4(cidr.slice(0, slash)).correctForm(), prefixLength: len };
}

/** Parse a bare address (no prefix length). */
export function parseAddress(address: string): { family: Family; address: string } {
  if (address.includes('/')) throw new InvalidAddressError('address', address, 'give a bare address here, without "/len"');
  if (address.includes(':')) {
    if (!Address6.isValid(address)) throw new InvalidAddressError('IPv6 address', address, 'not a valid IPv6 address');
    return { family: 6, address: new Address6(address).correctForm() };
  }
  if (!Address4.isValid(address)) throw new InvalidAddressError('IPv4 address', address, 'not a valid dotted-quad IPv4 address');
  return { family: 4, address: new Address4(address).correctForm() };
}

/**
 * A function's answers kept by argument. Checks ask the same few questions of thousands of
 * captured packets (is this source in the LAN prefix? is it that address?); ip-address answers
 * each in tens of microseconds, which at 250 hosts was a visible share of the run's CPU.
 * Bounded, so a long-lived process (a soak) does not grow with every address it ever saw.
 */
export function remembered<R>(fn: (key: string) => R, limit = 50_000): (key: string) => R {
  const known = new Map<string, R>();
  return (key) => {
    const hit = known.get(key);
    if (hit !== undefined || known.has(key)) return hit as R;
    if (known.size >= limit) known.clear();
    const r = fn(key);
    known.set(key, r);
    return r;
  };
}

const canonical = remembered((address: string): string | null => {
  try {
    return parseAddress(address).address;
  } catch {
    return null;
  }
});

const inPrefixKnown = remembered((key: string): boolean => {
  const [address = '', prefix = ''] = key.split(' ');
  return inPrefixUncached(address, prefix);
});

/** True when `address` lies inside `prefix` (both strings; families must match). */
export function inPrefix(address: string, prefix: string): boolean {
  return inPrefixKnown(`${address} ${prefix}`);
}

function inPrefixUncached(address: string, prefix: string): boolean {
  const bare = address.split('%')[0] ?? address;
  if (prefix.includes(':') !== bare.includes(':')) return false;
  if (prefix.includes(':')) return new Address6(bare).isInSubnet(new Address6(prefix));
  return new Address4(bare).isInSubnet(new Address4(prefix));
}

/** 127.0.0.0/8 or ::1: reachable from the node itself only. */
export function isLoopback(address: string): boolean {
  try {
    return address.includes(':') ? sameAddress(address, '::1') : inPrefix(address, '127.0.0.0/8');
  } catch {
    return false;
  }
}

/** RFC 6052 embedding of an IPv4 address into a NAT64 prefix (e.g. 64:ff9b::/96). */
export function nat64Address(ipv4: string, prefix: string): string {
  return Address6.fromAddress4Nat64(ipv4, prefix).correctForm();
}

/** The IPv4 address carried in a NAT64 address, or null when it is not under the prefix. */
export function embeddedIpv4(ipv6: string, prefix: string): string | null {
  return new Address6(ipv6).toAddress4Nat64(prefix)?.correctForm() ?? null;
}

export function isLinkLocal6(address: string): boolean {
  return new Address6(address.split('%')[0] ?? address).isLinkLocal();
}

/**
 * RFC 5952's form of IPv6 text as users write it ("2001:DB8:4A1C:0010::/64" → "2001:db8:4a1c:10::/64",
 * "64:ff9b::192.0.2.1" → "64:ff9b::c000:201"); anything that is not IPv6 is returned as it is.
 */
export function rfc5952(text: string): string {
  const [address = '', length] = text.split('/');
  if (!address.includes(':') || !Address6.isValid(address)) return text;
  const form = new Address6(address).correctForm();
  return length === undefined ? form : `${form}/${length}`;
}

/** The address in "[fe80::1%eth0]", "fe80::1%eth0" or "192.0.2.1": no brackets, no zone. */
export function bareAddress(text: string): string {
  return text.replace(/^\[|\]$/g, '').split('%')[0]!;
}

/** Same address, compared in canonical form. */
export function sameAddress(a: string, b: string): boolean {
  const ca = canonical(a);
  return ca !== null && ca === canonical(b);
}

/** Same prefix: the same length and the same network bits, whatever the spelling ("64:FF9B::/96" = "64:ff9b:0::/96"). */
export function samePrefix(a: string, b: string): boolean {
  try {
    const pa = parseCidr(a);
    const pb = parseCidr(b);
    return pa.family === pb.family && pa.prefixLength === pb.prefixLength && inPrefix(pa.address, b) && inPrefix(pb.address, a);
  } catch {
    return false;
  }
}
