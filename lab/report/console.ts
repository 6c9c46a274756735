// What a person sees in the terminal: each phase with its time, each check with ✓/✗ and one
// line of what was observed, the audit of the guide's lines, and the verdict.
import ora from 'ora';
import type { LabEvent, Report } from './types.js';

const PHASE_LABEL: Record<string, string> = {
  topology: 'topology up (namespaces, veths, bridge, addresses)',
  capture: 'packet capture started (tcpdump)',
  services: 'services deployed and ready',
  faults: 'faults applied',
  checks: 'checks',
  teardown: 'teardown',
};

/**
 * Live progress: on a terminal, a spinner names the step under way and each finished step stays
 * as a line with its time; elsewhere (CI logs, pipes) only the finished lines are printed.
 */
export function consoleEvents(write: (line: string) => void, tty = false): (e: LabEvent) => void {
  const spinner = tty ? ora({ stream: process.stdout }) : undefined;
  const print = (line: string): void => {
    if (spinner?.isSpinning) {
      spinner.clear();
      write(line);
      spinner.render();
    } else write(line);
  };
  return (e) => {
    if (e.type === 'phase' && e.state === 'start') spinner?.start(`${PHASE_LABEL[e.phase] ?? e.phase}…`);
    if (e.type === 'phase' && e.state === 'done') {
      spinner?.stop();
      print(`  · ${PHASE_LABEL[e.phase] ?? e.phase} — ${Math.round(e.ms ?? 0)} ms`);
    }
    if (e.type === 'note') print(`  ! ${e.text}`);
    if (e.type === 'check') print(`  ${e.result.ok ? '✓' : '✗'} ${e.result.id}: ${e.result.observed}`);
  };
}

/** The final table: one line per check, aligned, with its time. */
export function checkTable(r: Report): string[] {
  const w = Math.max(...r.checks.map((c) => c.id.length), 5);
  return ['', `  ${'check'.padEnd(w)}  result  time     title`, ...r.checks.map((c) => `  ${c.id.padEnd(w)}  ${c.ok ? '✓ pass' : '✗ FAIL'}  ${String(c.durationMs).padStart(5)} ms  ${c.title}`)];
}

export function consoleSummary(r: Report): string[] {
  const lines: string[] = [];
  if (r.audit.length > 0) {
    lines.push("", "The guide's config lines, tried as written:");
    for (const a of r.audit) {
      const say = !a.ok || /warning|deprecated/i.test(a.message);
      lines.push(`  ${a.ok ? '✓' : '✗'} [${a.daemon}] ${a.line.trim()}${say ? `\n      → ${a.message}` : ''}`);
    }
  }
  for (const c of r.crashes) lines.push('', `${c.name} on ${c.node} died during the run (${c.exit}). Last lines of its log:`, ...c.logTail.split('\n').map((l) => `  | ${l}`));
  const failed = r.checks.filter((c) => !c.ok);
  if (failed.length > 0) {
    lines.push('', 'Failed checks:');
    for (const c of failed) {
      lines.push(`  ✗ ${c.id} — ${c.title}`, `      expected: ${c.expected}`, `      observed: ${c.observed}`);
      const last = c.evidence.filter((e) => e.kind === 'command').pop();
      if (last?.kind === 'command') lines.push(`      last command: [${last.node}] ${last.command} → exit ${last.exitCode}`);
    }
  }
  const passed = r.checks.length - failed.length;
  lines.push(
    '',
    `${r.ok ? 'PASS' : 'FAIL'} ${r.method} on ${r.runtime}: ${passed}/${r.checks.length} checks passed` +
      `${r.faults.length > 0 ? ` (faults: ${r.faults.join(', ')})` : ''} in ${r.timings.total?.toFixed(2) ?? '?'} s`,
  );
  return lines;
}
