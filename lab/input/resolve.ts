// From a lab spec to a run: validated against the schema, the plan merged over the preset's and
// judged (plan/rules.ts and the scenario's own rules), expectations and faults checked against the
// method. Every problem names where it is in the lab file (with line:column when there is a file)
// and how to fix it; nothing is built until there is none.
import { createHash } from 'node:crypto';
import { dirname, isAbsolute, join } from 'node:path';
import leven from 'leven';
import { LineCounter, parseDocument, isMap, isScalar, visit, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import type { Expectation } from '../checks/check.js';
import type { UserCheckSpec } from '../checks/user-check-spec.js';
import type { Release } from '../env/release.js';
import { UsageError } from '../errors.js';
import { GENERIC_FAULTS, genericFault } from '../faults.js';
import { canonicalPlanInput, resolvePlan, type Plan, type Spelling } from '../plan/plan.js';
import { basePlanProblems } from '../plan/rules.js';
import type { LabFileRef } from '../report/types.js';
import type { RoleName } from '../services/role.js';
import { ROLE_IMPLS, roleImpl } from '../services/roles.js';
import { RUNTIME_KINDS } from '../runtime/registry.js';
import type { RuntimeKind } from '../runtime/runtime.js';
import { adoptionProblems, chosenRoles, implementationLimitProblems, portProblems, scenarioCheckIds, type Fault, type Scenario } from '../scenario.js';
import type { LabSpec } from './lab-spec.js';
import { userCheckProblems } from './user-check-rules.js';
import { labJsonSchema, labSchema, userCheckSchema } from './schema.js';

/** A lab file (or spec) that cannot run, with every problem found; exit 2. */
export class LabFileError extends UsageError {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}, nothing was built:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'LabFileError';
  }
}

/**
 * A lab ready to run: every input judged once, here. The engine (run-lab.ts) takes only this and
 * judges none of it again; what is left to find is the machine's (its release, its packages, the
 * runtime reachable, the user's configs as their daemons' checkers read them).
 */
export interface ResolvedLab {
  spec: LabSpec;
  scenario: Scenario;
  plan: Plan;
  hosts: number;
  /** Each of the method's roles with the implementation to deploy: the one asked for, or the guide's. */
  roles: Partial<Record<RoleName, string>>;
  /** The faults to apply, in the order given, each with what it does. */
  faults: { name: string; fault: Fault }[];
  /** Per check id, what the run expects of it (pass unless said). */
  expect: Record<string, Expectation>;
  /** Per role, the user's own config file (absolute, or relative to the working directory). */
  configs: Partial<Record<RoleName, string>>;
  /** Per role, the port it was asked to listen on. */
  ports: Partial<Record<RoleName, number>>;
  /** The lab file's own checks, run after the method's. */
  checks: UserCheckSpec[];
  conformance: boolean;
  browsers: boolean;
  /** Every check the run has, the method's then yours: known before anything is built. */
  checkIds: string[];
  /** The lab file's own spellings of plan values (shown beside their RFC 5952 form). */
  spellings: Spelling[];
  runtime: RuntimeKind;
  release?: Release;
  name?: string;
  labFile?: LabFileRef;
}

/** What the command line adds to a spec (its flags win over a lab file's keys), and the flag of each key. */
export interface CommandLine {
  spec: Partial<LabSpec>;
  /** The flag that set a key path ("--dns64" for roles.dns64.impl), for messages. */
  flagOf(path: (string | number)[]): string | undefined;
}

/** Where a path of the lab file is: "line:col" from the YAML, when there is a file and the path is in it. */
type Locate = (path: (string | number)[]) => string | undefined;

/** Read and resolve a YAML lab file. */
export function resolveLabFile(path: string, text: string, scenarios: Record<string, Scenario>, commandLine?: CommandLine): ResolvedLab {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new LabFileError(
      path,
      doc.errors.map((e) => {
        const at = e.linePos?.[0];
        return `${at ? `${at.line}:${at.col} ` : ''}YAML syntax error: ${e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`;
      }),
    );
  }
  const locate: Locate = (p) => {
    const offset = nodeOffset(doc, p);
    if (offset === undefined) return undefined;
    const at = lines.linePos(offset);
    return `${at.line}:${at.col}`;
  };
  let input: unknown;
  try {
    input = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // An alias with no anchor ("*name"), or an alias bomb: say where the first alias is.
    let where = '';
    visit(doc, { Alias: (_k, node) => {
      const at = node.range ? lines.linePos(node.range[0]) : undefined;
      if (at) where = `${at.line}:${at.col} `;
      return visit.BREAK;
    } });
    throw new LabFileError(path, [`${where}YAML: ${(e as Error).message}`]);
  }
  return resolveLab(input, scenarios, { source: path, locate, labFile: { path, sha256: createHash('sha256').update(text).digest('hex'), content: text }, ...(commandLine ? { commandLine } : {}) });
}

