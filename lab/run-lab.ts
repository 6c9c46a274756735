// One lab run, start to end: topology up → services deployed → faults applied → checks → teardown.
// Teardown always runs (errors, failed checks, signals), unless the caller asked to keep the lab.
import pLimit from 'p-limit';
import { startCaptures } from './capture/capture.js';
import { runCheck, verdictOk, type Check, type CheckResult, type Expectation } from './checks/check.js';
import { userCheck } from './checks/user-checks.js';
import type { UserCheckSpec } from './checks/user-check-spec.js';
import { UsageError } from './errors.js';
import { GENERIC_FAULTS, genericFault } from './faults.js';
import { MAX_HOSTS, validHostCount } from './host-count.js';
import { Lab } from './lab.js';
import { copyRawArtifacts, writeReports } from './report/artifacts.js';
import type { LabEvent, LabFileRef, Phase, Report } from './report/types.js';
import type { Plan, Spelling } from './plan/plan.js';
import type { LabRecordBase } from './runtime/lab-nodes.js';
import { newLabId } from './runtime/lab-state.js';
import { runtimeDriver } from './runtime/registry.js';
import type { RuntimeKind } from './runtime/runtime.js';
import { RELEASES, type Release } from './env/release.js';
import { DAEMONS, nodeImagePackages } from './services/registry.js';
import { adoptUserConfigs } from './user-configs.js';
import { chosenRoles, implementationLimitProblems, portProblems, refuseUnpackaged, type Fault, type Scenario } from './scenario.js';
import type { RoleName } from './services/role.js';
import { ROLE_IMPLS, roleImpl } from './services/roles.js';

export interface RunOptions {
  runtime?: RuntimeKind;
  faults?: string[];
  hosts?: number;
  /** Leave the lab up after the checks (for `exec`, then `down`). */
  keep?: boolean;
  /** Write report.json, configs/ and logs/ here. */
  artifactsDir?: string;
  /** Docker runtime: build the node image when it is missing (default true). */
  buildImages?: boolean;
  /** The site's address plan (default: the scenario's preset). */
  plan?: Plan;
  /** Per check id, what the run expects of it (default: every check passes). */
  expect?: Record<string, Expectation>;
  /** Per role, the implementation to deploy instead of the guide's (`--dns64 bind9`). */
  roles?: Partial<Record<RoleName, string>>;
  /** Also run the method's conformance checks (`--conformance`). */
  conformance?: boolean;
  /** The lab file's own checks (`checks:`), run after the method's. */
  checks?: UserCheckSpec[];
  /** Per role, the port it listens on (`--port http-proxy=8118`; proxies only). */
  ports?: Partial<Record<RoleName, number>>;
  /** Per role, the user's own config file (`--config dns64=./my-unbound.conf`). */
  configs?: Partial<Record<RoleName, string>>;
  /** The Debian release of the nodes: the docker runtime's node images (default: the host's); netns runs the host's. */
  release?: Release;
  /** Names the run (its report, and the run directory the CLI picks). */
  name?: string;
  /** The lab file the run came from: shown in the report with its content hash. */
  labFile?: LabFileRef;
  /** The lab file's own spellings of plan values (shown beside their RFC 5952 form). */
  spellings?: Spelling[];
  onEvent?: (e: LabEvent) => void;
}

/** Teardowns of labs in progress, so a signal handler can run them before the process exits. */
const activeTeardowns = new Set<() => Promise<void>>();

export async function teardownActiveLabs(): Promise<string[]> {
  const results = await Promise.allSettled([...activeTeardowns].map((t) => t()));
  return results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error)?.stack ?? r.reason)] : []));
}

const CHECK_CONCURRENCY = 4;


/**
 * Everything judged before anything is built: faults, hosts, roles and their limits, ports, the
 * nodes' release and its packages, the runtime reachable (images built), the user's configs checked.
 */
