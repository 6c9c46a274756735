// What a person sees in the terminal: each phase with its time, each check with ✓/✗ and one
// line of what was observed, the audit of the guide's lines, and the verdict.
import type { Ora } from 'ora';
import { verdictOk, type CheckResult } from '../checks/check.js';
import type { LabEvent, Report } from './types.js';
import { checkLine, tally, VERDICT_MARK, VERDICT_WORDS } from './verdict-text.js';

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

/** A spinner for a terminal (ora is loaded only then). */
export async function terminalSpinner(): Promise<Ora> {
  const { default: ora } = await import('ora');
  return ora({ stream: process.stdout });
}

export function consoleEvents(write: (line: string) => void, spinner?: Ora): (e: LabEvent) => void {
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
    if (e.type === 'check') print(`  ${checkLine(e.result)}`);
  };
}

/** The final table: one line per check, aligned, with its time. */
export function checkTable(r: Report): string[] {
  const w = Math.max(...r.checks.map((c) => c.id.length), 5);
  const result = (c: CheckResult): string => `${VERDICT_MARK[c.verdict]} ${VERDICT_WORDS[c.verdict]}`;
  const rw = Math.max(...r.checks.map((c) => result(c).length), 6);
  return ['', `  ${'check'.padEnd(w)}  ${'result'.padEnd(rw)}  time     title`, ...r.checks.map((c) => `  ${c.id.padEnd(w)}  ${result(c).padEnd(rw)}  ${String(c.durationMs).padStart(5)} ms  ${c.title}`)];
}

export function consoleSummary(r: Report): string[] {
  const lines: string[] = [];
  for (const a of r.adopted ?? []) {
    lines.push('', `Your ${a.role} config ${a.file} (${a.impl}), as the lab runs it:`, ...a.diff.trimEnd().split('\n').slice(1).map((l) => `  ${l}`));
    lines.push('  why:', ...a.rewrites.map((w) => `    ${w.line ? `line ${w.line}` : 'added'}: ${w.why}`));
  }
  if (r.audit.length > 0) {
    lines.push("", "The guide's config lines, tried as written:");
    for (const a of r.audit) {
      const say = !a.ok || /warning|deprecated/i.test(a.message);
      lines.push(`  ${a.ok ? '✓' : '✗'} [${a.daemon}] ${a.line.trim()}${say ? `\n      → ${a.message}` : ''}`);
    }
  }
  for (const c of r.crashes) lines.push('', `${c.name} on ${c.node} died during the run (${c.exit}). Last lines of its log:`, ...c.logTail.split('\n').map((l) => `  | ${l}`));
  const failed = r.checks.filter((c) => !verdictOk(c.verdict));
  if (failed.length > 0) {
    lines.push('', 'Failed checks:');
    for (const c of failed) {
      const why = c.verdict === 'passed-unexpectedly' ? ['      the lab file expects it to fail (expect: fail), and it passed'] : [];
      lines.push(`  ✗ ${c.id} — ${c.title}`, `      expected: ${c.expected}`, `      observed: ${c.observed}`, ...why);
      const last = c.evidence.filter((e) => e.kind === 'command').pop();
      if (last?.kind === 'command') lines.push(`      last command: [${last.node}] ${last.command} → exit ${last.exitCode}`);
    }
  }
  lines.push(
    '',
    `${r.ok ? 'PASS' : 'FAIL'} ${r.name ? `${r.name} (${r.method})` : r.method}${chosenText(r)} on ${r.runtime}: ${tally(r.checks)}` +
      `${r.faults.length > 0 ? ` (faults: ${r.faults.join(', ')})` : ''} in ${r.timings.total?.toFixed(2) ?? '?'} s`,
  );
  return lines;
}

/** " [dns64: bind9, ra: radvd]": the implementations that are not the guide's. */
export function chosenText(r: Report): string {
  const own = new Map((r.adopted ?? []).map((a) => [a.role, a.file]));
  const roles = [...new Set([...Object.keys(r.chosen ?? {}), ...own.keys()])] as (keyof Report['roles'])[];
  return roles.length ? ` [${roles.map((role) => `${role}: ${r.roles[role]}${own.has(role) ? ` (${own.get(role)})` : ''}`).join(', ')}]` : '';
}
