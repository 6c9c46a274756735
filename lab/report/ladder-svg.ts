// The packet ladder: the key packets the checks found in the captures, in time order, as arrows
// between one lane per address (named after the lab node that holds it, where the plan says).
import type { LadderPacket, PacketEvidence } from '../checks/check.js';
import type { Report } from './types.js';
import { sameAddress } from '../topology/address.js';
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

export function ladderSvg(r: Report): string {
  const packets = ladderPackets(r);
  if (packets.length === 0) return '<p>No packet evidence in this run.</p>';
  const owners = addressOwners(r);
  // One lane per lab node whose address the plan names; other addresses get a lane of their own,
  // labelled with the capture that saw them (SLAAC and kernel-made addresses are not in the plan).
  const laneOf = (a: string): string => owners.find((o) => sameAddress(o.address, a))?.node ?? a;
  const lanes: string[] = [];
  for (const p of packets) for (const a of [p.src, p.dst]) if (!lanes.includes(laneOf(a))) lanes.push(laneOf(a));
  const laneTitle = (lane: string): [string, string] => {
    if (owners.some((o) => o.node === lane)) return [lane, [...new Set(packets.flatMap((p) => [p.src, p.dst]).filter((a) => laneOf(a) === lane))].join(' ')];
    if (lane.startsWith('ff')) return ['multicast', lane];
    const cap = packets.find((p) => p.src === lane)?.capture.replace(/^pcap\//, '').replace(/\.pcap$/, '');
    return [cap ? `seen on ${cap}` : '', lane];
  };
  const laneX = (a: string): number => 20 + lanes.indexOf(laneOf(a)) * LANE_W + LANE_W / 2;
  const top = 50;
  const height = top + packets.length * ROW_H + 20;
  const width = lanes.length * LANE_W + 40;
  const t0 = packets[0]!.time;
  const heads = lanes.map((lane, i) => {
    const cx = 20 + i * LANE_W + LANE_W / 2;
    const [title, sub] = laneTitle(lane);
    return `<text x="${cx}" y="16" text-anchor="middle" font-weight="bold">${x(title)}</text><text x="${cx}" y="30" text-anchor="middle" font-size="8">${x(sub)}</text><line x1="${cx}" y1="${top - 10}" x2="${cx}" y2="${height - 10}" stroke="#bbb" stroke-dasharray="4 3"/>`;
  });
  const arrows = packets.map((p, i) => {
    const y = top + i * ROW_H + 10;
    const [x1, x2] = [laneX(p.src), laneX(p.dst)];
    const mid = (x1 + x2) / 2;
    return `<g class="packet"><line x1="${x1}" y1="${y}" x2="${x2}" y2="${y}" stroke="#246" marker-end="url(#arrow)"/><text x="${mid}" y="${y - 4}" text-anchor="middle">${x(p.label)}</text><text x="4" y="${y + 4}" fill="#888">+${((p.time - t0) * 1000).toFixed(0)}ms</text></g>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="ladder" viewBox="0 0 ${width} ${height}" width="100%" font-family="monospace" font-size="10"><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#246"/></marker></defs>${heads.join('')}${arrows.join('')}</svg>`;
}
