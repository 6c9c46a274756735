// Running a scenario from a test exactly as the CLI does, and reading its checks by id.
import type { CheckResult } from '../../lab/checks/check.js';
import type { Report } from '../../lab/report/types.js';
import { runLab, type RunOptions } from '../../lab/run-lab.js';
import { SCENARIOS } from '../../scenarios/index.js';

export async function runMethod(method: string, options: RunOptions = {}): Promise<Report> {
  const scenario = SCENARIOS[method];
  if (!scenario) throw new Error(`no scenario ${method}`);
  return runLab(scenario, options);
}

export function check(report: Report, id: string): CheckResult {
  const c = report.checks.find((x) => x.id === id);
  if (!c) throw new Error(`report has no check "${id}" (has: ${report.checks.map((x) => x.id).join(', ')})`);
  return c;
}

/** Each check as "id: ok", or "id: <what it observed>" when it failed, sorted: a failing assertion shows the evidence. */
export function checkOutcomes(report: Report): string[] {
  return report.checks.map((c) => `${c.id}: ${c.ok ? 'ok' : c.observed}`).sort();
}

/** Failed check ids (not counting those that do not apply), for assertions that name exactly what a fault breaks. */
export function failedIds(report: Report): string[] {
  return report.checks.filter((c) => !c.ok && c.verdict !== 'not-applicable').map((c) => c.id).sort();
}

/**
 * Several labs at once, each run to its end (teardown included) before the first failure is
 * thrown: a plain Promise.all would let the test end, and the process exit, with labs still up.
 */
export async function allLabs<const T extends readonly Promise<Report>[]>(runs: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(runs);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<Report>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
}
