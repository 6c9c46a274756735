// The topology model: what a scenario declares, before any runtime makes it real.
// Plain data, so it can be validated, rendered into a report and diffed.

/** An address on an interface, in CIDR form ("fd00:1::1/64", "192.0.2.2/24"). */
export interface AddressSpec {
  cidr: string;
  /** Skip duplicate address detection so daemons can bind at once (IPv6 only). */
  nodad?: boolean;
}

export interface InterfaceSpec {
  addresses?: AddressSpec[];
  /** "none" keeps the kernel from generating its own fe80:: address (we assign fe80::1 ourselves). */
  addrGenMode?: 'eui64' | 'none' | 'random';
}

export interface RouteSpec {
  /** "default" or a CIDR prefix. */
  to: string;
  via?: string;
  dev?: string;
}

export interface NodeSpec {
  name: string;
  /** What the node is in the picture; runtimes treat all alike. */
  role: 'host' | 'router' | 'server';
  interfaces: Record<string, InterfaceSpec>;
  /** Addresses held on the loopback device (service addresses; the kernel here has no dummy driver). */
  loopback?: AddressSpec[];
  routes?: RouteSpec[];
  /** sysctl key → value, applied inside the node's namespace only. */
  sysctls?: Record<string, string>;
}

/** "node:ifname" */
export type Endpoint = `${string}:${string}`;

/** A point-to-point cable (one veth pair). */
export interface LinkSpec {
  ends: [Endpoint, Endpoint];
}

/** An L2 segment: a bridge in a switch namespace of its own, one veth per member. */
export interface SegmentSpec {
  name: string;
  members: Endpoint[];
}

export interface Topology {
  nodes: NodeSpec[];
  links: LinkSpec[];
  segments: SegmentSpec[];
}

export function splitEndpoint(endpoint: Endpoint): { node: string; ifname: string } {
  const at = endpoint.indexOf(':');
  return { node: endpoint.slice(0, at), ifname: endpoint.slice(at + 1) };
}
