// One check's evidence as plain text: what JUnit's system-out and the Markdown report show.
import type { CheckResult } from '../checks/check.js';

export function evidenceText(c: CheckResult): string {
  return c.evidence
    .map((e) => {
      if (e.kind === 'command') return `[${e.node}] $ ${e.command}   (exit ${e.exitCode}, ${e.durationMs} ms)\n${e.output}`;
      if (e.kind === 'packets') return `${e.capture}: ${e.what} — ${e.total} packet(s)\n${e.packets.join('\n')}`;
      return `${e.source}\n${e.excerpt}`;
    })
    .join('\n\n');
}
