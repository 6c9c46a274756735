// `lab <method>`: deploy one method, run its checks, print them, tear down.
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { SCENARIOS } from '../../scenarios/index.js';
import { ensureRequirements, requireRoot } from '../env/requirements.js';
import { EnvironmentError, UsageError } from '../errors.js';
import { defaultRunDir } from '../report/artifacts.js';
import { checkTable, consoleEvents, consoleSummary, terminalSpinner } from '../report/console.js';
import type { Report } from '../report/types.js';
import type { CommandLine, ResolvedLab } from '../input/resolve.js';
import { rolesSpec, type LabSpec } from '../input/lab-spec.js';
import { runLab } from '../run-lab.js';
import type { RuntimeKind } from '../runtime/runtime.js';
import type { RoleName } from '../services/role.js';
import { ROLE_NAMES } from '../services/roles.js';
import { runtimeDriver } from '../runtime/registry.js';
import { refuseUnpackaged, releaseLimitNotes, scenarioRequirements } from '../scenario.js';
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
  /** --ra, --dns64, --nat64, --http-proxy, --socks, --clat: the implementation of a role. */
  ra?: string;
  dns64?: string;
  nat64?: string;
  httpProxy?: string;
  socks?: string;
  clat?: string;
  /** --config role=file, repeatable. */
  config: string[];
  /** --port role=port, repeatable. */
  port: string[];
  conformance?: boolean;
  /** --browsers / --no-browsers (neither: the lab's default). */
  browsers?: boolean;
}

/**
 * `--config dns64=./my-unbound.conf` → { dns64: './my-unbound.conf' }: relative to where the
 * command runs, so beside a lab file (whose config paths are relative to it) it is rebased there.
 */
function configsOf(flags: RunFlags, labFileDir?: string): Partial<Record<RoleName, string>> {
  return Object.fromEntries(
    (flags.config ?? []).map((c) => {
      const m = /^([a-z0-9-]+)=(.+)$/.exec(c);
      if (!m || !(ROLE_NAMES as string[]).includes(m[1]!)) throw new UsageError(`--config ${c}: write it as <role>=<file>, with a role of ${ROLE_NAMES.join(', ')} (e.g. --config dns64=./my-unbound.conf)`);
      return [m[1]!, labFileDir === undefined || isAbsolute(m[2]!) ? m[2]! : relative(labFileDir, m[2]!)];
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
  const pairs: [RoleName, string | undefined][] = [['ra', flags.ra], ['dns64', flags.dns64], ['nat64', flags.nat64], ['http-proxy', flags.httpProxy], ['socks', flags.socks], ['clat', flags.clat]];
  return Object.fromEntries(pairs.filter((p): p is [RoleName, string] => p[1] !== undefined));
}

/** Which flags the user gave (the others hold commander's defaults, which a lab file overrides). */
export type GivenFlags = Partial<Record<keyof RunFlags, boolean>>;

/**
 * The lab the flags describe, as a spec: over a lab file only the flags given (commander's
 * defaults leave the file's keys alone); each key remembers its flag for messages.
 */
function commandLineOf(flags: RunFlags, given: GivenFlags | 'all', labFileDir?: string): CommandLine {
  const gave = (k: keyof RunFlags): boolean => given === 'all' || given[k] === true;
  const roles = rolesSpec({ impls: rolesOf(flags), configs: configsOf(flags, labFileDir), ports: portsOf(flags) });
  const spec: Partial<LabSpec> = {
    ...(gave('hosts') ? { hosts: flags.hosts } : {}),
    ...(gave('fault') && flags.fault.length > 0 ? { faults: flags.fault } : {}),
    ...(gave('runtime') ? { runtime: flags.runtime as RuntimeKind } : {}),
    ...(flags.release !== undefined ? { release: parseRelease(flags.release) } : {}),
    ...(flags.conformance ? { conformance: true } : {}),
    ...(flags.browsers !== undefined ? { browsers: flags.browsers } : {}),
    ...(Object.keys(roles).length > 0 ? { roles } : {}),
  };
  const FLAG: Record<string, string> = { hosts: '--hosts', faults: '--fault', runtime: '--runtime', release: '--release', conformance: '--conformance', browsers: flags.browsers ? '--browsers' : '--no-browsers' };
  return {
    spec,
    flagOf: ([key, name, field]) => {
      if (key === 'roles' && typeof name === 'string') {
        const given = spec.roles?.[name as RoleName] ?? {};
        const f = (field ?? Object.keys(given)[0]) as 'impl' | 'config' | 'port' | undefined;
        const set = f ? given[f] : undefined;
        if (set === undefined) return undefined;
        return f === 'impl' ? `--${name}` : `--${f} ${name}=${set}`;
      }
      return typeof key === 'string' && key in spec && FLAG[key] ? FLAG[key] : undefined;
    },
  };
}

/** `lab <method>` or `lab <lab file>`: the file's lab with the given flags over it, resolved once; then run. */
export async function runTarget(target: string, flags: RunFlags, given: GivenFlags): Promise<number> {
  if (isLabFile(target)) return runResolved(await loadLabFile(target, commandLineOf(flags, given, dirname(target))), flags, `npm run lab -- ${target}`);
  if (!SCENARIOS[target]) throw new UsageError(`unknown method "${target}". Valid methods:\n${methodList()}\nor give a lab file (./site.lab.yaml)`);
  parseRuntime(flags.runtime);
  const { resolveLab } = await import('../input/resolve.js');
  return runResolved(resolveLab({ method: target }, SCENARIOS, { source: 'command line', commandLine: commandLineOf(flags, 'all') }), flags, `npm run lab -- ${target}`);
}

async function runResolved(lab: ResolvedLab, flags: RunFlags, command: string): Promise<number> {
  const { scenario, roles, runtime } = lab;
  const release = runtimeDriver(runtime).release(lab.release);
  requireRoot(command);
  // A package the nodes' release lacks stops here, before apt-get is asked for it.
  refuseUnpackaged(scenario, roles, release);
  const runDir = resolve(flags.artifacts ?? defaultRunDir(lab.name ?? scenario.name, runtime));
  await ensureWritableDir(runDir);
  const say = flags.quiet || flags.json ? () => {} : out;
  await ensureRequirements(runtimeDriver(runtime).hostRequirements(scenarioRequirements(scenario, roles, { browsers: lab.browsers })), flags.install, say);
  say(`v6lab ${lab.name ? `${lab.name}: ` : ''}${scenario.name} — ${scenario.title}${lab.labFile ? ` (lab file ${lab.labFile.path})` : ''}`);
  say(`  · daemons of ${release ? releaseLabel(release) : 'this machine (not a Debian release the lab knows)'}, on ${runtime} — ${runtimeDriver(runtime).description}`);
  for (const n of release ? releaseLimitNotes(scenario, roles, release) : []) say(`  ! ${n}`);
  let report: Report;
  try {
    report = await runLab(lab, {
      buildImages: flags.build,
      keep: flags.keep,
      artifactsDir: runDir,
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
