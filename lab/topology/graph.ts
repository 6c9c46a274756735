// Who is wired to whom: nodes and segments ("seg:<name>") as one adjacency map.
import { splitEndpoint, type Topology } from './types.js';

export interface Wire {
  peer: string;
  ifname: string;
}

export function wiredTo(t: Topology): Map<string, Wire[]> {
  const adj = new Map<string, Wire[]>();
  const add = (a: string, w: Wire): void => void adj.set(a, [...(adj.get(a) ?? []), w]);
  for (const l of t.links) {
    const a = splitEndpoint(l.ends[0]);
    const b = splitEndpoint(l.ends[1]);
    add(a.node, { peer: b.node, ifname: a.ifname });
    add(b.node, { peer: a.node, ifname: b.ifname });
  }
  for (const s of t.segments) {
    for (const m of s.members) {
      const e = splitEndpoint(m);
      add(e.node, { peer: `seg:${s.name}`, ifname: e.ifname });
      add(`seg:${s.name}`, { peer: e.node, ifname: e.ifname });
    }
  }
  return adj;
}
