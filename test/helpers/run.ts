// Running a scenario from a test exactly as the CLI does, and reading its checks by id.
import { verdictOk, type CheckResult } from '../../lab/checks/check.js';
import type { Report } from '../../lab/report/types.js';
import { rolesSpec, type LabSpec } from '../../lab/input/lab-spec.js';
import { resolveLab } from '../../lab/input/resolve.js';
import { runLab, type RunSettings } from '../../lab/run-lab.js';
import type { Scenario } from '../../lab/scenario.js';
import type { RoleName } from '../../lab/services/role.js';
import { SCENARIOS } from '../../scenarios/index.js';

/** A method's run as a test says it: the spec's keys (roles by implementation, faults…) and the run's settings. */
export type MethodRun = Omit<LabSpec, 'method' | 'roles'> & RunSettings & {
  roles?: Partial<Record<RoleName, string>>;
  configs?: Partial<Record<RoleName, string>>;
  ports?: Partial<Record<RoleName, number>>;
};

/** Run a method as the CLI does: its spec resolved (every problem a LabFileError), then run. */
export async function runMethod(method: string, o: MethodRun = {}): Promise<Report> {
  return runScenario(SCENARIOS[method] ?? missing(method), o);
}

/** The same with a scenario of the test's own (a broken deploy, a bad topology). */
export async function runScenario(scenario: Scenario, o: MethodRun = {}): Promise<Report> {
  const { keep, artifactsDir, buildImages, onEvent, roles, configs, ports, ...spec } = o;
  const perRole = rolesSpec({ ...(roles ? { impls: roles } : {}), ...(configs ? { configs } : {}), ...(ports ? { ports } : {}) });
  // Browsers only where a test asks for them: they take seconds per cell.
  const resolved = resolveLab({ browsers: false, ...spec, method: scenario.name, ...(Object.keys(perRole).length ? { roles: perRole } : {}) }, { [scenario.name]: scenario }, { source: `test run of ${scenario.name}` });
  return runLab(resolved, { ...(keep !== undefined ? { keep } : {}), ...(artifactsDir ? { artifactsDir } : {}), ...(buildImages !== undefined ? { buildImages } : {}), ...(onEvent ? { onEvent } : {}) });
}

function missing(method: string): never {
  throw new Error(`no scenario ${method}`);
}

export function check(report: Report, id: string): CheckResult {
  const c = report.checks.find((x) => x.id === id);
  if (!c) throw new Error(`report has no check "${id}" (has: ${report.checks.map((x) => x.id).join(', ')})`);
  return c;
}

/**
 * Each check as "id: ok" (passed), "id: fails as expected" (a cell the method is known not to
 * carry), or "id: <verdict>: <what it observed>", sorted: a failing assertion shows the evidence.
 */
export function checkOutcomes(report: Report): string[] {
  return report.checks.map((c) => `${c.id}: ${c.verdict === 'passed' ? 'ok' : c.verdict === 'failed-as-expected' ? 'fails as expected' : `${c.verdict}: ${c.observed}`}`).sort();
}

/** Ids of the checks that fail the run (a failure not expected, or a pass expected to fail), for assertions that name exactly what a fault breaks. */
export function failedIds(report: Report): string[] {
  return report.checks.filter((c) => !verdictOk(c.verdict)).map((c) => c.id).sort();
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

/** The checks that fail the run, each with what it observed: a failing assertion shows the evidence. */
export function unexpected(report: Report): string[] {
  return report.checks.filter((c) => !verdictOk(c.verdict)).map((c) => `${c.id} (${c.verdict}): ${c.observed}`);
}

/** checkOutcomes of a run where every check did what its method says: these pass, those fail as expected. */
export function asKnown(passing: readonly string[], failing: readonly string[] = []): string[] {
  return [...passing.map((id) => `${id}: ok`), ...failing.map((id) => `${id}: fails as expected`)].sort();
}

/** Method 1's checks besides the app matrix. */
export const NAT64_GUIDE_IDS = ['dns64-real-aaaa', 'dns64-synthesis', 'inbound-refused', 'large-transfer', 'nat44-source', 'nsp-reaches-private', 'outside-ipv4-only', 'ra-rdnss', 'reach-by-literal', 'reach-by-name', 'resolver-not-open', 'slaac-ula', 'wkp-refuses-private'] as const;

/**
 * The app matrix's cells, as each method is known to answer them (scenarios/common/apps.ts); with
 * the proxies, the host's forwarder too (a proxy-aware app through [::1], proxy-method.ts).
 */
export const APPS = {
  nat64: { pass: ['app-http-name', 'app-https-name', 'app-icmp-name', 'app-tcp-any', 'app-udp-name'], fail: ['app-ipv4-literal'] },
  clat: { pass: ['app-http-name', 'app-https-name', 'app-icmp-name', 'app-ipv4-literal', 'app-tcp-any', 'app-udp-name'], fail: [] },
  proxy: { pass: ['app-http-name', 'app-https-name', 'app-ipv4-literal', 'app-tcp-any', 'proxy-forwarder'], fail: ['app-icmp-name', 'app-proxy-unaware', 'app-udp-name', 'app-zone-wrong'] },
} as const;

/** The checks that need the way out to work, besides each method's own (a fault that cuts it fails them all). */
export const APPS_THROUGH = {
  nat64: ['app-http-name', 'app-https-name', 'app-icmp-name', 'app-tcp-any', 'app-udp-name', 'large-transfer'],
  proxy: ['app-http-name', 'app-https-name', 'app-ipv4-literal', 'app-tcp-any', 'large-transfer', 'proxy-forwarder'],
} as const;
