// A running lab: the runtime holding its nodes, the services deployed on them, and what the
// deployment learned on the way (audit of the guide's lines, notes such as "Jool unavailable").
import pLimit from 'p-limit';
import { stopCaptures, type Capture } from './capture/capture.js';
import type { Plan } from './plan/plan.js';
import type { Daemon } from './runtime/daemon.js';
import type { Runtime } from './runtime/runtime.js';
import type { AuditEntry } from './services/config-audit.js';
import { transformed, type RoleTransform } from './services/role-transform.js';
import type { DaemonSpec } from './services/daemon-spec.js';
import { adoptedPort, adoptText, serviceOnConfig } from './services/adopt.js';
import type { AdoptedConfig, AdoptionRecord, RoleName, RoleParams } from './services/role.js';
import { roleImpl } from './services/roles.js';
import { deployService, type DeployedService, type ServiceDefinition } from './services/service.js';
import type { Endpoint } from './topology/types.js';

/** F: the scenario's fault names (see Scenario). */
export class Lab<F extends string = string> {
  readonly services: DeployedService[] = [];
  readonly audit: AuditEntry[] = [];
  readonly notes: string[] = [];
  readonly captures: Capture[] = [];

  readonly runtime: Runtime;
  readonly method: string;
  /** The faults this run applies, asked by name: `lab.faults.has('no-ra')`. */
  readonly faults: { has(fault: F): boolean };
  readonly options: { hosts: number };
  /** The site's address plan: every address the scenario configures and checks comes from it. */
  readonly plan: Plan;
  /** Each of the scenario's roles with the implementation this run deploys. */
  readonly roles: Readonly<Partial<Record<RoleName, string>>>;
  /** The users' own configs this run deploys instead of the lab's (checked before anything was built). */
  readonly adopted: readonly AdoptedConfig[];
  /** Also run the scenario's conformance checks (RFC corner cases per implementation). */
  readonly conformance: boolean;
  /** What the deployment made of them: the lab's rewrites, as diffs (the report shows these). */
  readonly adoptions: AdoptionRecord[] = [];
  /** What the scenario declared it deploys: anything else is refused (its packages were not checked). */
  private readonly declared: ReadonlySet<DaemonSpec>;
  /** The run's own CA certificate, once deploy made one: what HTTPS clients in the lab trust (never the machine's store). */
  trustedCa: string | undefined;
  /** The version of each role implementation's daemon, as it said when asked (probeVersions). */
  readonly versions = new Map<DaemonSpec, string>();

  /** The ports a lab file or the command line asked for a role (`roles: { http-proxy: { port: 8118 } }`). */
  readonly ports: Readonly<Partial<Record<RoleName, number>>>;
  /** The port each role was given (port()), for the report. */
  readonly listenPorts: Partial<Record<RoleName, number>> = {};

  /** The faults' changes to roles' parameters, applied as each role's service is rendered. */
  private readonly transforms: readonly RoleTransform[];

  constructor(o: { runtime: Runtime; method: string; faults: ReadonlySet<string>; hosts: number; plan: Plan; declared: ReadonlySet<DaemonSpec>; roles?: Partial<Record<RoleName, string>>; ports?: Partial<Record<RoleName, number>>; adopted?: AdoptedConfig[]; conformance?: boolean; transforms?: RoleTransform[] }) {
    this.runtime = o.runtime;
    this.method = o.method;
    this.faults = o.faults;
    this.options = { hosts: o.hosts };
    this.plan = o.plan;
    this.declared = o.declared;
    this.roles = o.roles ?? {};
    this.ports = o.ports ?? {};
    this.adopted = o.adopted ?? [];
    this.conformance = o.conformance ?? false;
    this.transforms = o.transforms ?? [];
  }

  /** The implementation this run deploys for a role the scenario has. */
  role(role: RoleName): string {
    const impl = this.roles[role];
    if (!impl) throw new Error(`${this.method} has no ${role} role`);
    return impl;
  }

  /**
   * The port a role listens on: the one asked for, else the one the user's config listens on at
   * `address` (its listen line), else the method's (the guide's).
   */
  port(role: RoleName, methods: number, address: string): number {
    const own = this.adopted.find((a) => a.role === role);
    const listens = own ? roleImpl(role, own.impl)?.adopt?.listens?.(own.original) : undefined;
    const port = this.ports[role] ?? (listens && adoptedPort(listens, address)) ?? methods;
    this.listenPorts[role] = port;
    return port;
  }

