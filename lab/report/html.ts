// report.html: one self-contained page (no CDN, no script, works offline, fits a phone): the
// verdict, the topology, every check with its evidence, the packet ladder, the guide's audit.
import { verdictOk, type Evidence } from '../checks/check.js';
import type { Report } from './types.js';
import { escapeXml as x } from './escape.js';
import { chosenText } from './console.js';
import { evidenceItemText } from './evidence-text.js';
import { planRows } from './plan-table.js';
import { daemonsText, tally, VERDICT_MARK, VERDICT_WORDS } from './verdict-text.js';
import { ladderSvg } from './ladder-svg.js';
import { topologySvg } from './topology-svg.js';

const CSS = `
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:12px;color:#222}
h1{font-size:1.4em} .pass{color:#176d2b} .fail{color:#b3261e}
table{border-collapse:collapse;width:100%} td,th{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left;font-size:.9em}
.scroll{overflow-x:auto} pre{white-space:pre-wrap;word-break:break-all;background:#f6f6f6;padding:6px;font-size:.8em}
details summary{cursor:pointer} .ok{color:#176d2b;font-weight:bold} .bad{color:#b3261e;font-weight:bold}`;

function evidenceHtml(e: Evidence): string {
  return `<pre>${x(evidenceItemText(e))}</pre>`;
}

export function toHtml(r: Report): string {
  const daemons: Record<string, string[]> = {};
  for (const s of r.services) (daemons[s.node] ??= []).push(s.listens ? `${s.name} (${s.listens})` : s.name);
  const rows = r.checks
    .map(
      (c) => `<tr class="check" id="${x(c.id)}" data-check-id="${x(c.id)}" data-ok="${c.ok}" data-verdict="${c.verdict}"><td class="${verdictOk(c.verdict) ? 'ok' : 'bad'}">${VERDICT_MARK[c.verdict]}${c.verdict === 'passed' || c.verdict === 'failed' ? '' : `<br><small>${x(VERDICT_WORDS[c.verdict])}</small>`}</td><td><b>${x(c.id)}</b><br>${x(c.title)}</td><td>${x(c.expected)}</td><td>${x(c.observed)}<details><summary>evidence (${c.evidence.length})</summary>${c.evidence.map(evidenceHtml).join('')}</details></td></tr>`,
    )
    .join('\n');
  const audit = r.audit.length
    ? `<h2>The guide's config lines, tried as written</h2><div class="scroll"><table><tr><th></th><th>daemon</th><th>line</th><th>what it said</th></tr>${r.audit
        .map((a) => `<tr><td class="${a.ok ? 'ok' : 'bad'}">${a.ok ? '✓' : '✗'}</td><td>${x(a.daemon)}</td><td><code>${x(a.line.trim())}</code></td><td>${x(a.message)}</td></tr>`)
        .join('')}</table></div>`
    : '';
  const adopted = (r.adopted ?? []).map((a) => `<h2>Your ${x(a.role)} config <code>${x(a.file)}</code> (${x(a.impl)}), as the lab runs it</h2><pre class="diff">${x(a.diff)}</pre>`).join('');
  const notes = r.notes.length ? `<h2>Notes</h2><ul>${r.notes.map((n) => `<li>${x(n)}</li>`).join('')}</ul>` : '';
  const crashes = r.crashes.map((c) => `<h2 class="fail">${x(c.name)} on ${x(c.node)} died (${x(c.exit)})</h2><pre>${x(c.logTail)}</pre>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>v6lab ${x(r.method)} — ${r.ok ? 'PASS' : 'FAIL'}</title><style>${CSS}</style></head>
<body>
<h1 class="${r.ok ? 'pass' : 'fail'}">v6lab ${r.name ? `${x(r.name)}: ` : ''}${x(r.method)}${x(chosenText(r))} on ${x(r.runtime)}: ${r.ok ? 'PASS' : 'FAIL'} — ${x(tally(r.checks))}</h1>
<p>lab ${x(r.labId)} · ${r.timings.total?.toFixed(2) ?? '?'} s · daemons of ${x(daemonsText(r))}${r.faults.length ? ` · faults: ${x(r.faults.join(', '))}` : ''}${r.error ? ` · error: ${x(r.error)}` : ''}${r.labFile ? ` · lab file <code>${x(r.labFile.path)}</code> (sha256 ${x(r.labFile.sha256.slice(0, 12))}…)` : ''}</p>
<h2>Address plan</h2><div class="scroll"><table id="plan">${planRows(r.plan, r.spellings).map(([k, v]) => `<tr><td>${x(k)}</td><td><code>${x(v)}</code></td></tr>`).join('')}</table></div>
${r.labFile ? `<details><summary>lab file ${x(r.labFile.path)}</summary><pre>${x(r.labFile.content)}</pre></details>` : ''}
<h2>Topology</h2><div class="scroll">${topologySvg(r.topology, daemons)}</div>
<h2>Checks</h2><div class="scroll"><table id="checks"><tr><th></th><th>check</th><th>expected</th><th>observed</th></tr>
${rows}</table></div>
<h2>Packet ladder</h2><p>The key packets the checks found in the captures (pcap/ beside this file), in time order.</p><div class="scroll">${ladderSvg(r)}</div>
${adopted}${audit}${notes}${crashes}
</body></html>
`;
}
