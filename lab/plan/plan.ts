// The address plan of the site under test: the LAN, the gateway's addresses, the NAT64 prefix and
// pool, the uplink and the lab internet's services. Every address a topology, a config or a check
// uses comes from here; the built-in methods' defaults are presets (scenarios/common/address-plan.ts)
// and a lab file overrides any part. Keys are spelt as in lab files (kebab-case).
import { Address4, Address6 } from 'ip-address';
import { inPrefix, parseCidr, rfc5952 } from '../topology/address.js';

export interface Plan {
  lan: {
    /** The /64 hosts get their SLAAC address from. */
    prefix: string;
    /** The gateway's link-local address: RA source and the hosts' next-hop. */
    'gateway-lla': string;
    /** The gateway's address in the LAN prefix: the RDNSS, where the DNS64 resolver listens. */
    gateway: string;
  };
  nat64: {
    /** The NAT64 prefix (RFC 6052: /32, /40, /48, /56, /64 or /96). */
    prefix: string;
    /** Tayga's dynamic pool: one IPv4 address per IPv6 host. */
    pool: string;
    /** Tayga's own IPv4 address (the pool's first address unless given). */
    'tayga-ipv4': string;
    /** Tayga's own IPv6 address, needed under the well-known prefix (its ICMPv6 errors come from it). */
    'tayga-ipv6': string;
  };
  /** A second translator on a network-specific prefix, beside a well-known-prefix NAT64, for comparison. */
  nsp: { prefix: string; pool: string; 'tayga-ipv4': string };
  uplink: {
    /** The gateway's uplink address with its prefix length (the internet's side is on the same subnet). */
    gateway: string;
    /** The internet's address on the uplink: the gateway's default route. */
    internet: string;
  };
  internet: {
    /** The lab root DNS server. */
    dns: string;
    /** The IPv4-only web site. */
    web: string;
    /** The dual-stack web site's IPv4 address, and its real AAAA. */
    'dual-web': string;
    'dual-web-ipv6': string;
    names: { v4only: string; 'dual-stack': string };
    /**
     * Your own names in the lab's DNS (`intranet.example.lab: { A: 192.88.99.80 }`), so your own
     * checks can ask for them. The lab is sealed: each points at one of the internet's addresses.
     */
    records?: Record<string, DnsRecords>;
    /**
     * Your own TCP services on the internet (`{ name: intranet-ssh, address: 192.88.99.81, port:
     * 8443, banner: … }`): each greets its clients with its banner, on one of the internet's IPv4
     * addresses — so your checks can reach a service of yours by name and port.
     */
    services?: InternetService[];
  };
}

/** A TCP service of yours on the lab internet: it sends its banner line to each client. */
export interface InternetService {
  name: string;
  address: string;
  port: number;
  banner: string;
}

/** A name's records in the lab's DNS. */
export interface DnsRecords {
  A?: string;
  AAAA?: string;
}

/** Any part of a plan, as a lab file or defineLab gives it. */
export type PlanInput = { [K in keyof Plan]?: Partial<Plan[K]> & (K extends 'internet' ? { names?: Partial<Plan['internet']['names']> } : unknown) };

export const WELL_KNOWN_PREFIX = '64:ff9b::/96';

/** RFC 6052 §3.1: IPv4 that must not be translated under the well-known prefix (Tayga refuses it). */
export const NON_GLOBAL_IPV4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '192.0.2.0/24', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24'];

export function isWellKnownPrefix(prefix: string): boolean {
  try {
    const p = parseCidr(prefix);
    return p.prefixLength === 96 && p.address === '64:ff9b::';
  } catch {
    return false;
  }
}

/** The RFC 6052 §3.1 range an IPv4 address falls in, if any. */
export function nonGlobalRange(ipv4: string): string | undefined {
  return NON_GLOBAL_IPV4.find((r) => inPrefix(ipv4, r));
}

/** The address at `suffix` ("::a", "0.0.0.1") inside a prefix ("fd00:1::/64" → "fd00:1::a"). */
export function addressIn(prefix: string, suffix: string): string {
  if (prefix.includes(':')) {
    const base = new Address6(prefix).startAddress().bigInt();
    return Address6.fromBigInt(base + new Address6(suffix).bigInt()).correctForm();
  }
  const base = new Address4(prefix).startAddress().bigInt();
  return Address4.fromBigInt(base + new Address4(suffix).bigInt()).correctForm();
}

/**
 * IPv4 addresses a Tayga pool can hand out: all but the network address and Tayga's own
 * (measured: a /29 with Tayga on .1 mapped six hosts, .2 to .7, and dropped the seventh).
 */
export function poolCapacity(pool: string, taygaIpv4: string): number {
  const size = 2 ** (32 - parseCidr(pool).prefixLength);
  return Math.max(0, size - 1 - (inPrefix(taygaIpv4, pool) ? 1 : 0));
}

/** The bare address of "addr/len". */
export function bare(cidr: string): string {
  return cidr.split('/')[0] ?? cidr;
}

/**
 * Fill a plan from a preset's defaults and a lab file's overrides. A pool given without Tayga's own
 * address gets its first address for Tayga (as the defaults do).
 */
/** A value of the plan a user spelt otherwise than RFC 5952 (upper case, zero padding, "::" elsewhere, dotted IPv4). */
export interface Spelling {
  path: string;
  given: string;
  canonical: string;
}

/** Every IPv6 value of a plan input in RFC 5952's form, and where the user's spelling differed. */
export function canonicalPlanInput(input: PlanInput = {}): { input: PlanInput; spellings: Spelling[] } {
  const spellings: Spelling[] = [];
  const walk = (v: unknown, path: string[]): unknown => {
    if (typeof v === 'string') {
      const canonical = rfc5952(v);
      if (canonical !== v) spellings.push({ path: ['plan', ...path].join('.'), given: v, canonical });
      return canonical;
    }
    if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, [...path, k])]));
    return v;
  };
  return { input: walk(input, []) as PlanInput, spellings };
}

/** The preset's plan with the user's parts over it, every address in RFC 5952's form. */
export function resolvePlan(defaults: Plan, given: PlanInput = {}): Plan {
  const { input } = canonicalPlanInput(given);
  const taygaIpv4 = (d: { pool: string; 'tayga-ipv4': string }, i?: { pool?: string; 'tayga-ipv4'?: string }): string =>
    i?.['tayga-ipv4'] ?? (i?.pool ? addressIn(i.pool, '0.0.0.1') : d['tayga-ipv4']);
  return {
    lan: { ...defaults.lan, ...input.lan },
    nat64: { ...defaults.nat64, ...input.nat64, 'tayga-ipv4': taygaIpv4(defaults.nat64, input.nat64) },
    nsp: { ...defaults.nsp, ...input.nsp, 'tayga-ipv4': taygaIpv4(defaults.nsp, input.nsp) },
    uplink: { ...defaults.uplink, ...input.uplink },
    internet: { ...defaults.internet, ...input.internet, names: { ...defaults.internet.names, ...input.internet?.names } },
  };
}

export interface PlanProblem {
  /** Where in the lab file: "plan.lan.prefix", "expect.no-such-check", "hosts". */
  path: string;
  message: string;
  /** The path's keys, where one holds a dot itself (a DNS name under internet.records). */
  keys?: string[];
}