async function prepare(scenario: Scenario, options: RunOptions, emit: (e: LabEvent) => void) {
  const faults = options.faults ?? [];
  const faultOf = (f: string): Fault | undefined => scenario.faults[f] ?? genericFault(f);
  for (const f of faults) {
    if (!faultOf(f)) {
      throw new UsageError(`unknown fault "${f}" for ${scenario.name}; its faults are: ${[...Object.keys(scenario.faults), ...GENERIC_FAULTS].join(', ')}`);
    }
  }
  const hosts = options.hosts ?? 2;
  if (!validHostCount(hosts)) throw new UsageError(`--hosts ${hosts}: give a whole number from 1 to ${MAX_HOSTS}`);
  const roles = resolveRoles(scenario, options.roles ?? {}, faults.map((f) => [f, faultOf(f)!] as const));
  const plan = options.plan ?? scenario.defaultPlan;
  const limits = implementationLimitProblems(scenario, roles, plan);
  if (limits.length > 0) throw new UsageError(limits.map((l) => l.message).join('\n'));
  const driver = runtimeDriver(options.runtime ?? 'netns');
  // A package the nodes' release lacks is found before anything else (even a user's config's check).
  const release = driver.release(options.release);
  refuseUnpackaged(scenario, roles, release);
  // An unreachable engine or a missing image is found before anything is made.
  const opened = await driver.open({ buildImages: options.buildImages ?? true, log: (text) => emit({ type: 'note', text }), release, nodePackages: nodeImagePackages });
  // A user's config the checker of the daemon that will run it rejects stops the run here, before anything is built.
  const ports = options.ports ?? {};
  for (const p of portProblems(scenario, ports)) throw new UsageError(p.message);
  const adopted = await adoptUserConfigs(scenario, roles, options.configs ?? {}, opened.oneShot, ports);
  if (options.conformance && !scenario.conformance) throw new UsageError(`${scenario.name} has no conformance checks (the methods that have: the ones with a DNS64 or RA role)`);
  return { faults, faultOf, hosts, roles, plan, ports, opened, adopted, topology: scenario.topology({ hosts, plan }) };
}

/** The report as it stands before the lab is up: what was asked, on what; the phases fill in the rest. */
function startReport(scenario: Scenario, options: RunOptions, p: Awaited<ReturnType<typeof prepare>>, lab: Lab, labId: string): Report {
  const { runtime } = lab;
  return {
    ...(options.name ? { name: options.name } : {}),
    method: scenario.name,
    runtime: runtime.kind,
    ...(runtime.release ? { release: { name: runtime.release, number: RELEASES[runtime.release].number } } : {}),
    versions: {},
    labId,
    ok: false,
    faults: p.faults,
    plan: p.plan,
    roles: p.roles,
    adopted: lab.adoptions,
    chosen: Object.fromEntries(Object.entries(p.roles).filter(([role, impl]) => scenario.roles[role as RoleName] !== impl)),
    ...(options.labFile ? { labFile: options.labFile } : {}),
    ...(options.spellings?.length ? { spellings: options.spellings } : {}),
    topology: p.topology,
    services: [],
    checks: [],
    audit: lab.audit,
    notes: lab.notes,
    crashes: [],
    timings: {},
    kept: false,
  };
}

/** Each deployed daemon, and where it was asked to listen. */
function deployedServices(lab: Lab): Report['services'] {
  return lab.services.map((s) => {
    const ready = s.definition.daemon?.ready;
    return { node: s.definition.node, name: s.definition.name, ...(ready?.kind === 'listen' ? { listens: `${ready.proto} ${ready.address ? `[${ready.address}]` : '*'}:${ready.port}` } : {}) };
  });
}

/** The checks, a few at a time; the ones that change the lab after, alone. */
async function runChecks(lab: Lab, checks: Check[], expect: RunOptions['expect'], emit: (e: LabEvent) => void): Promise<CheckResult[]> {
  const limit = pLimit(CHECK_CONCURRENCY);
  const runOne = async (c: Check): Promise<CheckResult> => {
    const r = await runCheck(lab, c, expect?.[c.id] ?? c.expectation ?? 'pass');
    emit({ type: 'check', result: r });
    return r;
  };
  const shared = await Promise.all(checks.filter((c) => !c.exclusive).map((c) => limit(() => runOne(c))));
  const alone: CheckResult[] = [];
  for (const c of checks.filter((x) => x.exclusive)) alone.push(await runOne(c));
  return [...shared, ...alone];
}

/** A run passes when some check applied, every verdict is one a run passes with, and no daemon died. */
function verdict(report: Report): boolean {
  const applicable = report.checks.filter((c) => c.verdict !== 'not-applicable');
  return applicable.length > 0 && report.checks.every((c) => verdictOk(c.verdict)) && report.crashes.length === 0;
}

