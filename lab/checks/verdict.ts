// How a check's outcome stands against what the lab file expects of it, and which verdicts a run
// can pass with.

/**
 * How a check's outcome stands against what the lab file expects of it: by default every check
 * must pass; `expect: { id: fail }` turns a failure into the expected answer (and a pass into a
 * failed run). A check that does not apply to the plan is never run and never counts as passed.
 */
export type Verdict = 'passed' | 'failed' | 'failed-as-expected' | 'passed-unexpectedly' | 'not-applicable' | 'warned';

/** A check at level warning (a lab file's own check may say so) that misses its expectation warns: the run still passes. */
export type CheckLevel = 'error' | 'warning';

export type Expectation = 'pass' | 'fail';

export function verdictOf(ok: boolean, expectation: Expectation, notApplicable?: string, level: CheckLevel = 'error'): Verdict {
  if (notApplicable !== undefined) return 'not-applicable';
  const missed = expectation === 'fail' ? ok : !ok;
  if (missed && level === 'warning') return 'warned';
  if (expectation === 'fail') return ok ? 'passed-unexpectedly' : 'failed-as-expected';
  return ok ? 'passed' : 'failed';
}

/** A verdict the run can pass with. */
export function verdictOk(v: Verdict): boolean {
  return v === 'passed' || v === 'failed-as-expected' || v === 'not-applicable' || v === 'warned';
}
