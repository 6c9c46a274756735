// report.md: the run as a Markdown page, for a change request or a chat message.
import type { Report } from './types.js';
import { evidenceText } from './evidence-text.js';

export function toMarkdown(r: Report): string {
  const lines = [
    `# v6lab ${r.method} (${r.runtime}) — ${r.ok ? 'PASS' : 'FAIL'}`,
    '',
    `${r.checks.filter((c) => c.ok).length}/${r.checks.length} checks passed in ${r.timings.total?.toFixed(2) ?? '?'} s` + (r.faults.length ? ` with faults: ${r.faults.join(', ')}` : '') + '.',
    '',
    '| | check | expected | observed |',
    '|---|---|---|---|',
    ...r.checks.map((c) => `| ${c.ok ? '✓' : '✗'} | \`${c.id}\` ${c.title} | ${cell(c.expected)} | ${cell(c.observed)} |`),
  ];
  if (r.notes.length) lines.push('', '## Notes', '', ...r.notes.map((n) => `- ${n}`));
  if (r.audit.length) {
    lines.push('', "## The guide's config lines, tried as written", '', '| | daemon | line | what it said |', '|---|---|---|---|');
    lines.push(...r.audit.map((a) => `| ${a.ok ? '✓' : '✗'} | ${a.daemon} | \`${a.line.trim()}\` | ${cell(a.message)} |`));
  }
  lines.push('', '## Evidence');
  for (const c of r.checks) lines.push('', `### ${c.ok ? '✓' : '✗'} ${c.id}`, '', '```', evidenceText(c), '```');
  return lines.join('\n') + '\n';
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
}