/** Resolve a spec (from a lab file, from defineLab in code, or from the command line's flags). */
export function resolveLab(
  input: unknown,
  scenarios: Record<string, Scenario>,
  o: { source?: string; locate?: Locate; labFile?: LabFileRef; commandLine?: CommandLine } = {},
): ResolvedLab {
  const source = o.source ?? 'lab spec';
  const locate = o.locate ?? (() => undefined);
  const at = (path: (string | number)[]): string => {
    const flag = o.commandLine?.flagOf(path);
    if (flag) return flag;
    const where = locate(path);
    return `${where ? `${where} ` : ''}${path.join('.') || '(top)'}`;
  };
  const methods = Object.keys(scenarios) as [string, ...string[]];
  const schema = labSchema(methods, RUNTIME_KINDS as [string, ...string[]], roleImplNames());
  const merged = o.commandLine ? withCommandLine(input, o.commandLine.spec) : input;
  const parsed = schema.safeParse(merged ?? {}, { reportInput: true });
  if (!parsed.success) throw new LabFileError(source, parsed.error.issues.flatMap((i) => describeIssue(i, at, methods)));
  const spec = parsed.data as LabSpec;
  const scenario = scenarios[spec.method]!;
  const hosts = spec.hosts ?? 2;
  const expect = spec.expect ?? {};
  const conformance = spec.conformance ?? false;
  const runtime = spec.runtime ?? 'netns';
  const browsers = spec.browsers ?? defaultBrowsers(runtime);
  const plan = resolvePlan(scenario.defaultPlan, spec.plan);
  const problems = [...basePlanProblems(plan), ...(scenario.planProblems?.(plan, { hosts, expect }) ?? [])].map((p) => {
    const path = p.keys ?? p.path.split('.');
    // A problem in a value the file did not give comes from the preset: say so.
    const given = locate(path) !== undefined || (o.locate === undefined && hasPath(merged, path));
    return `${at(given ? path : ['method'])}: ${given ? '' : `(${p.path}, from the ${spec.method} preset) `}${p.message}`;
  });
  // Config paths are relative to the lab file.
  const base = o.labFile ? dirname(o.labFile.path) : '.';
  const configs = rolesWith(spec, 'config', (c) => (isAbsolute(c) ? c : join(base, c)));
  const ports = rolesWith(spec, 'port', (p) => p);
  const asked = rolesWith(spec, 'impl', (i) => i);
  for (const role of Object.keys(spec.roles ?? {})) {
    if (!Object.hasOwn(scenario.roles, role)) problems.push(`${at(['roles', role])}: ${spec.method} has no ${role} role; its roles are: ${Object.keys(scenario.roles).join(', ') || 'none'}`);
  }
  const roles = Object.fromEntries(chosenRoles(scenario, asked)) as Partial<Record<RoleName, string>>;
  for (const p of portProblems(scenario, ports)) if (Object.hasOwn(scenario.roles, p.role)) problems.push(`${at(['roles', p.role, 'port'])}: ${p.message}`);
  // The implementations' limits, whatever else is wrong (each is judged on its own).
  for (const l of implementationLimitProblems(scenario, roles, plan)) problems.push(`${at(asked[l.role] ? ['roles', l.role, 'impl'] : ['plan', 'nat64', 'prefix'])}: ${l.message}`);
  for (const l of adoptionProblems(scenario, roles, configs)) problems.push(`${at(['roles', l.role, 'config'])}: ${l.message}`);
  if (conformance && !scenario.conformance) problems.push(`${at(['conformance'])}: ${spec.method} has no conformance checks (the methods that have: the ones with a DNS64 or RA role)`);
  // Every problem at once: a plan that cannot work still has its method's check ids (the preset's
  // plan names the same checks), so a misspelt expect: is named beside the plan's problems.
  const usable = problems.length > 0 ? scenario.defaultPlan : plan;
  if (browsers && runtime !== 'netns') problems.push(`${at(['browsers'])}: browsers run on the netns runtime only (the ${runtime} runtime's node images carry no browser): drop it or run on netns`);
  const methodIds = scenarioCheckIds(scenario, { plan: usable, hosts, roles, conformance, browsers });
  const own = spec.checks ?? [];
  // Your checks are judged against the method's topology (the preset's, where the plan cannot work).
  const topology = scenario.topology({ hosts, plan: usable });
  for (const { index, problem } of userCheckProblems(own, { topology, captures: scenario.captures, plan, methodIds })) {
    problems.push(`${at(['checks', index, ...problem.path])}: ${problem.message}`);
  }
  const checkIds = [...methodIds, ...own.map((c) => c.id)];
  for (const id of Object.keys(expect)) {
    if (!checkIds.includes(id)) problems.push(`${at(['expect', id])}: ${spec.method} has no check "${id}"${nearest(id, checkIds)}; its checks are: ${checkIds.join(', ')}`);
  }
  const faults: ResolvedLab['faults'] = [];
  (spec.faults ?? []).forEach((name, i) => {
    const fault = Object.hasOwn(scenario.faults, name) ? scenario.faults[name]! : genericFault(name);
    if (!fault) {
      problems.push(`${at(['faults', i])}: ${spec.method} has no fault "${name}"${nearest(name, Object.keys(scenario.faults))}; its faults are: ${[...Object.keys(scenario.faults), ...GENERIC_FAULTS].join(', ')}`);
      return;
    }
    const why = faultUnsupported(fault, roles, configs);
    if (why) problems.push(`${at(['faults', i])}: fault ${name} cannot be applied to ${why}`);
    faults.push({ name, fault });
  });
  if (problems.length > 0) throw new LabFileError(source, problems);
  return {
    spec,
    scenario,
    plan,
    hosts,
    roles,
    faults,
    expect,
    configs,
    ports,
    checks: own,
    conformance,
    browsers,
    checkIds,
    spellings: canonicalPlanInput(spec.plan).spellings,
    runtime,
    ...(spec.release ? { release: spec.release } : {}),
    ...(spec.name ? { name: spec.name } : {}),
    ...(o.labFile ? { labFile: o.labFile } : {}),
  };
}

