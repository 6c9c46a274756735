// A vitest matcher for users' own tests: `expect(report).toMatchExpectations()` passes when every
// check did what the lab expects of it (pass, or fail where `expect: fail` says so), and fails
// listing each check that did not, with what it expected and what it observed.
import { expect } from 'vitest';
import { verdictOk } from './checks/check.js';
import type { Report } from './report/types.js';
import { VERDICT_WORDS } from './report/verdict-text.js';

interface ExpectationMatchers<R = unknown> {
  /** Every check of the run did what the lab expects of it, and the run deployed. */
  toMatchExpectations(): R;
}

declare module 'vitest' {
  // vitest declares Matchers<T = any>; a merged declaration must repeat its parameters exactly.
  interface Matchers<T = any> extends ExpectationMatchers<T> {}
}

/** Why a report does not match its expectations, one line per problem (empty when it does). */
export function expectationMismatches(r: Report): string[] {
  const lines = r.checks
    .filter((c) => !verdictOk(c.verdict))
    .map((c) => `${c.id}: ${VERDICT_WORDS[c.verdict]} — expected: ${c.expectation === 'fail' ? 'to fail' : c.expected}; observed: ${c.observed}`);
  if (r.error) lines.unshift(`the lab could not run: ${r.error}`);
  for (const c of r.crashes) lines.push(`${c.name} on ${c.node} died during the run (${c.exit})`);
  if (r.checks.every((c) => c.verdict === 'not-applicable')) lines.push('no check applied to this lab');
  return lines;
}

expect.extend({
  toMatchExpectations(received: Report) {
    const mismatches = expectationMismatches(received);
    return {
      pass: mismatches.length === 0,
      message: () =>
        mismatches.length === 0
          ? `expected ${received.name ?? received.method} not to match its expectations, but every check did what it should`
          : `${received.name ?? received.method} on ${received.runtime} does not match its expectations:\n  ${mismatches.join('\n  ')}`,
    };
  },
});
