// Turns a topology into the kernel operations that build it, grouped so each group is one
// `ip -batch` per namespace. Pure (no I/O), so it is unit-tested and shared by every runtime.
//
// Rule of the lab: no interface is ever created in the root namespace. A veth pair is created
// by `ip` running inside one node's namespace, with the far end pushed straight into the other
// (`link add <far> netns <other> type veth peer name <near>`). The far end is the main device:
// the other way round fails on this kernel ("Transport endpoint is not connected").
import { parseCidr } from '../topology/address.js';
import { splitEndpoint, type NodeSpec, type Topology } from '../topology/types.js';

export const BRIDGE = 'br0';

export interface NodePlan {
  /** Node name; switch nodes are named "sw-<segment>". */
  node: string;
  /** sysctls that must hold before interfaces arrive (all/default/global keys). */
  earlySysctls: string[];
  /** `ip -batch` lines run inside this node to create veths (far ends pushed to peers). */
  create: string[];
  /** sysctls on this node's own interfaces, applied once they exist and before they come up. */
  lateSysctls: string[];
  /** `ip -batch` lines run inside this node to configure its interfaces, addresses, routes. */
  configure: string[];
}

export function switchNodeName(segment: string): string {
  return `sw-${segment}`;
}

/** Switch-side port name for a segment member: "<node>-<ifname>" (fits 15 bytes; validated). */
export function switchPortName(node: string, ifname: string): string {
  return `${node}-${ifname}`;
}

export function planWiring(topology: Topology, nsOf: (node: string) => string): NodePlan[] {
  const plans = new Map<string, NodePlan>();
  const plan = (node: string): NodePlan => {
    let p = plans.get(node);
    if (!p) {
      p = { node, earlySysctls: [], create: [], lateSysctls: [], configure: [] };
      plans.set(node, p);
    }
    return p;
  };

  for (const node of topology.nodes) {
    const p = plan(node.name);
    for (const [key, value] of Object.entries(node.sysctls ?? {})) {
      (isInterfaceSysctl(key, node) ? p.lateSysctls : p.earlySysctls).push(`${key}=${value}`);
    }
  }

  for (const link of topology.links) {
    const a = splitEndpoint(link.ends[0]);
    const b = splitEndpoint(link.ends[1]);
    plan(a.node).create.push(`link add ${b.ifname} netns ${nsOf(b.node)} type veth peer name ${a.ifname}`);
  }

  for (const seg of topology.segments) {
    const sw = plan(switchNodeName(seg.name));
    // A switch has no IP stack of its own: no IPv6 on its ports, no stray RS/DAD on the wire.
    sw.earlySysctls.push('net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1');
    sw.create.push(`link add ${BRIDGE} type bridge mcast_snooping 0`);
    sw.configure.push(`link set dev ${BRIDGE} up`);
    for (const member of seg.members) {
      const m = splitEndpoint(member);
      const port = switchPortName(m.node, m.ifname);
      sw.create.push(`link add ${m.ifname} netns ${nsOf(m.node)} type veth peer name ${port}`);
      sw.configure.push(`link set dev ${port} master ${BRIDGE}`, `link set dev ${port} up`);
    }
  }

  for (const node of topology.nodes) plan(node.name).configure.push(...configureLines(node));
  return [...plans.values()];
}

function configureLines(node: NodeSpec): string[] {
  const lines = ['link set dev lo up'];
  for (const a of node.loopback ?? []) lines.push(`addr add ${a.cidr} dev lo`);
  for (const [ifname, spec] of Object.entries(node.interfaces)) {
    if (spec.addrGenMode) lines.push(`link set dev ${ifname} addrgenmode ${spec.addrGenMode}`);
    lines.push(`link set dev ${ifname} up`);
    for (const a of spec.addresses ?? []) {
      const nodad = a.nodad && parseCidr(a.cidr).family === 6 ? ' nodad' : '';
      lines.push(`addr add ${a.cidr} dev ${ifname}${nodad}`);
    }
  }
  for (const r of node.routes ?? []) {
    // `ip -batch` takes no -4/-6 per line, so "default" is spelled as the family's /0.
    const to = r.to === 'default' ? (r.via?.includes(':') ? '::/0' : '0.0.0.0/0') : r.to;
    lines.push(`route add ${to}${r.via ? ` via ${r.via}` : ''}${r.dev ? ` dev ${r.dev}` : ''}`);
  }
  return lines;
}

/** "net.ipv6.conf.eth0.accept_ra" names one of the node's interfaces; those must wait for it. */
function isInterfaceSysctl(key: string, node: NodeSpec): boolean {
  const m = /^net\.ipv[46]\.(?:conf|neigh)\.([^.]+)\./.exec(key);
  return m !== null && m[1] !== undefined && m[1] in node.interfaces;
}
