// The topology as an SVG: nodes in columns by distance from the hosts, L2 segments as bars,
// each node with its interfaces' addresses and the daemons it runs.
import { wiredTo } from '../topology/graph.js';
import type { Topology } from '../topology/types.js';
import { escapeXml as x } from './escape.js';

const COL_W = 290;
const BOX_W = 240;
const WRAP = 34;
const LINE_H = 14;

interface Placed {
  id: string;
  kind: 'node' | 'segment';
  col: number;
  row: number;
  lines: string[];
  y: number;
  h: number;
}

export function topologySvg(t: Topology, daemons: Record<string, string[]>): string {
  const adjacency = wiredTo(t);
  // Columns: breadth-first from the hosts, so the picture reads left (LAN) to right (internet).
  const col = new Map<string, number>();
  const queue = t.nodes.filter((n) => n.role === 'host').map((n) => n.name);
  for (const q of queue) col.set(q, 0);
  for (let i = 0; i < queue.length; i++) {
    const here = queue[i]!;
    for (const next of adjacency.get(here) ?? []) {
      if (!col.has(next.peer)) {
        col.set(next.peer, (col.get(here) ?? 0) + 1);
        queue.push(next.peer);
      }
    }
  }
  const ids = [...t.nodes.map((n) => n.name), ...t.segments.map((s) => `seg:${s.name}`)];
  for (const id of ids) if (!col.has(id)) col.set(id, 0);
  const rows = new Map<number, number>();
  const placed = new Map<string, Placed>();
  for (const id of ids) {
    const c = col.get(id)!;
    const row = rows.get(c) ?? 0;
    rows.set(c, row + 1);
    const node = t.nodes.find((n) => n.name === id);
    const lines = node
      ? [
          `${node.name} (${node.role})`,
          ...Object.entries(node.interfaces).map(([ifn, spec]) => `${ifn}: ${(spec.addresses ?? []).map((a) => a.cidr).join(', ') || (t.segments.length ? 'SLAAC / link-local' : '—')}`),
          ...(node.loopback?.length ? [`lo: ${node.loopback.map((a) => a.cidr.replace(/\/(32|128)$/, '')).join(', ')}`] : []),
          ...((daemons[node.name] ?? []).length ? [`runs: ${daemons[node.name]!.join(', ')}`] : []),
        ]
      : [`L2 segment "${id.slice(4)}" (bridge)`];
    const wrapped = lines.flatMap(wrap);
    placed.set(id, { id, kind: node ? 'node' : 'segment', col: c, row, lines: wrapped, y: 0, h: 10 + wrapped.length * LINE_H });
  }
  // Stack each column.
  for (const c of new Set([...placed.values()].map((p) => p.col))) {
    let y = 20;
    for (const p of [...placed.values()].filter((q) => q.col === c).sort((a, b) => a.row - b.row)) {
      p.y = y;
      y += p.h + 24;
    }
  }
  const height = Math.max(...[...placed.values()].map((p) => p.y + p.h)) + 20;
  const width = (Math.max(...[...placed.values()].map((p) => p.col)) + 1) * COL_W + 20;
  const cx = (p: Placed): number => 20 + p.col * COL_W;
  const edges = new Set<string>();
  const lines: string[] = [];
  for (const [from, list] of adjacency) {
    for (const e of list) {
      const key = [from, e.peer].sort().join('|');
      if (edges.has(key)) continue;
      edges.add(key);
      const a = placed.get(from)!;
      const b = placed.get(e.peer)!;
      const [l, r] = a.col <= b.col ? [a, b] : [b, a];
      lines.push(`<line x1="${cx(l) + BOX_W}" y1="${l.y + l.h / 2}" x2="${cx(r)}" y2="${r.y + r.h / 2}" stroke="#555"/>`);
    }
  }
  const boxes = [...placed.values()].map((p) => {
    const fill = p.kind === 'segment' ? '#eef3ff' : p.lines[0]?.includes('(host)') ? '#f4fff0' : '#fff8ec';
    const text = p.lines.map((l, i) => `<text x="${cx(p) + 8}" y="${p.y + 16 + i * LINE_H}"${i === 0 ? ' font-weight="bold"' : ''}>${x(l)}</text>`).join('');
    return `<g class="node" data-node="${x(p.id)}"><rect x="${cx(p)}" y="${p.y}" width="${BOX_W}" height="${p.h}" rx="6" fill="${fill}" stroke="#333"/>${text}</g>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="topology" viewBox="0 0 ${width} ${height}" width="100%" font-family="monospace" font-size="10.5">${lines.join('')}${boxes.join('')}</svg>`;
}

/** Break a long "eth0: a, b, c" line after commas so it fits the box. */
function wrap(line: string): string[] {
  if (line.length <= WRAP) return [line];
  const out: string[] = [];
  let cur = '';
  for (const part of line.split(/(?<=, )/)) {
    if (cur && (cur + part).length > WRAP) {
      out.push(cur.trimEnd());
      cur = '    ' + part;
    } else cur += part;
  }
  if (cur) out.push(cur.trimEnd());
  return out;
}
