// The application matrix of `lab all`: apps × methods, each cell what the app did (works /
// fails), whether that is what the method is known to give, and the evidence line of its check.
// Its rows are every `app-<row>` check the reports have: the app kinds in their order, then the
// browsers' cells (app-browser-…) as the methods made them.
import { APP_KINDS } from '../checks/app.js';
import { verdictOk, type CheckResult } from '../checks/check.js';
import type { Report } from './types.js';

export interface AppCell {
  column: string;
  /** The row: the check id without its `app-` ("http-name", "browser-chromium-forwarder"). */
  kind: string;
  result?: CheckResult;
}

export interface AppMatrix {
  /** One per report: the method, and its runtime when several ran. */
  columns: { label: string; report: Report }[];
  /** The rows any report tried. */
  kinds: string[];
  cell(column: string, kind: string): AppCell;
}

export function appMatrixOf(reports: Report[]): AppMatrix {
  const runtimes = new Set(reports.map((r) => r.runtime));
  const releases = new Set(reports.map((r) => r.release?.number));
  const withApps = reports.filter((r) => r.checks.some((c) => c.id.startsWith('app-')));
  const where = (r: Report): string[] => [...(runtimes.size > 1 ? [r.runtime] : []), ...(releases.size > 1 && r.release ? [`Debian ${r.release.number}`] : [])];
  const columns = withApps.map((r) => ({ label: where(r).length > 0 ? `${r.method} (${where(r).join(', ')})` : r.method, report: r }));
  const tried = new Set(withApps.flatMap((r) => r.checks.filter((c) => c.id.startsWith('app-')).map((c) => c.id.slice('app-'.length))));
  const kinds = [...APP_KINDS.filter((k) => tried.has(k)), ...[...tried].filter((k) => !(APP_KINDS as readonly string[]).includes(k))];
  return {
    columns,
    kinds,
    cell: (column, kind) => {
      const r = columns.find((c) => c.label === column)?.report;
      const result = r?.checks.find((c) => c.id === rowId(kind));
      return { column, kind, ...(result ? { result } : {}) };
    },
  };
}

const rowId = (kind: string): string => `app-${kind}`;

/** "works", "fails", with ✓ when the method is known to give that and ✗ when not; "—" where the app does not apply. */
export function cellText(c: AppCell): string {
  if (!c.result) return '—';
  if (c.result.verdict === 'not-applicable') return 'n/a';
  return `${c.result.ok ? 'works' : 'fails'} ${verdictOk(c.result.verdict) ? '✓' : '✗'}`;
}

/** The matrix for a terminal: one line per app. */
export function appMatrixLines(m: AppMatrix): string[] {
  const w0 = Math.max(3, ...m.kinds.map((k) => k.length));
  const widths = m.columns.map((c) => Math.max(c.label.length, 8));
  const row = (first: string, cells: string[]) => `  ${first.padEnd(w0)}  ${cells.map((s, i) => s.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  return [
    row('app', m.columns.map((c) => c.label)),
    ...m.kinds.map((k) => row(k, m.columns.map((c) => cellText(m.cell(c.label, k))))),
    '  (✓ what the method is known to give, ✗ not: that cell fails the run; — not tried in that method)',
  ];
}

/** The matrix as Markdown, each cell linked to its check in that method's report, the evidence below. */
export function appMatrixMarkdown(m: AppMatrix, reportLink: (r: Report) => string): string {
  const head = `| app | ${m.columns.map((c) => c.label).join(' | ')} |\n|---|${m.columns.map(() => '---').join('|')}|`;
  const rows = m.kinds.map((k) => `| \`${k}\` | ${m.columns.map((c) => {
    const cell = m.cell(c.label, k);
    return cell.result ? `[${cellText(cell)}](${reportLink(c.report)}#${rowId(k)})` : '—';
  }).join(' | ')} |`);
  const evidence = m.columns.flatMap((c) => [
    '',
    `### ${c.label}`,
    ...m.kinds.flatMap((k) => {
      const r = m.cell(c.label, k).result;
      return r ? [`- \`${r.id}\` — ${cellText({ column: c.label, kind: k, result: r })} (expected: ${r.expectation === 'pass' ? 'works' : 'fails'}): ${r.observed.replaceAll('|', '\\|')}`] : [];
    }),
  ]);
  return [head, ...rows, '', '✓ the method is known to give this; ✗ it is not (the cell fails the run); — not tried in that method.', '', '## Evidence (each check\'s observed line; commands, exit codes and packets in the linked report)', ...evidence, ''].join('\n');
}
