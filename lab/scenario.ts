// The contract between the engine and a scenario. The engine knows nothing of any method;
// a scenario brings its topology, the daemons it deploys, its checks and its named faults.
import { groupIds, type CheckGroup, type CheckInputs } from './checks/check-group.js';
import { EnvironmentError } from './errors.js';
import { RELEASE_NAMES, RELEASES, releaseLabel, type Release } from './env/release.js';
import { packagedIn as requirementPackagedIn, uniqueRequirements, type Requirement } from './env/requirements.js';
import type { ToolName } from './env/tools.js';
import type { Lab } from './lab.js';
import type { Plan } from './plan/plan.js';
import { parseCidr } from './topology/address.js';
import type { PlanProblem } from './plan/plan.js';
import { daemonRequirements, packagedIn, type DaemonSpec } from './services/daemon-spec.js';
import { DAEMONS, nodeRequirements, type DaemonName } from './services/registry.js';
import type { RoleTransform } from './services/role-transform.js';
import { PORTLESS, type RoleName } from './services/role.js';
import { ROLE_IMPLS, roleImpl } from './services/roles.js';
import type { Endpoint, Topology } from './topology/types.js';

/**
 * A break on purpose, owning its effect: a transform of a role's parameters before deploy (the
 * chosen implementation must have the capability), a break in the running stack after deploy, or
 * — only where neither can say it — a variant the method deploys (it reads `lab.faults.has`).
 */
export interface Fault<F extends string = string> {
  description: string;
  /** Changes a role's parameters before its service is rendered. */
  transform?: RoleTransform;
  /** Applied after deploy and before the checks (a break in a running stack). */
  apply?(lab: Lab<F>): Promise<void>;
  /** The method deploys otherwise with this fault (no-ra: no RA daemon at all). */
  variant?: true;
}

export interface ScenarioOptions {
  /** Hosts on the LAN. */
  hosts: number;
  /** The site's address plan (the preset's, or a lab file's over it). */
  plan: Plan;
}

/**
 * F: the scenario's fault names, so `lab.faults.has('no-nat4')` fails to compile; C: its check ids;
 * D: what its deploy returns for its checks (the CA, logs, daemons it made).
 */
export interface Scenario<F extends string = string, C extends string = string, D = unknown> {
  name: string;
  title: string;
  /**
   * The daemons it deploys (services/registry.ts): their packages are checked before anything
   * is built, and deploying one not listed here is refused.
   */
  daemons: DaemonName[];
  /** The tools its set-up and checks call (env/tools.ts). */
  tools: ToolName[];
  /** The preset's address plan: the guide's, unless a lab file says otherwise. */
  defaultPlan: Plan;
  /** Its roles and the guide's implementation of each (`--dns64 bind9` chooses another). */
  roles: Partial<Record<RoleName, string>>;
  topology(options: ScenarioOptions): Topology;
  /** Interfaces captured with tcpdump for the whole run (from before the services start). */
  captures: Endpoint[];
  /** Start the method's services; read `lab.faults` for faults that change how it deploys. What it returns, its checks get. */
  deploy(lab: Lab<F>): Promise<D>;
  /** Its checks, in groups declared as data: which ids a run has is known before anything is built. */
  checks: readonly CheckGroup<C, D>[];
  faults: Record<F, Fault<F>>;
  /**
   * What this method needs of a plan beyond any plan's basics (plan/rules.ts): judged before
   * anything is built. `expect` lets a lab file ask for a design that is meant to fail.
   */
  planProblems?(plan: Plan, o: { hosts: number; expect: Readonly<Record<string, 'pass' | 'fail'>> }): PlanProblem[];
  /** Its conformance checks (a group of `checks` run with `--conformance`): which role each judges. */
  conformance?: { roleOf: Record<string, RoleName> };
  /** Configs shipped for users to copy, by path in this repository, rendered as the lab deploys them. */
  shippedConfigs?: Record<string, string>;
}

/** Type a scenario by its own fault names and check ids, then hand it to the engine as any scenario. */
export function defineScenario<const F extends string, const C extends string, D>(s: Scenario<F, C, D>): Scenario {
  return s as unknown as Scenario;
}

/** The check ids a scenario's run has for these inputs: no lab needed. */
export function scenarioCheckIds(s: Scenario, inputs: CheckInputs): string[] {
  return groupIds(s.checks, inputs);
}

