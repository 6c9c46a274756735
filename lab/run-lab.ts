// One lab run, start to end: topology up → services deployed → faults applied → checks → teardown.
// Teardown always runs (errors, failed checks, signals), unless the caller asked to keep the lab.
import pLimit from 'p-limit';
import { startCaptures } from './capture/capture.js';
import { runCheck, verdictOk, type Check, type CheckResult } from './checks/check.js';
import { userCheck } from './checks/user-checks.js';
import { makeChecks } from './checks/check-group.js';
import type { ResolvedLab } from './input/resolve.js';
import { Lab } from './lab.js';
import { copyRawArtifacts, writeReports } from './report/artifacts.js';
import type { LabEvent, Phase, Report } from './report/types.js';
import type { LabRecordBase } from './runtime/lab-nodes.js';
import { newLabId } from './runtime/lab-state.js';
import { runtimeDriver } from './runtime/registry.js';
import { RELEASES } from './env/release.js';
import { DAEMONS, nodeImagePackages } from './services/registry.js';
import { adoptUserConfigs } from './user-configs.js';
import { refuseUnpackaged } from './scenario.js';
import type { RoleName } from './services/role.js';
import { roleImpl } from './services/roles.js';

/** What the caller adds to a resolved lab's run: what to do with it, not what it is. */
export interface RunSettings {
  /** Leave the lab up after the checks (for `exec`, then `down`). */
  keep?: boolean;
  /** Write report.json, configs/ and logs/ here. */
  artifactsDir?: string;
  /** Docker runtime: build the node image when it is missing (default true). */
  buildImages?: boolean;
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
 * What only the machine can say, before anything is built (the lab itself was judged when it was
 * resolved): the nodes' release and its packages, the runtime reachable (images built), the user's
 * configs as their daemons' checkers read them.
 */
async function prepare(lab: ResolvedLab, settings: RunSettings, emit: (e: LabEvent) => void) {
  const { scenario, roles } = lab;
  const driver = runtimeDriver(lab.runtime);
  // A package the nodes' release lacks is found before anything else (even a user's config's check).
  const release = driver.release(lab.release);
  refuseUnpackaged(scenario, roles, release);
  // An unreachable engine or a missing image is found before anything is made.
  const opened = await driver.open({ buildImages: settings.buildImages ?? true, log: (text) => emit({ type: 'note', text }), release, nodePackages: nodeImagePackages });
  // A user's config the checker of the daemon that will run it rejects stops the run here, before anything is built.
  const adopted = await adoptUserConfigs(scenario, roles, lab.configs, opened.oneShot, lab.ports);
  return { opened, adopted, topology: scenario.topology({ hosts: lab.hosts, plan: lab.plan }) };
}

/** The report as it stands before the lab is up: what was asked, on what; the phases fill in the rest. */
function startReport(resolved: ResolvedLab, p: Awaited<ReturnType<typeof prepare>>, lab: Lab, labId: string): Report {
  const { runtime } = lab;
  const { scenario } = resolved;
  return {
    ...(resolved.name ? { name: resolved.name } : {}),
    method: scenario.name,
    runtime: runtime.kind,
    ...(runtime.release ? { release: { name: runtime.release, number: RELEASES[runtime.release].number } } : {}),
    versions: {},
    labId,
    ok: false,
    faults: resolved.faults.map((f) => f.name),
    plan: resolved.plan,
    roles: resolved.roles,
    adopted: lab.adoptions,
    chosen: Object.fromEntries(Object.entries(resolved.roles).filter(([role, impl]) => scenario.roles[role as RoleName] !== impl)),
    ...(resolved.labFile ? { labFile: resolved.labFile } : {}),
    ...(resolved.spellings.length ? { spellings: resolved.spellings } : {}),
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
async function runChecks(lab: Lab, checks: Check[], expect: ResolvedLab['expect'], emit: (e: LabEvent) => void): Promise<CheckResult[]> {
  const limit = pLimit(CHECK_CONCURRENCY);
  const runOne = async (c: Check): Promise<CheckResult> => {
    const r = await runCheck(lab, c, expect[c.id] ?? c.expectation ?? 'pass');
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

/** Run a resolved lab: up, its checks, down (resolveLab in input/ makes one from a lab file, a spec or the command line). */
export async function runLab(resolved: ResolvedLab, settings: RunSettings = {}): Promise<Report> {
  const emit = settings.onEvent ?? (() => {});
  const { scenario } = resolved;
  const prepared = await prepare(resolved, settings, emit);
  const { topology } = prepared;

  const labId = await newLabId();
  const record: LabRecordBase = {
    method: scenario.name,
    createdAt: new Date().toISOString(),
    ownerPid: process.pid,
    kept: false,
  };
  const runtime = prepared.opened.make(labId, record);
  const declared = new Set([...scenario.daemons.map((d) => DAEMONS[d]), ...Object.entries(resolved.roles).map(([role, impl]) => roleImpl(role as RoleName, impl)!.daemon)]);
  const lab = new Lab({ runtime, method: scenario.name, faults: new Set(resolved.faults.map((f) => f.name)), hosts: resolved.hosts, plan: resolved.plan, declared, roles: resolved.roles, ports: resolved.ports, adopted: prepared.adopted, conformance: resolved.conformance, transforms: resolved.faults.flatMap((f) => (f.fault.transform ? [f.fault.transform] : [])) });
  const report = startReport(resolved, prepared, lab, labId);
  const started = performance.now();

  let tornDown: Promise<void> | undefined;
  const teardown = (): Promise<void> =>
    (tornDown ??= (async () => {
      const t = performance.now();
      emit({ type: 'phase', phase: 'teardown', state: 'start' });
      await lab.stopServices();
      if (settings.artifactsDir) await copyRawArtifacts(runtime.stateDir, settings.artifactsDir);
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
    const deployed = await phase('services', async () => {
      await lab.probeVersions(topology.nodes[0]!.name);
      report.versions = Object.fromEntries([...lab.versions].map(([d, v]) => [d.name, v]));
      return scenario.deploy(lab);
    });
    report.services = deployedServices(lab);
    report.ports = { ...lab.listenPorts };
    for (const n of lab.notes) emit({ type: 'note', text: n });
    if (resolved.faults.length > 0) {
      await phase('faults', async () => {
        for (const { fault } of resolved.faults) await fault.apply?.(lab);
      });
    }
    const hostNodes = topology.nodes.filter((n) => n.role === 'host').map((n) => n.name);
    // The resolved lab is the groups' inputs (its plan, hosts, roles, conformance).
    const checks = [...makeChecks(scenario.checks, resolved, lab, deployed), ...resolved.checks.map((c) => userCheck(c, hostNodes))];
    report.checks = await phase('checks', () => runChecks(lab, checks, resolved.expect, emit));
    report.crashes = lab.crashedDaemons();
    for (const c of report.crashes) lab.notes.push(`${c.name} on ${c.node} died during the run (${c.exit}); its log tail is in the report`);
    report.ok = verdict(report);
  } catch (e) {
    report.error = (e as Error).message;
    report.ok = false;
    throw Object.assign(e as Error, { report });
  } finally {
    if (settings.keep && report.error === undefined) {
      report.kept = true;
      await runtime.keep();
      if (settings.artifactsDir) await copyRawArtifacts(runtime.stateDir, settings.artifactsDir);
    } else {
      await teardown();
    }
    activeTeardowns.delete(teardown);
    report.timings.total = seconds(started);
    if (settings.artifactsDir) await writeReports(settings.artifactsDir, report);
  }
  return report;
}

function seconds(since: number): number {
  return Math.round(performance.now() - since) / 1000;
}