/** Per role, one key of `roles:` (impl, config or port), mapped. */
function rolesWith<K extends 'impl' | 'config' | 'port', T>(spec: LabSpec, key: K, map: (v: NonNullable<NonNullable<LabSpec['roles']>[RoleName]>[K] & {}) => T): Partial<Record<RoleName, T>> {
  return Object.fromEntries(Object.entries(spec.roles ?? {}).flatMap(([role, r]) => (r?.[key] !== undefined ? [[role, map(r[key]!)]] : []))) as Partial<Record<RoleName, T>>;
}

/** The command line's keys over the file's: scalars replace, each role's keys merge. */
function withCommandLine(input: unknown, flags: Partial<LabSpec>): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const file = input as Record<string, unknown>;
  const roles = { ...(file['roles'] as Record<string, object> | undefined) };
  for (const [role, r] of Object.entries(flags.roles ?? {})) roles[role] = { ...roles[role], ...r };
  const { roles: _, ...rest } = flags;
  return { ...file, ...rest, ...(Object.keys(roles).length > 0 ? { roles } : {}) };
}

/** Why a fault that changes a role's parameters cannot be applied to what this run deploys for it (undefined: it can). */
function faultUnsupported(fault: Fault, roles: Partial<Record<RoleName, string>>, configs: Partial<Record<RoleName, string>>): string | undefined {
  const t = fault.transform;
  const impl = t ? roles[t.role] : undefined;
  if (!t || !impl) return undefined;
  if (configs[t.role]) return `your own ${impl} config (the ${t.role}): it is deployed as you wrote it, and the fault would change what the lab renders (${t.capability}); drop the config or the fault`;
  const found = roleImpl(t.role, impl);
  const has = found?.capabilities as Record<string, string> | undefined;
  if (has?.[t.capability]) return undefined;
  const why = (found?.lacks as Record<string, string> | undefined)?.[t.capability];
  return `${impl} (the ${t.role}): ${why ?? `it has no ${t.capability} capability`}; the ${t.role} implementations that have it: ${capableOf(t.role, t.capability).join(', ') || 'none'}`;
}

