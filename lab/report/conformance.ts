// The conformance matrix: implementation × check, each cell conforms / deviates (the RFC §, from
// the check's title) / unsupported / not applicable, with what was observed. Console,
// conformance.json, conformance.md and conformance.html.
import type { CheckResult } from '../checks/check.js';
import type { Release } from '../env/release.js';
import type { RoleName } from '../services/role.js';
import { escapeXml as x } from './escape.js';

export type CellState = 'conforms' | 'deviates' | 'unsupported' | 'not applicable' | 'not run';

export interface MatrixCell {
  check: string;
  state: CellState;
  /** "RFC 6147 §5.1.7" — the section a deviation departs from. */
  rfc: string;
  observed: string;
}

export interface MatrixRow {
  role: RoleName;
  impl: string;
  /** The version its daemon said it was, and the Debian release that packaged it. */
  version?: string;
  release?: { name: Release; number: number };
  /** The run the row comes from (its run directory, report.json). */
  labId: string;
  cells: MatrixCell[];
}

export interface ConformanceMatrix {
  checks: string[];
  rows: MatrixRow[];
}

export function cellOf(c: CheckResult | undefined, check: string): MatrixCell {
  if (!c) return { check, state: 'not run', rfc: '', observed: 'the run did not reach its checks' };
  const rfc = /^(RFC \d+(?: §[\d.]+)?)/.exec(c.title)?.[1] ?? '';
  const state: CellState = c.verdict === 'not-applicable' ? 'not applicable' : c.ok ? 'conforms' : c.unsupported ? 'unsupported' : 'deviates';
  return { check, state, rfc, observed: c.observed };
}

/** "unbound 1.17 (12)": the implementation, its major.minor version and the Debian release's number. */
export function rowName(r: Pick<MatrixRow, 'impl' | 'version' | 'release'>): string {
  const version = r.version ? ` ${r.version.split('.').slice(0, 2).join('.')}` : '';
  return `${r.impl}${version}${r.release ? ` (${r.release.number})` : ''}`;
}

const SHORT: Record<CellState, string> = { conforms: '✓ conforms', deviates: '✗ deviates', unsupported: '– unsupported', 'not applicable': '· n/a', 'not run': '? not run' };

/** A row has cells only for the checks that judge its role; the others stay blank. */
function cellText(c: MatrixCell | undefined): string {
  if (!c) return '';
  return c.state === 'deviates' ? `${SHORT.deviates} (${c.rfc})` : SHORT[c.state];
}

export function matrixLines(m: ConformanceMatrix): string[] {
  const first = Math.max(...m.rows.map((r) => `${r.role}: ${rowName(r)}`.length), 14);
  const widths = m.checks.map((id) => Math.max(id.length, ...m.rows.map((r) => cellText(r.cells.find((c) => c.check === id)).length)));
  const row = (head: string, cells: string[]): string => `  ${head.padEnd(first)}  ${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  return [row('implementation', m.checks), ...m.rows.map((r) => row(`${r.role}: ${rowName(r)}`, m.checks.map((id) => cellText(r.cells.find((c) => c.check === id)))))];
}

export function matrixMarkdown(m: ConformanceMatrix): string {
  const lines = ['# v6lab conformance: DNS64 resolvers and RA daemons', '', `| implementation | ${m.checks.map((c) => `\`${c}\``).join(' | ')} |`, `|---|${m.checks.map(() => '---').join('|')}|`];
  for (const r of m.rows) lines.push(`| ${r.role}: **${rowName(r)}** | ${m.checks.map((id) => cellText(r.cells.find((c) => c.check === id))).join(' | ')} |`);
  lines.push('', '## What each cell observed', '');
  for (const r of m.rows) for (const c of r.cells) if (c.state !== 'not applicable') lines.push(`- **${rowName(r)}** \`${c.check}\`: ${c.state}${c.rfc && c.state === 'deviates' ? ` (${c.rfc})` : ''} — ${c.observed}`);
  return lines.join('\n') + '\n';
}

export function matrixHtml(m: ConformanceMatrix): string {
  const color: Record<CellState, string> = { conforms: '#176d2b', deviates: '#b3261e', unsupported: '#8a6d00', 'not applicable': '#777', 'not run': '#777' };
  const rows = m.rows
    .map((r) => `<tr><th>${x(r.role)}: ${x(rowName(r))}</th>${m.checks.map((id) => {
      const c = r.cells.find((y) => y.check === id);
      if (!c) return '<td></td>';
      return `<td data-state="${x(c.state)}" style="color:${color[c.state]}" title="${x(c.observed)}">${x(cellText(c))}<br><small>${x(c.observed)}</small></td>`;
    }).join('')}</tr>`)
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>v6lab conformance</title>
<style>body{font-family:system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:12px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left;font-size:.85em}small{color:#444}.scroll{overflow-x:auto}</style></head>
<body><h1>v6lab conformance: DNS64 resolvers and RA daemons</h1><div class="scroll"><table><tr><th>implementation</th>${m.checks.map((c) => `<th>${x(c)}</th>`).join('')}</tr>
${rows}</table></div></body></html>
`;
}
