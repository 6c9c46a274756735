// v6lab as a library: write a lab in TypeScript (defineLab, the same shape as a YAML lab file),
// run it (runLab), and read its report — or assert it in a vitest test (v6lab's testing.ts).
//
//   import { defineLab, runLab } from 'v6lab';
//   const report = await runLab(defineLab({ method: 'nat64', plan: { lan: { prefix: '2001:db8:100::/64' } } }));
import { SCENARIOS, type MethodName } from '../scenarios/index.js';
import type { Report } from './report/types.js';
import { runLab as runScenario, type RunOptions } from './run-lab.js';
import type { LabSpec } from './spec/lab-spec.js';
import { resolveLab } from './spec/resolve.js';

export type { CheckResult, Evidence, Verdict, Expectation } from './checks/check.js';
export type { Plan, PlanInput } from './plan/plan.js';
export type { LabEvent, Report } from './report/types.js';
export type { LabSpec } from './spec/lab-spec.js';
export type { MethodName } from '../scenarios/index.js';
export { LabFileError } from './spec/resolve.js';

/** A lab in code: typed as a lab file is validated (the method is one of the presets). */
export function defineLab<M extends MethodName>(spec: LabSpec<M>): LabSpec<M> {
  return spec;
}

/** What a caller may add to a spec's run: where it runs, where its run directory goes, its events. */
export type RunLabOptions = Pick<RunOptions, 'runtime' | 'artifactsDir' | 'onEvent' | 'keep' | 'buildImages'>;

/**
 * Validate a spec (throws LabFileError, naming every problem, before anything is built), then run
 * it: up, checks, down. Needs root and the daemons' packages, as `npm run lab` does.
 */
export async function runLab(spec: LabSpec, options: RunLabOptions = {}): Promise<Report> {
  const lab = resolveLab(spec, SCENARIOS, { source: spec.name ?? `lab spec (${spec.method})` });
  return runScenario(lab.scenario, { ...lab.options, ...options, runtime: options.runtime ?? lab.options.runtime });
}