/** The implementations of a role that have a capability. */
function capableOf(role: RoleName, capability: string): string[] {
  return Object.entries(ROLE_IMPLS[role]).filter(([, i]) => (i.capabilities as Record<string, string>)[capability]).map(([name]) => name);
}

/** The JSON Schema of lab files for these methods. */
export function labFileJsonSchema(scenarios: Record<string, Scenario>): object {
  return labJsonSchema(Object.keys(scenarios) as [string, ...string[]], RUNTIME_KINDS as [string, ...string[]], roleImplNames());
}

function roleImplNames(): Record<string, [string, ...string[]]> {
  return Object.fromEntries(Object.entries(ROLE_IMPLS).map(([role, impls]) => [role, Object.keys(impls) as [string, ...string[]]]));
}

function describeIssue(issue: z.core.$ZodIssue, at: (p: (string | number)[]) => string, methods: string[]): string[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(path);
    return issue.keys.map((k) => `${at([...path, k])}: unknown key${nearest(k, known)}${known.length ? ` (valid here: ${known.join(', ')})` : ''}`);
  }
  if ('input' in issue && issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) return [`${at(path)}: missing (required)`];
  if (issue.code === 'invalid_value' && path.join('.') === 'method') return [`${at(path)}: unknown method ${JSON.stringify(issue.input)}${nearest(String(issue.input), methods)}; the methods are: ${methods.join(', ')}`];
  // A check of a kind the lab does not have: name the kinds (zod reports the whole entry).
  if (issue.code === 'invalid_union' && path.at(-1) === 'kind') {
    const kind = (issue.input as { kind?: unknown } | undefined)?.kind;
    const kinds = userCheckSchema.options.map((o) => o.shape.kind.value);
    return [`${at(path)}: ${kind === undefined ? 'missing (required)' : `unknown kind ${JSON.stringify(kind)}${nearest(String(kind), kinds)}`}; the kinds are: ${kinds.join(', ')}`];
  }
  const value = valueAt(issue, path);
  return [`${at(path)}: ${value === undefined ? '' : `${JSON.stringify(value)}: `}${issue.message}`];
}

function valueAt(issue: z.core.$ZodIssue, _path: (string | number)[]): unknown {
  return 'input' in issue ? issue.input : undefined;
}

/** "; did you mean prefix?" when a known name is close enough to be the one meant. */
function nearest(word: string, candidates: string[]): string {
  const best = candidates.map((c) => ({ c, d: leven(word, c) })).sort((a, b) => a.d - b.d)[0];
  return best && best.d <= Math.max(2, Math.floor(word.length / 3)) ? `; did you mean ${best.c}?` : '';
}

/** The keys the schema allows at a path (from its JSON Schema, which lists them). */
function knownKeys(path: (string | number)[]): string[] {
  let node = labJsonSchema(['x'], ['x'], roleImplNames()) as { properties?: Record<string, unknown> };
  for (const p of path) {
    const next = node.properties?.[String(p)] as { properties?: Record<string, unknown> } | undefined;
    if (!next) return [];
    node = next;
  }
  return Object.keys(node.properties ?? {});
}

function hasPath(input: unknown, path: string[]): boolean {
  let v: unknown = input;
  for (const p of path) {
    if (typeof v !== 'object' || v === null || !(p in v)) return false;
    v = (v as Record<string, unknown>)[p];
  }
  return true;
}

/** Offset of a path's node — the key, for a key the schema rejects — in the YAML document. */
function nodeOffset(doc: Document, path: (string | number)[]): number | undefined {
  if (path.length === 0) return undefined;
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(last));
    const key = pair?.key as Node | undefined;
    return key?.range?.[0];
  }
  const node = doc.getIn(path, true) as Node | undefined;
  return node?.range?.[0];
}

/**
 * Whether a run that does not say tries the browsers: on the netns runtime, unless
 * V6LAB_BROWSERS=off says this machine has none to run (the v6lab image sets it: it carries none).
 */
export function defaultBrowsers(runtime: RuntimeKind): boolean {
  return runtime === 'netns' && process.env.V6LAB_BROWSERS !== 'off';
}
