// A check is an assertion about the running lab that returns its evidence: what it ran, what
// came back, what it expected. Checks never throw for a failed expectation; they report it.
// Its evidence (evidence.ts), its verdict (verdict.ts) and what it gets while it runs (context.ts)
// each have a file; this one holds the check itself and how one is run.
import type { Lab } from '../lab.js';
import { CheckContext } from './context.js';
import type { Evidence } from './evidence.js';
import { verdictOf, type CheckLevel, type Expectation, type Verdict } from './verdict.js';

export type { CommandEvidence, Evidence, LadderPacket, PacketEvidence, TextEvidence } from './evidence.js';
export { excerpt } from './evidence.js';
export { verdictOf, verdictOk, type CheckLevel, type Expectation, type Verdict } from './verdict.js';
export { CheckContext } from './context.js';

export interface CheckOutcome {
  ok: boolean;
  observed: string;
  /** The implementation cannot do what the check asks at all: why, in its own words (a conformance matrix's "unsupported"). */
  unsupported?: string;
}

export interface CheckResult extends CheckOutcome {
  id: string;
  title: string;
  expected: string;
  evidence: Evidence[];
  durationMs: number;
  /** What the lab file expects of it (pass unless it says otherwise). */
  expectation: Expectation;
  verdict: Verdict;
  /** Why the check does not apply to this plan (then it did not run). */
  notApplicable?: string;
  /** Set for a warning-level check. */
  level?: CheckLevel;
}

export interface Check {
  id: string;
  title: string;
  expected: string;
  /** Set when the check does not apply to the lab's plan: the reason, shown instead of a result. */
  notApplicable?: string;
  /** Changes the lab (adds an address, …): runs after every other check, alone. */
  exclusive?: boolean;
  /** The method's known answer when it is a failure (an app the method cannot carry); a lab file's `expect` overrides it. */
  expectation?: Expectation;
  /** warning: missing its expectation warns instead of failing the run (a lab file's own checks may say so). */
  level?: CheckLevel;
  run(ctx: CheckContext): Promise<CheckOutcome>;
}

export async function runCheck(lab: Lab, check: Check, expectation: Expectation = 'pass'): Promise<CheckResult> {
  const ctx = new CheckContext(lab);
  const started = performance.now();
  let outcome: CheckOutcome;
  if (check.notApplicable !== undefined) outcome = { ok: false, observed: `not applicable: ${check.notApplicable}` };
  else {
    try {
      outcome = await check.run(ctx);
    } catch (e) {
      outcome = { ok: false, observed: `check could not run: ${(e as Error).message}` };
    }
  }
  return {
    id: check.id,
    title: check.title,
    expected: check.expected,
    ...outcome,
    evidence: ctx.evidence,
    durationMs: Math.round(performance.now() - started),
    expectation,
    verdict: verdictOf(outcome.ok, expectation, check.notApplicable, check.level),
    ...(check.notApplicable !== undefined ? { notApplicable: check.notApplicable } : {}),
    ...(check.level === 'warning' ? { level: check.level } : {}),
  };
}

/** A check that does not apply to this plan: it keeps its id and title, and says why. */
export function notApplicableCheck(o: { id: string; title: string; expected: string; reason: string }): Check {
  return { id: o.id, title: o.title, expected: o.expected, notApplicable: o.reason, run: async () => ({ ok: false, observed: `not applicable: ${o.reason}` }) };
}
