// The app matrix of `lab all` on its own: fed reports with app-* checks (cut from the recorded
// nat64 run), it lays apps × methods out, marks a cell that differs from its method's answer,
// and leaves "—" where a method does not try an app.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckResult, Verdict } from '../../lab/checks/check.js';
import { appMatrixLines, appMatrixMarkdown, appMatrixOf } from '../../lab/report/app-matrix.js';
import type { Report } from '../../lab/report/types.js';

const recorded = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'nat64-report.json'), 'utf8')) as Report;
const base = recorded.checks[0]!;

function cell(id: string, verdict: Verdict, observed: string): CheckResult {
  const ok = verdict === 'passed' || verdict === 'passed-unexpectedly';
  return { ...base, id, ok, observed, verdict, expectation: verdict === 'passed' || verdict === 'failed' ? 'pass' : 'fail' };
}

const nat64: Report = { ...recorded, method: 'nat64', checks: [cell('app-http-name', 'passed', 'HTTP 200'), cell('app-ipv4-literal', 'failed-as-expected', 'curl exit 7'), base] };
const proxy: Report = {
  ...recorded,
  method: 'proxy-http',
  checks: [cell('app-http-name', 'passed', 'HTTP 200 | via proxy'), cell('app-ipv4-literal', 'failed', 'curl exit 56'), cell('app-zone-wrong', 'failed-as-expected', 'curl exit 7')],
};
const noApps: Report = { ...recorded, method: 'lla-only', checks: [base] };

describe('the app matrix', () => {
  const m = appMatrixOf([nat64, noApps, proxy]);

  it('has a column per method that tried apps, a row per app any method tried, in the matrix order', () => {
    expect(m.columns.map((c) => c.label)).toEqual(['nat64', 'proxy-http']);
    expect(m.kinds).toEqual(['http-name', 'ipv4-literal', 'zone-wrong']);
  });

  it("the browsers' cells are rows too, after the app kinds, in the order a method made them", () => {
    const withBrowsers: Report = { ...proxy, checks: [cell('app-browser-chromium-guide-text', 'failed-as-expected', 'chromium: net::ERR_NO_SUPPORTED_PROXIES'), ...proxy.checks, cell('app-browser-chromium-forwarder', 'passed', 'chromium: the page')] };
    const b = appMatrixOf([nat64, withBrowsers]);
    expect(b.kinds).toEqual(['http-name', 'ipv4-literal', 'zone-wrong', 'browser-chromium-guide-text', 'browser-chromium-forwarder']);
    expect(appMatrixLines(b)[4]).toMatch(/^ {2}browser-chromium-guide-text +— +fails ✓$/);
  });

  it('prints works/fails with ✓ for the known answer, ✗ where the cell fails the run, — where not tried', () => {
    const lines = appMatrixLines(m);
    expect(lines[0]).toMatch(/^ {2}app +nat64 +proxy-http$/);
    expect(lines[1]).toMatch(/^ {2}http-name +works ✓ +works ✓$/);
    expect(lines[2]).toMatch(/^ {2}ipv4-literal +fails ✓ +fails ✗$/);
    expect(lines[3]).toMatch(/^ {2}zone-wrong +— +fails ✓$/);
  });

  it('writes Markdown with each cell linked to its check, and each cell\'s observed line as evidence', () => {
    const md = appMatrixMarkdown(m, (r) => `${r.method}/report.html`);
    expect(md).toContain('| `ipv4-literal` | [fails ✓](nat64/report.html#app-ipv4-literal) | [fails ✗](proxy-http/report.html#app-ipv4-literal) |');
    expect(md).toContain('| `zone-wrong` | — | [fails ✓](proxy-http/report.html#app-zone-wrong) |');
    expect(md).toContain('- `app-ipv4-literal` — fails ✗ (expected: works): curl exit 56');
    // A "|" in an observed line would split a table cell elsewhere; in the list it is escaped.
    expect(md).toContain('HTTP 200 \\| via proxy');
  });
});
