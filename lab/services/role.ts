// A role is a slot a method fills with one of several real implementations: the RA daemon, the
// DNS64 resolver, the NAT64 translator, the HTTP proxy, the SOCKS proxy. Each implementation's
// module (services/<daemon>.ts) renders its own config from these parameters, so every check runs
// unchanged against every implementation. services/roles.ts lists them.
import type { Adoption, Rewrite } from './adopt.js';
import type { DaemonSpec } from './daemon-spec.js';
import type { Release } from '../env/release.js';
import type { ServiceDefinition } from './service.js';

export type RoleName = 'ra' | 'dns64' | 'nat64' | 'http-proxy' | 'socks' | 'clat';

/** Why a role has no port a lab can choose (its clients are told an address only, or none). */
export const PORTLESS: { [R in RoleName]?: string } = {
  ra: 'router advertisements are ICMPv6: there is no port',
  dns64: 'the RA (RDNSS, RFC 8106) names the resolver by address only: clients ask it on port 53',
  nat64: 'the translator translates every port',
  clat: "the host's own translator translates every port",
};

/** Router advertisements on the LAN: the prefix for SLAAC and the RDNSS, from the gateway's link-local address. */
export interface RaParams {
  node: string;
  dir: string;
  ifname: string;
  prefix: string;
  rdnss: string;
  /** The NAT64 prefix to announce as PREF64 (RFC 8781, ND option 38), where the daemon can. */
  pref64?: string;
}

/**
 * A host's CLAT (464XLAT, RFC 6877): its IPv4 (192.0.0.2) mapped to one extra IPv6 address of the
 * LAN prefix, every IPv4 destination into the PLAT's prefix.
 */
export interface ClatParams {
  node: string;
  dir: string;
  tun: string;
  /** The PLAT's prefix as the plan has it: the lab's own CLAT is given it; clatd must find it itself. */
  platPrefix: string;
  /** The host's own IPv6 address for its translated IPv4 (a /128 of the LAN prefix, proxied on the LAN). */
  clatIpv6: string;
  lanIf: string;
  /** The IPv4 default route's MTU: 1280 − 20 (IPv6 header is 20 bytes longer), so no ICMP round trip is needed. */
  routeMtu: number;
}

/** A recursive resolver with DNS64, iterating from the lab's root server. */
export interface Dns64Params {
  node: string;
  dir: string;
  /** Where it listens (the gateway's LAN address) and whom it answers. */
  listen: string;
  clients: string[];
  nat64Prefix: string;
  /** The lab root: its name and IPv4 address (for root hints). */
  root: { name: string; address: string };
  /** Negative controls: DNS64 off; synthesize even where a real AAAA exists; also listen on this uplink address for anyone. */
  dns64: boolean;
  synthAll: boolean;
  openOn?: string;
}

/** A proxy bound to the gateway's link-local address, for link-local clients. */
export interface ProxyParams {
  node: string;
  dir: string;
  ifname: string;
  /** The link-local address it listens on (with the zone ifname). */
  address: string;
  port: number;
  /** The resolver the proxy asks (the lab internet's DNS). */
  dnsServer: string;
  clients: string;
  /** Negative controls: also listen on this uplink address and let anyone in; deny the clients. */
  openOn?: string;
  denyClients: boolean;
}

/**
 * What an implementation can be deployed as besides its plain role: the negative controls faults
 * ask for. Each implementation declares the ones it has and how it does them (services/roles.ts);
 * a fault names the one it needs (role-transform.ts); docs/implementations.md's support matrix is
 * made from the declarations.
 */
/** Each role's capabilities, with what each means. */
export const CAPABILITIES = {
  ra: {},
  dns64: {
    'dns64-off': 'deployed without DNS64 (a plain recursive resolver)',
    'synth-all': 'synthesizes an AAAA even for names that have a real one',
    'open-to-uplink': 'also listens on the uplink and answers anyone',
  },
  nat64: {},
  'http-proxy': {
    'open-to-uplink': 'also listens on the uplink and lets anyone in',
    'deny-clients': 'denies the link-local clients',
  },
  socks: {
    'open-to-uplink': 'also listens on the uplink and lets anyone in',
  },
  clat: {},
} as const satisfies { [R in RoleName]: Record<string, string> };

export type Capability<R extends RoleName> = keyof (typeof CAPABILITIES)[R] & string;

/** Per capability an implementation has, how it does it (the config line, the option). */
export type CapabilitiesOf<R extends RoleName> = { [C in Capability<R>]?: string };

export interface RoleParams {
  ra: RaParams;
  dns64: Dns64Params;
  nat64: never;
  'http-proxy': ProxyParams;
  socks: ProxyParams;
  clat: ClatParams;
}

/**
 * One implementation of a role: its daemon, and its service for the role's parameters. The
 * guide's own implementation of a role (dnsmasq, Unbound, Squid, Dante) has none here: the
 * method deploys the guide's config for it, corrected line by line.
 */
export interface RoleImpl<R extends RoleName> {
  daemon: DaemonSpec;
  /** The capabilities it has (services/capabilities.ts), each with how it does it: a fault needing another is refused. */
  capabilities: CapabilitiesOf<R>;
  /** Why it lacks a capability, where that is worth saying (shown in the refusal and the support matrix). */
  lacks?: CapabilitiesOf<R>;
  /** Its rendering for the role's parameters, for the version of its daemon the nodes run (when it said). */
  service?(p: RoleParams[R], version?: string): ServiceDefinition;
  /** How it adopts a user's own config file (absent: adoption not supported for it yet). */
  adopt?: Adoption<RoleParams[R]>;
  /** Why it has no config file to adopt at all (microsocks: command-line flags only). */
  noConfig?: string;
  /** What its version in a release cannot do that the guide asks (measured), said before a run on that release. */
  releaseLimits?: { releases: Release[]; why: string }[];
  /**
   * The NAT64 prefix lengths it can synthesize under (absent: every length RFC 6052 allows), and
   * what was seen when given another: judged before anything is built.
   */
  nat64PrefixLengths?: { lengths: number[]; why: string };
  /** A proxy's tunnels (CONNECT) as the lab configures it: to any port, or not, and why. */
  tunnels?: { anyPort: boolean; why: string };
}

/** A user's config, accepted for a role (its checker passed it), read once before anything was built. */
export interface AdoptedConfig {
  role: RoleName;
  impl: string;
  file: string;
  original: string;
}

/** What a run did with a user's config: the lab's rewrites, as a unified diff (report.json's `adopted`). */
export interface AdoptionRecord {
  role: RoleName;
  impl: string;
  file: string;
  rewrites: Rewrite[];
  diff: string;
}
