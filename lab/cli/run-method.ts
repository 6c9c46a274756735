// `lab <method>`: deploy one method, run its checks, print them, tear down.
import { resolve } from 'node:path';
import { SCENARIOS } from '../../scenarios/index.js';
import { ensureRequirements, requireRoot } from '../env/requirements.js';
import { EnvironmentError, UsageError } from '../errors.js';
import { defaultRunDir } from '../report/artifacts.js';
import { checkTable, consoleEvents, consoleSummary, terminalSpinner } from '../report/console.js';
import type { Report } from '../report/types.js';
import { resolveRoles, runLab, type RunOptions } from '../run-lab.js';
import type { RoleName } from '../services/role.js';
import { ROLE_NAMES } from '../services/roles.js';
import { runtimeDriver } from '../runtime/registry.js';
import { portProblems, refuseUnpackaged, releaseLimitNotes, scenarioRequirements } from '../scenario.js';
import { parseRelease, releaseLabel } from '../env/release.js';
import { InvalidAddressError } from '../topology/address.js';
import { TopologyError } from '../topology/validate.js';
import { ensureWritableDir, err, EXIT, interruption, methodList, out, parseRuntime } from './common.js';
import { isLabFile, loadLabFile } from './lab-file.js';

export interface RunFlags {
  runtime: string;
  /** --release bookworm|trixie (or 12|13). */
  release?: string;
  build: boolean;
  fault: string[];
  hosts: number;
  keep?: boolean;
  artifacts?: string;
  install: boolean;
  json?: boolean;
  quiet?: boolean;
  /** --ra, --dns64, --nat64, --http-proxy, --socks: the implementation of a role. */
  ra?: string;
  dns64?: string;
  nat64?: string;
  httpProxy?: string;
  socks?: string;
  /** --config role=file, repeatable. */
  config: string[];
  /** --port role=port, repeatable. */
  port: string[];
  conformance?: boolean;
}

/** `--config dns64=./my-unbound.conf` → { dns64: './my-unbound.conf' }. */
function configsOf(flags: RunFlags): Partial<Record<RoleName, string>> {
  return Object.fromEntries(
    (flags.config ?? []).map((c) => {
      const m = /^([a-z0-9-]+)=(.+)$/.exec(c);
      if (!m || !(ROLE_NAMES as string[]).includes(m[1]!)) throw new UsageError(`--config ${c}: write it as <role>=<file>, with a role of ${ROLE_NAMES.join(', ')} (e.g. --config dns64=./my-unbound.conf)`);
      return [m[1]!, m[2]!];
    }),
  );
}

/** `--port http-proxy=8118` → { 'http-proxy': 8118 }. */
function portsOf(flags: RunFlags): Partial<Record<RoleName, number>> {
  return Object.fromEntries(
    (flags.port ?? []).map((c) => {
      const m = /^([a-z0-9-]+)=(\d{1,5})$/.exec(c);
      if (!m || !(ROLE_NAMES as string[]).includes(m[1]!)) throw new UsageError(`--port ${c}: write it as <role>=<port>, with a role of ${ROLE_NAMES.join(', ')} (e.g. --port http-proxy=8118)`);
      return [m[1]!, Number(m[2])];
    }),
  );
}

/** The roles a command line chooses (commander spells --http-proxy as httpProxy). */
function rolesOf(flags: RunFlags): Partial<Record<RoleName, string>> {
  const pairs: [RoleName, string | undefined][] = [['ra', flags.ra], ['dns64', flags.dns64], ['nat64', flags.nat64], ['http-proxy', flags.httpProxy], ['socks', flags.socks]];
  return Object.fromEntries(pairs.filter((p): p is [RoleName, string] => p[1] !== undefined));
}

/** Which flags the user gave (the others hold commander's defaults, which a lab file overrides). */
export type GivenFlags = Partial<Record<keyof RunFlags, boolean>>;

/** `lab <method>` or `lab <lab file>`: the file's plan, hosts, faults and expectations; given flags win. */
export async function runTarget(target: string, flags: RunFlags, given: GivenFlags): Promise<number> {
  if (!isLabFile(target)) return runMethod(target, flags, {});
  const lab = await loadLabFile(target);
  const { options } = lab;
  return runMethod(lab.scenario.name, {
    ...flags,
    runtime: given.runtime ? flags.runtime : (options.runtime ?? flags.runtime),
    hosts: given.hosts ? flags.hosts : options.hosts,
    fault: given.fault ? flags.fault : options.faults,
  }, { ...options, roles: { ...options.roles, ...rolesOf(flags) }, configs: { ...options.configs, ...configsOf(flags) }, ports: { ...options.ports, ...portsOf(flags) }, command: `npm run lab -- ${target}` });
}

