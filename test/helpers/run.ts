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

/** Failed check ids (not counting those that do not apply), for assertions that name exactly what a fault breaks. */
export function failedIds(report: Report): string[] {
  return report.checks.filter((c) => !c.ok && c.verdict !== 'not-applicable').map((c) => c.id).sort();
}
