// JUnit XML: one testsuite per run, one testcase per check; evidence in system-out, failures
// carry the expected/observed pair. CI systems read this.
import { verdictOk } from '../checks/check.js';
import type { Report } from './types.js';
import { escapeXml as x } from './escape.js';
import { evidenceText } from './evidence-text.js';

export function toJunit(reports: Report[]): string {
  const suites = reports.map((r) => {
    const failures = r.checks.filter((c) => !verdictOk(c.verdict)).length + (r.error ? 1 : 0);
    const cases = r.checks.map((c) => {
      const failure =
        c.verdict === 'failed'
          ? `\n      <failure message="${x(c.observed)}">expected: ${x(c.expected)}\nobserved: ${x(c.observed)}</failure>`
          : c.verdict === 'passed-unexpectedly'
            ? `\n      <failure message="passed, but the lab file expects it to fail">observed: ${x(c.observed)}</failure>`
            : c.verdict === 'not-applicable'
              ? `\n      <skipped message="${x(`not applicable: ${c.notApplicable ?? ''}`)}"/>`
              : '';
      const said = c.verdict === 'failed-as-expected' ? 'fails, as expected\n\n' : '';
      return `    <testcase classname="v6lab.${x(r.method)}.${x(r.runtime)}" name="${x(`${c.id}: ${c.title}`)}" time="${(c.durationMs / 1000).toFixed(3)}">${failure}\n      <system-out>${x(said + evidenceText(c))}</system-out>\n    </testcase>`;
    });
    const skipped = r.checks.filter((c) => c.verdict === 'not-applicable').length;
    if (r.error) cases.push(`    <testcase classname="v6lab.${x(r.method)}.${x(r.runtime)}" name="deploy"><error message="${x(r.error)}"/></testcase>`);
    return `  <testsuite name="${x(`${r.method} (${r.runtime})`)}" tests="${cases.length}" failures="${failures}" skipped="${skipped}" time="${(r.timings.total ?? 0).toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="v6lab">\n${suites.join('\n')}\n</testsuites>\n`;
}