export async function runMethod(method: string, flags: RunFlags, fromFile: Partial<Pick<RunOptions, 'plan' | 'expect' | 'name' | 'labFile' | 'roles' | 'configs' | 'ports' | 'spellings' | 'checks'>> & { command?: string; release?: string }): Promise<number> {
  const scenario = SCENARIOS[method];
  if (!scenario) throw new UsageError(`unknown method "${method}". Valid methods:\n${methodList()}\nor give a lab file (./site.lab.yaml)`);
  const runtime = parseRuntime(flags.runtime);
  // Before anything else: an unknown implementation, or a fault it cannot express, is a usage error.
  const roles = resolveRoles(scenario, fromFile.roles ?? rolesOf(flags), flags.fault.flatMap((f) => (Object.hasOwn(scenario.faults, f) ? [[f, scenario.faults[f]!] as const] : [])));
  const ports = fromFile.ports ?? portsOf(flags);
  for (const p of portProblems(scenario, ports)) throw new UsageError(p.message);
  const asked = flags.release ?? fromFile.release;
  const release = runtimeDriver(runtime).release(asked === undefined ? undefined : parseRelease(asked));
  requireRoot(fromFile.command ?? `npm run lab -- ${method}`);
  // A package the nodes' release lacks stops here, before apt-get is asked for it.
  refuseUnpackaged(scenario, roles, release);
  const runDir = resolve(flags.artifacts ?? defaultRunDir(fromFile.name ?? scenario.name, flags.runtime));
  await ensureWritableDir(runDir);
  const say = flags.quiet || flags.json ? () => {} : out;
  await ensureRequirements(runtimeDriver(runtime).hostRequirements(scenarioRequirements(scenario, roles)), flags.install, say);
  say(`v6lab ${fromFile.name ? `${fromFile.name}: ` : ''}${scenario.name} — ${scenario.title}${fromFile.labFile ? ` (lab file ${fromFile.labFile.path})` : ''}`);
  say(`  · daemons of ${release ? releaseLabel(release) : 'this machine (not a Debian release the lab knows)'}, on ${runtime} — ${runtimeDriver(runtime).description}`);
  for (const n of release ? releaseLimitNotes(scenario, roles, release) : []) say(`  ! ${n}`);
  let report: Report;
  try {
    report = await runLab(scenario, {
      runtime,
      ...(release ? { release } : {}),
      buildImages: flags.build,
      faults: flags.fault,
      hosts: flags.hosts,
      keep: flags.keep,
      artifactsDir: runDir,
      roles,
      conformance: flags.conformance ?? false,
      configs: fromFile.configs ?? configsOf(flags),
      ports,
      ...(fromFile.plan ? { plan: fromFile.plan } : {}),
      ...(fromFile.expect ? { expect: fromFile.expect } : {}),
      ...(fromFile.name ? { name: fromFile.name } : {}),
      ...(fromFile.labFile ? { labFile: fromFile.labFile } : {}),
      ...(fromFile.spellings ? { spellings: fromFile.spellings } : {}),
      ...(fromFile.checks ? { checks: fromFile.checks } : {}),
      onEvent: consoleEvents(say, process.stdout.isTTY === true && !flags.quiet && !flags.json ? await terminalSpinner() : undefined),
    });
  } catch (e) {
    if (e instanceof UsageError || e instanceof TopologyError || e instanceof InvalidAddressError || e instanceof EnvironmentError) throw e;
    if (interruption.signalled) return EXIT.deployFailed;
    err(`v6lab: the lab could not be deployed: ${(e as Error).message}`);
    err('Everything the run had made was removed.');
    return EXIT.deployFailed;
  }
  // Interrupted: the signal handler tears down and exits; a half-run verdict would mislead.
  if (interruption.signalled) return EXIT.checkFailed;
  if (flags.json) out(JSON.stringify(report, null, 2));
  else if (flags.quiet) out(consoleSummary(report).pop() ?? '');
  else for (const l of [...checkTable(report), ...consoleSummary(report)]) out(l);
  if (report.kept && !flags.json) say('', ...keptLabHelp(report));
  // The last line names the run directory (report.html, junit.xml, pcap/, logs/, configs/).
  if (!flags.json) say(`run directory: ${runDir}`);
  return report.ok ? EXIT.ok : EXIT.checkFailed;
}

/** How to enter the kept lab: a host and a router of its own topology, by name. */
function keptLabHelp(r: Report): string[] {
  const host = r.topology.nodes.find((n) => n.role === 'host')?.name;
  const router = r.topology.nodes.find((n) => n.role === 'router')?.name;
  return [
    `The lab ${r.labId} is kept up. Enter a node with:`,
    ...(host ? [`  npm run lab -- exec ${host} -- ip -6 addr`] : []),
    ...(router ? [`  npm run lab -- exec ${router} -- ss -lntu`] : []),
    `  npm run lab -- shell <node>     (nodes: ${r.topology.nodes.map((n) => n.name).join(', ')})`,
    'Remove it with:',
    '  npm run lab -- down',
  ];
}