/**
 * What every lab runs whatever its method: `ip` for the nodes, `sysctl` for their settings (procps:
 * not in a minimal Debian — a fresh Debian 13 root showed it), `ss` for readiness, tcpdump for
 * captures and socat for their marker frames.
 */
const ENGINE_TOOLS: ToolName[] = ['ip', 'sysctl', 'ss', 'tcpdump', 'socat'];
/** What the browser checks run: both browsers and NSS's certutil (a fresh profile trusting the run's CA). */
const BROWSER_TOOLS: ToolName[] = ['chromium', 'firefox-esr', 'certutil'];

/** What a scenario's nodes run: its daemons' and chosen implementations' programs, its tools, the engine's own. */
export function scenarioRequirements(s: Scenario, roles: Partial<Record<RoleName, string>> = {}, o: { browsers?: boolean } = {}): Requirement[] {
  const chosen = chosenRoles(s, roles).flatMap(([role, impl]) => {
    const found = roleImpl(role, impl);
    return found ? daemonRequirements(found.daemon) : [];
  });
  return uniqueRequirements([...nodeRequirements(s.daemons, [...ENGINE_TOOLS, ...s.tools, ...(o.browsers ? BROWSER_TOOLS : [])]), ...chosen]);
}

/** Each of the scenario's roles with its implementation: the one asked for, or the guide's. */
export function chosenRoles(s: Scenario, roles: Partial<Record<RoleName, string>>): [RoleName, string][] {
  return (Object.entries(s.roles) as [RoleName, string][]).map(([role, guide]) => [role, roles[role] ?? guide]);
}

/**
 * What the given methods and every role implementation run, split by whether the release packages
 * it: what `lab setup` and the suite's set-up install, what a release's node image must hold.
 */
export function everyRequirement(scenarios: readonly Scenario[], release: Release | undefined, o: { browsers?: boolean } = {}): { packaged: Requirement[]; absent: Requirement[] } {
  const all = uniqueRequirements([...scenarios.flatMap((s) => scenarioRequirements(s, {}, o)), ...allRoleRequirements()]);
  return { packaged: all.filter((r) => requirementPackagedIn(r, release)), absent: all.filter((r) => !requirementPackagedIn(r, release)) };
}

/** Every implementation of every role, for `lab setup` and the docker image. */
export function allRoleRequirements(): Requirement[] {
  return Object.values(ROLE_IMPLS).flatMap((impls) => Object.values(impls).flatMap((i: { daemon: DaemonSpec }) => daemonRequirements(i.daemon)));
}

/**
 * What this run would deploy that the nodes' release does not package, each with the ways out
 * (another implementation of the role that it packages; a release that packages it, on node
 * images). Empty when the release packages everything (or is not one the lab knows).
 */
export function unpackagedProblems(s: Scenario, roles: Partial<Record<RoleName, string>>, release: Release | undefined): string[] {
  if (!release) return [];
  const otherReleases = (d: DaemonSpec): string =>
    RELEASE_NAMES.filter((r) => r !== release && packagedIn(d, r))
      .map((r) => `on Debian ${RELEASES[r].number} node images (--release ${r} --runtime docker)`)
      .join(', or ');
  const problems = s.daemons.map((name) => DAEMONS[name]).filter((d) => !packagedIn(d, release)).map((d) => `${d.package} is not packaged in ${releaseLabel(release)}: run ${s.name} ${otherReleases(d) || 'on another release'}`);
  for (const [role, impl] of chosenRoles(s, roles)) {
    const d = roleImpl(role, impl)?.daemon;
    if (!d || packagedIn(d, release)) continue;
    const instead = Object.entries(ROLE_IMPLS[role]).filter(([name, i]) => name !== impl && packagedIn(i.daemon, release) && (i.service !== undefined || name === s.roles[role])).map(([name]) => `--${role} ${name}`);
    const ways = [...(instead.length ? [`run ${s.name} with ${instead.join(' or ')}`] : []), otherReleases(d)].filter(Boolean);
    problems.push(`${d.package} is not packaged in ${releaseLabel(release)}: ${ways.join(', or ') || 'no release the lab knows packages it'}`);
  }
  return problems;
}

/** Stop before anything is built (exit 3) when the release lacks a package this run needs. */
export function refuseUnpackaged(s: Scenario, roles: Partial<Record<RoleName, string>>, release: Release | undefined): void {
  const problems = unpackagedProblems(s, roles, release);
  if (problems.length > 0) throw new EnvironmentError(problems.join('\n'));
}

