// report.md: the run as a Markdown page, for a change request or a chat message.
import type { Report } from './types.js';
import { chosenText } from './console.js';
import { evidenceText } from './evidence-text.js';
import { planRows } from './plan-table.js';
import { daemonsText, tally, VERDICT_MARK, VERDICT_WORDS } from './verdict-text.js';

export function toMarkdown(r: Report): string {
  const lines = [
    `# v6lab ${r.name ? `${r.name}: ` : ''}${r.method}${chosenText(r)} (${r.runtime}) — ${r.ok ? 'PASS' : 'FAIL'}`,
    '',
    `${tally(r.checks)} in ${r.timings.total?.toFixed(2) ?? '?'} s` + (r.faults.length ? ` with faults: ${r.faults.join(', ')}` : '') + '.',
    '',
    `Daemons of ${daemonsText(r)}.`,
    ...(r.labFile ? ['', `Lab file: \`${r.labFile.path}\` (sha256 ${r.labFile.sha256})`] : []),
    '',
    '| | check | expected | observed |',
    '|---|---|---|---|',
    ...r.checks.map((c) => `| ${VERDICT_MARK[c.verdict]}${c.verdict === 'passed' || c.verdict === 'failed' ? '' : ` ${VERDICT_WORDS[c.verdict]}`} | \`${c.id}\` ${c.title} | ${cell(c.expected)} | ${cell(c.observed)} |`),
    '',
    '## Address plan',
    '',
    '| | |',
    '|---|---|',
    ...planRows(r.plan, r.spellings).map(([k, v]) => `| ${k} | \`${v}\` |`),
  ];
  for (const a of r.adopted ?? []) lines.push('', `## Your ${a.role} config \`${a.file}\` (${a.impl}), as the lab runs it`, '', '```diff', a.diff.trimEnd(), '```');
  if (r.notes.length) lines.push('', '## Notes', '', ...r.notes.map((n) => `- ${n}`));
  if (r.audit.length) {
    lines.push('', "## The guide's config lines, tried as written", '', '| | daemon | line | what it said |', '|---|---|---|---|');
    lines.push(...r.audit.map((a) => `| ${a.ok ? '✓' : '✗'} | ${a.daemon} | \`${a.line.trim()}\` | ${cell(a.message)} |`));
  }
  lines.push('', '## Evidence');
  for (const c of r.checks) lines.push('', `### ${VERDICT_MARK[c.verdict]} ${c.id}`, '', '```', evidenceText(c), '```');
  return lines.join('\n') + '\n';
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
}