  /**
   * The service for a role: the user's own config when they gave one (adopted), the guide's
   * config for the guide's implementation (`guide`), or the implementation's own rendering —
   * the last two for the parameters as the run's faults change them.
   */
  roleService<R extends RoleName>(role: R, asked: RoleParams[R], guide?: (params: RoleParams[R]) => ServiceDefinition): ServiceDefinition {
    const params = transformed(role, asked, this.transforms, this.plan);
    const impl = roleImpl(role, this.role(role));
    if (!impl) throw new Error(`no ${role} implementation ${this.role(role)}`);
    const own = this.adopted.find((a) => a.role === role);
    if (own && impl.adopt) {
      const ifname = 'ifname' in params ? params.ifname : 'eth0';
      const a = adoptText(own.file, own.original, impl.adopt, { dir: params.dir, ifname });
      this.adoptions.push({ role, impl: own.impl, file: own.file, rewrites: a.rewrites, diff: a.diff });
      return serviceOnConfig(impl.adopt, params, a.text);
    }
    if (impl.service) return impl.service(params, this.versions.get(impl.daemon));
    if (!guide) throw new Error(`${this.method} has no guide config for ${this.role(role)}`);
    return guide(params);
  }

  /**
   * Ask each role implementation's daemon its version, in a node (every node runs the same
   * packages): implementations render for the version they find, and reports name it.
   */
  async probeVersions(node: string): Promise<void> {
    const daemons = [...new Set(Object.entries(this.roles).flatMap(([role, impl]) => roleImpl(role as RoleName, impl)?.daemon ?? []))];
    await Promise.all(
      daemons.map(async (d) => {
        if (!d.version) return;
        const r = await this.runtime.exec(node, d.version.argv);
        const found = d.version.pattern.exec(`${r.stdout}\n${r.stderr}`)?.[1];
        if (found) this.versions.set(d, found);
      }),
    );
  }

  /** The deployed service that runs a program (the one a role's implementation brought). */
  serviceOf(program: DaemonSpec): DeployedService | undefined {
    return this.services.find((s) => s.definition.program === program);
  }

  /** Deploy services concurrently (they are independent once the topology is up); the deployed services, in the order given. */
  async deploy(defs: ServiceDefinition[]): Promise<DeployedService[]> {
    undeclaredRefused(this.method, defs, this.declared);
    const results = await Promise.allSettled(defs.map((d) => deployService(this.runtime, d)));
    for (const r of results) if (r.status === 'fulfilled') this.services.push(r.value);
    for (const r of results) {
      const d = r.status === 'fulfilled' ? r.value.daemon : undefined;
      if (d?.upElsewhere) this.notes.push(`${d.spec.name} in ${d.spec.node} is not where the plan needs it — ${d.upElsewhere}: the checks judge it`);
    }
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return results.map((r) => (r as PromiseFulfilledResult<DeployedService>).value);
  }

  capture(endpoint: Endpoint): Capture {
    const c = this.captures.find((x) => x.endpoint === endpoint);
    if (!c) throw new Error(`no capture on ${endpoint} in this lab (captured: ${this.captures.map((x) => x.endpoint).join(', ') || 'none'})`);
    return c;
  }

  daemon(node: string, name: string): Daemon {
    const d = this.services.find((s) => s.definition.node === node && s.definition.name === name)?.daemon;
    if (!d) throw new Error(`no daemon ${name} on ${node} in this lab`);
    return d;
  }

  /** Daemons that died on their own since they were started (a crash is evidence too). */
  crashedDaemons(): { node: string; name: string; exit: string; logTail: string }[] {
    return this.services.flatMap((s) => {
      const exit = s.daemon?.crashed;
      return s.daemon && exit ? [{ node: s.definition.node, name: s.definition.name, exit: exit.signal ?? `code ${exit.code}`, logTail: s.daemon.logTail() }] : [];
    });
  }

  async stopServices(): Promise<void> {
    const limit = pLimit(16);
    await Promise.all([stopCaptures(this.captures), ...this.services.map((s) => limit(async () => s.daemon?.stop()))]);
  }
}

/** A service whose program the scenario did not declare is refused: its packages were never checked. */
export function undeclaredRefused(method: string, defs: readonly ServiceDefinition[], declared: ReadonlySet<DaemonSpec>): void {
  const undeclared = defs.filter((d) => !declared.has(d.program));
  if (undeclared.length > 0) throw new Error(`scenario ${method} deploys ${undeclared.map((d) => d.program.name).join(', ')} without declaring it in its daemons`);
}