/** For each role whose guide implementation the release does not package (Dante in Debian 13), the first implementation it does. */
export function packagedRoles(s: Scenario, release: Release | undefined): Partial<Record<RoleName, string>> {
  if (!release) return {};
  return Object.fromEntries(
    chosenRoles(s, {}).flatMap(([role, guide]) => {
      if (packagedIn(ROLE_IMPLS[role][guide]!.daemon, release)) return [];
      const other = Object.entries(ROLE_IMPLS[role]).find(([, i]) => i.service !== undefined && packagedIn(i.daemon, release));
      return other ? [[role, other[0]]] : [];
    }),
  );
}

/** What the chosen implementations cannot do with this plan (a NAT64 prefix length they cannot synthesize under), per role. */
export function implementationLimitProblems(s: Scenario, roles: Partial<Record<RoleName, string>>, plan: Plan): { role: RoleName; message: string }[] {
  const length = parseCidr(plan.nat64.prefix).prefixLength;
  return chosenRoles(s, roles).flatMap(([role, impl]) => {
    const limit = roleImpl(role, impl)?.nat64PrefixLengths;
    if (!limit || limit.lengths.includes(length)) return [];
    const others = Object.entries(ROLE_IMPLS[role]).filter(([, i]) => i.service !== undefined && (i.nat64PrefixLengths?.lengths.includes(length) ?? true)).map(([n]) => n);
    const guide = s.roles[role];
    const ways = [...new Set([...(guide && guide !== impl ? [guide] : []), ...others.filter((n) => n !== impl)])];
    return [{ role, message: `${impl} synthesizes only under a ${limit.lengths.map((l) => `/${l}`).join(' or ')} NAT64 prefix, and the plan's is ${plan.nat64.prefix}: ${limit.why}. Use a ${limit.lengths.map((l) => `/${l}`).join(' or ')} prefix, or --${role} ${ways.join(' or ')}` }];
  });
}

/** A port asked for a role the method does not have, or a role that has no port to choose (PORTLESS). */
export function portProblems(s: Scenario, ports: Partial<Record<RoleName, number>>): { role: RoleName; message: string }[] {
  return (Object.entries(ports) as [RoleName, number][]).flatMap(([role, port]) => {
    if (!Object.hasOwn(s.roles, role)) return [{ role, message: `port ${port} for ${role}: ${s.name} has no ${role} role; its roles are: ${Object.keys(s.roles).join(', ') || 'none'}` }];
    const why = PORTLESS[role];
    if (why) return [{ role, message: `port ${port} for ${role}: ${role} has no port to choose (${why}); ports are for the proxies' roles (http-proxy, socks)` }];
    if (!Number.isInteger(port) || port < 1 || port > 65535) return [{ role, message: `port ${port} for ${role}: give a TCP port from 1 to 65535` }];
    return [];
  });
}

/** A config given for an implementation that cannot adopt one (privoxy can; microsocks has no config file). */
export function adoptionProblems(s: Scenario, roles: Partial<Record<RoleName, string>>, configs: Partial<Record<RoleName, string>>): { role: RoleName; message: string }[] {
  const chosen = new Map(chosenRoles(s, roles));
  return (Object.keys(configs) as RoleName[]).flatMap((role) => {
    const impl = chosen.get(role);
    const found = impl ? roleImpl(role, impl) : undefined;
    if (!impl || !found || found.adopt) return [];
    const takers = Object.keys(ROLE_IMPLS[role]).filter((i) => roleImpl(role, i)?.adopt);
    return [{ role, message: `${impl} cannot take your own config${found.noConfig ? ` (${found.noConfig})` : ' yet'}; ${takers.length > 0 ? `the ${role} implementations that take one: ${takers.join(', ')}` : `no ${role} implementation takes one`}` }];
  });
}

/** What the chosen implementations' versions in a release cannot do that the guide asks (their registry's releaseLimits). */
export function releaseLimitNotes(s: Scenario, roles: Partial<Record<RoleName, string>>, release: Release): string[] {
  return chosenRoles(s, roles).flatMap(([role, impl]) => (roleImpl(role, impl)?.releaseLimits ?? []).filter((l) => l.releases.includes(release)).map((l) => `${impl} (${role}) on ${releaseLabel(release)}: ${l.why}`));
}
