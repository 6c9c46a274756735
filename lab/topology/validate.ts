// Topology validation: every problem found at once, each with what to change,
// before a single namespace is made (so a bad topology never leaves anything half-built).
import { parseAddress, parseCidr } from './address.js';
import { splitEndpoint, type Endpoint, type Topology } from './types.js';

export class TopologyError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid topology:\n  - ${problems.join('\n  - ')}`);
    this.name = 'TopologyError';
  }
}

const NODE_NAME = /^[a-z][a-z0-9]{0,11}$/;
// Linux limits interface names to 15 bytes (IFNAMSIZ - 1).
const IFNAME = /^[a-zA-Z][a-zA-Z0-9_.-]{0,14}$/;

export function validateTopology(topology: Topology): void {
  const problems: string[] = [];
  const nodes = new Map(topology.nodes.map((n) => [n.name, n]));
  if (nodes.size !== topology.nodes.length) problems.push('two nodes share a name: give each node its own name');

  for (const node of topology.nodes) {
    if (!NODE_NAME.test(node.name)) {
      problems.push(`node name "${node.name}": use 1-12 lowercase letters/digits starting with a letter`);
    }
    for (const [ifname, spec] of Object.entries(node.interfaces)) {
      if (!IFNAME.test(ifname) || ifname === 'lo') problems.push(`${node.name}: interface name "${ifname}" must be 1-15 characters [A-Za-z0-9_.-] and not "lo"`);
      for (const a of spec.addresses ?? []) problems.push(...addressProblems(`${node.name}:${ifname}`, a.cidr));
    }
    for (const a of node.loopback ?? []) problems.push(...addressProblems(`${node.name}:lo`, a.cidr));
    for (const r of node.routes ?? []) {
      if (r.to !== 'default') problems.push(...addressProblems(`${node.name} route`, r.to));
      if (r.via !== undefined) {
        try {
          parseAddress(r.via);
        } catch (e) {
          problems.push(`${node.name} route to ${r.to}: ${(e as Error).message}`);
        }
      }
      if (r.dev !== undefined && !(r.dev in node.interfaces)) {
        problems.push(`${node.name} route to ${r.to}: device "${r.dev}" is not one of the node's interfaces (${Object.keys(node.interfaces).join(', ') || 'none'})`);
      }
      if (r.via === undefined && r.dev === undefined) problems.push(`${node.name} route to ${r.to}: give "via" or "dev"`);
    }
    for (const key of Object.keys(node.sysctls ?? {})) {
      if (!/^net\.[a-z0-9_.\-]+$/.test(key)) problems.push(`${node.name}: sysctl "${key}" is not a net.* key; the lab only sets per-namespace network sysctls`);
    }
  }

  const used = new Map<string, string>();
  const useEndpoint = (endpoint: Endpoint, where: string): void => {
    const { node, ifname } = splitEndpoint(endpoint);
    const spec = nodes.get(node);
    if (!spec) {
      problems.push(`${where} refers to node "${node}", which does not exist (nodes: ${[...nodes.keys()].join(', ')})`);
      return;
    }
    if (!(ifname in spec.interfaces)) {
      problems.push(`${where} refers to ${endpoint}, but ${node} declares no interface "${ifname}"`);
      return;
    }
    const previous = used.get(endpoint);
    if (previous) problems.push(`${endpoint} is wired twice (${previous} and ${where}); an interface joins one link or segment`);
    used.set(endpoint, where);
  };
  for (const link of topology.links) {
    for (const end of link.ends) useEndpoint(end, `link ${link.ends.join('—')}`);
  }
  const segmentNames = new Set<string>();
  for (const seg of topology.segments) {
    if (!NODE_NAME.test(seg.name)) problems.push(`segment name "${seg.name}": use 1-12 lowercase letters/digits`);
    if (segmentNames.has(seg.name) || nodes.has(seg.name)) problems.push(`segment name "${seg.name}" is already used by a node or segment`);
    segmentNames.add(seg.name);
    for (const m of seg.members) {
      useEndpoint(m, `segment ${seg.name}`);
      // The switch-side port is named "<node>-<ifname>" and must fit in 15 bytes too.
      if (m.replace(':', '-').length > 15) problems.push(`segment ${seg.name}: port name "${m.replace(':', '-')}" is longer than 15 characters; shorten the node or interface name`);
    }
  }
  for (const node of topology.nodes) {
    for (const ifname of Object.keys(node.interfaces)) {
      if (!used.has(`${node.name}:${ifname}`)) problems.push(`${node.name}:${ifname} is declared but wired to nothing`);
    }
  }
  if (problems.length > 0) throw new TopologyError(problems);
}

function addressProblems(where: string, cidr: string): string[] {
  try {
    parseCidr(cidr);
    return [];
  } catch (e) {
    return [`${where}: ${(e as Error).message}`];
  }
}
