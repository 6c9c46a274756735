// v6lab as a library: write a lab in TypeScript (defineLab, the same shape as a YAML lab file),
// run it (runLab), and read its report — or assert it in a vitest test (v6lab's testing.ts).
//
//   import { defineLab, runLab } from 'v6lab';
//   const report = await runLab(defineLab({ method: 'nat64', plan: { lan: { prefix: '2001:db8:100::/64' } } }));
import { SCENARIOS, type MethodName } from '../scenarios/index.js';
import type { Report } from './report/types.js';
import { runLab as runResolved, type RunSettings } from './run-lab.js';
import type { LabSpec } from './input/lab-spec.js';
import { resolveLab } from './input/resolve.js';

export type { CheckResult, Evidence, Verdict, Expectation } from './checks/check.js';
export type { Plan, PlanInput } from './plan/plan.js';
export type { LabEvent, Report } from './report/types.js';
export type { LabSpec } from './input/lab-spec.js';
export type { MethodName } from '../scenarios/index.js';
export { LabFileError } from './input/resolve.js';

/** A lab in code: typed as a lab file is validated (the method is one of the presets). */
export function defineLab<M extends MethodName>(spec: LabSpec<M>): LabSpec<M> {
  return spec;
}

/** What a caller may add to a spec's run: where its run directory goes, its events, whether to keep it. */
export type RunLabOptions = RunSettings;

/**
 * Validate a spec (throws LabFileError, naming every problem, before anything is built), then run
 * it: up, checks, down. Needs root and the daemons' packages, as `npm run lab` does.
 */
export async function runLab(spec: LabSpec, options: RunLabOptions = {}): Promise<Report> {
  return runResolved(resolveLab(spec, SCENARIOS, { source: spec.name ?? `lab spec (${spec.method})` }), options);
}