export async function runLab(scenario: Scenario, options: RunOptions = {}): Promise<Report> {
  const emit = options.onEvent ?? (() => {});
  const prepared = await prepare(scenario, options, emit);
  const { faults, faultOf, topology } = prepared;

  const labId = await newLabId();
  const record: LabRecordBase = {
    method: scenario.name,
    createdAt: new Date().toISOString(),
    ownerPid: process.pid,
    kept: false,
  };
  const runtime = prepared.opened.make(labId, record);
  const declared = new Set([...scenario.daemons.map((d) => DAEMONS[d]), ...Object.entries(prepared.roles).map(([role, impl]) => roleImpl(role as RoleName, impl)!.daemon)]);
  const lab = new Lab({ runtime, method: scenario.name, faults: new Set(faults), hosts: prepared.hosts, plan: prepared.plan, declared, roles: prepared.roles, ports: prepared.ports, adopted: prepared.adopted, conformance: options.conformance ?? false });
  const report = startReport(scenario, options, prepared, lab, labId);
  const started = performance.now();

  let tornDown: Promise<void> | undefined;
  const teardown = (): Promise<void> =>
    (tornDown ??= (async () => {
      const t = performance.now();
      emit({ type: 'phase', phase: 'teardown', state: 'start' });
      await lab.stopServices();
      if (options.artifactsDir) await copyRawArtifacts(runtime.stateDir, options.artifactsDir);
      await runtime.down();
      report.timings.teardown = seconds(t);
      emit({ type: 'phase', phase: 'teardown', state: 'done', ms: performance.now() - t });
    })());
  activeTeardowns.add(teardown);

  const phase = async <T>(name: Phase, body: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    emit({ type: 'phase', phase: name, state: 'start' });
    const out = await body();
    report.timings[name] = seconds(t);
    emit({ type: 'phase', phase: name, state: 'done', ms: performance.now() - t });
    return out;
  };

  try {
    await phase('topology', () => runtime.up(topology));
    lab.captures.push(...(await phase('capture', () => startCaptures(runtime, scenario.captures))));
    await phase('services', async () => {
      await lab.probeVersions(topology.nodes[0]!.name);
      report.versions = Object.fromEntries([...lab.versions].map(([d, v]) => [d.name, v]));
      await scenario.deploy(lab);
    });
    report.services = deployedServices(lab);
    report.ports = { ...lab.listenPorts };
    for (const n of lab.notes) emit({ type: 'note', text: n });
    if (faults.length > 0) {
      await phase('faults', async () => {
        for (const f of faults) await faultOf(f)?.apply?.(lab);
      });
    }
    const hostNodes = topology.nodes.filter((n) => n.role === 'host').map((n) => n.name);
    const checks = [...scenario.checks(lab), ...(options.checks ?? []).map((c) => userCheck(c, hostNodes))];
    report.checks = await phase('checks', () => runChecks(lab, checks, options.expect, emit));
    report.crashes = lab.crashedDaemons();
    for (const c of report.crashes) lab.notes.push(`${c.name} on ${c.node} died during the run (${c.exit}); its log tail is in the report`);
    report.ok = verdict(report);
  } catch (e) {
    report.error = (e as Error).message;
    report.ok = false;
    throw Object.assign(e as Error, { report });
  } finally {
    if (options.keep && report.error === undefined) {
      report.kept = true;
      await runtime.keep();
      if (options.artifactsDir) await copyRawArtifacts(runtime.stateDir, options.artifactsDir);
    } else {
      await teardown();
    }
    activeTeardowns.delete(teardown);
    report.timings.total = seconds(started);
    if (options.artifactsDir) await writeReports(options.artifactsDir, report);
  }
  return report;
}

/**
 * Each role of the scenario with the implementation to deploy: the one asked for, or the guide's.
 * An unknown role or implementation, or a fault the chosen implementation cannot express, is a
 * usage error before anything is built.
 */
export function resolveRoles(scenario: Scenario, asked: Partial<Record<RoleName, string>>, faults: readonly (readonly [string, Fault])[] = []): Partial<Record<RoleName, string>> {
  for (const [role, impl] of Object.entries(asked) as [RoleName, string][]) {
    if (!Object.hasOwn(scenario.roles, role)) {
      throw new UsageError(`${scenario.name} has no ${role} role; its roles are: ${Object.keys(scenario.roles).join(', ') || 'none'}`);
    }
    if (!roleImpl(role, impl)) throw new UsageError(`unknown ${role} implementation "${impl}"; the ${role} implementations are: ${Object.keys(ROLE_IMPLS[role]).join(', ')}`);
  }
  const roles = Object.fromEntries(chosenRoles(scenario, asked)) as Partial<Record<RoleName, string>>;
  for (const [name, fault] of faults) {
    const need = fault.needs;
    const impl = need ? roles[need.role] : undefined;
    const why = need && impl ? (roleImpl(need.role, impl)?.unsupported as Record<string, string> | undefined)?.[need.param] : undefined;
    if (why) throw new UsageError(`fault ${name} cannot be applied to ${impl} (the ${need!.role}): ${why}`);
  }
  return roles;
}

function seconds(since: number): number {
  return Math.round(performance.now() - since) / 1000;
}

