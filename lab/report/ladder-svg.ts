// The packet ladder: the key packets the checks found in the captures, in time order, as arrows
// between one lane per lab node (hosta, hostb, gw, internet); a request and its translated or
// proxied twin, matched by their probe token, are joined through the node between them.
import type { LadderPacket, PacketEvidence } from '../checks/check.js';
import type { Report } from './types.js';
import { inPrefix, sameAddress } from '../topology/address.js';
import { escapeXml as x } from './escape.js';

const LANE_W = 190;
const ROW_H = 30;
const MAX_ROWS = 40;

/** Address → node name, from every address the topology declares. */
function addressOwners(r: Report): { address: string; node: string }[] {
  return r.topology.nodes.flatMap((n) => [
    ...Object.values(n.interfaces).flatMap((i) => (i.addresses ?? []).map((a) => ({ address: a.cidr.split('/')[0]!, node: n.name }))),
    ...(n.loopback ?? []).map((a) => ({ address: a.cidr.split('/')[0]!, node: n.name })),
  ]);
}

export function ladderPackets(r: Report): (LadderPacket & { capture: string })[] {
  const seen = new Set<string>();
  const all = r.checks
    .flatMap((c) => c.evidence.filter((e): e is PacketEvidence => e.kind === 'packets'))
    .flatMap((e) => (e.timeline ?? []).map((p) => ({ ...p, capture: e.capture })))
    .filter((p) => {
      const key = `${p.time}|${p.src}|${p.dst}|${p.label}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  return all.sort((a, b) => a.time - b.time).slice(0, MAX_ROWS);
}

/**
 * The node a packet's address belongs to, as drawn: the topology's owner of the address; else,
 * for an address the plan does not name (a SLAAC address, a kernel-made fe80::, a NAT64 address),
 * the node whose capture saw it if that node is a host and the address is on its link, or the
 * router of that link (where the packet goes next, or came from).
 */
function nodeResolver(r: Report): (address: string, capture: string) => string {
  const owners = addressOwners(r);
  const routers = r.topology.nodes.filter((n) => n.role === 'router').map((n) => n.name);
  const hosts = new Set(r.topology.nodes.filter((n) => n.role === 'host').map((n) => n.name));
  const lanPrefix = r.plan?.lan.prefix;
  return (address, capture) => {
    const owner = owners.find((o) => sameAddress(o.address, address))?.node;
    if (owner) return owner;
    const seenBy = capture.replace(/^pcap\//, '').replace(/\.pcap$/, '').split('-')[0] ?? '';
    const onLink = isLinkLocal6Safe(address) || (lanPrefix !== undefined && inPrefixSafe(address, lanPrefix));
    if (hosts.has(seenBy)) return onLink ? seenBy : (routers[0] ?? seenBy);
    return seenBy;
  };
}

function isLinkLocal6Safe(a: string): boolean {
  return a.includes(':') && a.toLowerCase().startsWith('fe80');
}

function inPrefixSafe(a: string, prefix: string): boolean {
  try {
    return inPrefix(a, prefix);
  } catch {
    return false;
  }
}

/** "?probe=ab12cd" in a request's label: the token that ties a request to its translated twin. */
function probeOf(label: string): string | undefined {
  return /[?&]probe=(\w+)/.exec(label)?.[1];
}

export function ladderSvg(r: Report): string {
  const packets = ladderPackets(r);
  if (packets.length === 0) return '<p>No packet evidence in this run.</p>';
  const nodeOf = nodeResolver(r);
  // One lane per node, in the topology's order (hosts, routers, servers).
  const used = new Set(packets.flatMap((p) => [nodeOf(p.src, p.capture), nodeOf(p.dst, p.capture)]));
  const lanes = [...r.topology.nodes.map((n) => n.name).filter((n) => used.has(n)), ...[...used].filter((n) => !r.topology.nodes.some((t) => t.name === n))];
  const laneX = (node: string): number => 20 + lanes.indexOf(node) * LANE_W + LANE_W / 2;
  const top = 50;
  const height = top + packets.length * ROW_H + 20;
  const width = lanes.length * LANE_W + 40;
  const t0 = packets[0]!.time;
  const heads = lanes.map((lane) => {
    const cx = laneX(lane);
    const addrs = [...new Set(packets.flatMap((p) => [p.src, p.dst].filter((a) => nodeOf(a, p.capture) === lane)))];
    return `<text x="${cx}" y="16" text-anchor="middle" font-weight="bold">${x(lane)}</text><text x="${cx}" y="30" text-anchor="middle" font-size="8">${x(addrs.slice(0, 3).join(' ') + (addrs.length > 3 ? ' …' : ''))}</text><line x1="${cx}" y1="${top - 10}" x2="${cx}" y2="${height - 10}" stroke="#bbb" stroke-dasharray="4 3"/>`;
  });
  const rowY = (i: number): number => top + i * ROW_H + 10;
  const arrows = packets.map((p, i) => {
    const y = rowY(i);
    const [x1, x2] = [laneX(nodeOf(p.src, p.capture)), laneX(nodeOf(p.dst, p.capture))];
    const mid = (x1 + x2) / 2;
    const token = probeOf(p.label);
    return `<g class="packet"${token ? ` data-probe="${x(token)}"` : ''}><line x1="${x1}" y1="${y}" x2="${x2 === x1 ? x2 + 1 : x2}" y2="${y}" stroke="#246" marker-end="url(#arrow)"/><text x="${mid}" y="${y - 4}" text-anchor="middle">${x(p.label)}</text><text x="4" y="${y + 4}" fill="#888">+${((p.time - t0) * 1000).toFixed(0)}ms</text></g>`;
  });
  // A request and its translated (or proxied) twin carry the same probe token: joined through the
  // node between them, so the translation reads as one flow.
  const flows: string[] = [];
  const byToken = new Map<string, number[]>();
  packets.forEach((p, i) => {
    const t = probeOf(p.label);
    if (t) byToken.set(t, [...(byToken.get(t) ?? []), i]);
  });
  for (const rows of byToken.values()) {
    for (let k = 1; k < rows.length; k++) {
      const a = packets[rows[k - 1]!]!;
      const b = packets[rows[k]!]!;
      const via = nodeOf(a.dst, a.capture);
      if (via === nodeOf(b.src, b.capture)) flows.push(`<line class="flow" x1="${laneX(via)}" y1="${rowY(rows[k - 1]!)}" x2="${laneX(via)}" y2="${rowY(rows[k]!)}" stroke="#c60" stroke-width="3" opacity="0.6"/>`);
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" class="ladder" viewBox="0 0 ${width} ${height}" width="100%" font-family="monospace" font-size="10"><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#246"/></marker></defs>${heads.join('')}${flows.join('')}${arrows.join('')}</svg>`;
}
