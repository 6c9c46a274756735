// How each verdict reads, everywhere a check is shown (console, JUnit, Markdown, HTML).
import type { CheckResult, Verdict } from '../checks/check.js';
import type { Report } from './types.js';

export const VERDICT_MARK: Record<Verdict, string> = {
  passed: '✓',
  failed: '✗',
  'failed-as-expected': '✓',
  'passed-unexpectedly': '✗',
  'not-applicable': '–',
  warned: '⚠',
};

export const VERDICT_WORDS: Record<Verdict, string> = {
  passed: 'pass',
  failed: 'FAIL',
  'failed-as-expected': 'fails, as expected',
  'passed-unexpectedly': 'passed, but expected to fail',
  'not-applicable': 'not applicable',
  warned: 'missed, a warning',
};

/** "✓ dns64-synthesis: …", "✓ nat44-source (fails, as expected): …", "– wkp-refuses-private (not applicable): …". */
export function checkLine(c: CheckResult): string {
  const said = c.verdict === 'passed' || c.verdict === 'failed' ? '' : ` (${VERDICT_WORDS[c.verdict]})`;
  return `${VERDICT_MARK[c.verdict]} ${c.id}${said}: ${c.observed}`;
}

/** "10/10 checks passed", "7/10 checks passed, 3 failed as expected, 1 not applicable". */
export function tally(checks: CheckResult[]): string {
  const count = (v: Verdict): number => checks.filter((c) => c.verdict === v).length;
  const applicable = checks.length - count('not-applicable');
  const parts = [`${count('passed')}/${applicable} checks passed`];
  if (count('failed-as-expected')) parts.push(`${count('failed-as-expected')} failed as expected`);
  if (count('passed-unexpectedly')) parts.push(`${count('passed-unexpectedly')} passed but were expected to fail`);
  if (count('not-applicable')) parts.push(`${count('not-applicable')} not applicable`);
  if (count('warned')) parts.push(`${count('warned')} warning${count('warned') === 1 ? '' : 's'}`);
  return parts.join(', ');
}

/** "Debian 13 (trixie): unbound 1.26.2, dnsmasq 2.91": the nodes' release and the role implementations' versions. */
export function daemonsText(r: Pick<Report, 'release' | 'versions'>): string {
  const versions = Object.entries(r.versions ?? {}).map(([d, v]) => `${d} ${v}`).join(', ');
  const release = r.release ? `Debian ${r.release.number} (${r.release.name})` : 'a host that is not a Debian release the lab knows';
  return versions ? `${release}: ${versions}` : release;
}
