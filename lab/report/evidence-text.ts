// Evidence as plain text: what the console, JUnit's system-out, report.md and report.html
// (inside <pre>) all show.
import type { CheckResult, Evidence } from '../checks/check.js';

export function evidenceItemText(e: Evidence): string {
  if (e.kind === 'command') return `[${e.node}] $ ${e.command}   (exit ${e.exitCode}, ${e.durationMs} ms)\n${e.output}`;
  if (e.kind === 'packets') return `${e.capture}: ${e.what} — ${e.total} packet(s)\n${e.packets.join('\n')}`;
  return `${e.source}\n${e.excerpt}`;
}

export function evidenceText(c: CheckResult): string {
  return c.evidence.map(evidenceItemText).join('\n\n');
}
