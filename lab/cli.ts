// `npm run lab -- <method>` and friends. Exit codes: 0 all checks passed, 1 a check failed,
// 2 usage error, 3 environment unfit (not root, missing package), 4 the lab could not be deployed,
// 130/143 interrupted by SIGINT/SIGTERM (after teardown).
import { spawnSync } from 'node:child_process';
import { constants, existsSync } from 'node:fs';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { SCENARIOS } from '../scenarios/index.js';
import { EnvironmentError, ensureBinaries, PACKAGE_OF, requireRoot } from './env/requirements.js';
import { defaultRunDir } from './report/artifacts.js';
import { toJunit } from './report/junit.js';
import { checkTable, consoleEvents, consoleSummary } from './report/console.js';
import { collectGarbage, downKeptLabs, findKeptLab } from './runtime/lab-cleanup.js';
import { TopologyError } from './topology/validate.js';
import { RUNTIME_KINDS, type RuntimeKind } from './runtime/runtime.js';
import { GENERIC_FAULTS } from './faults.js';
import { runLab, teardownActiveLabs, UsageError, type Report } from './run-lab.js';
import { InvalidAddressError } from './topology/address.js';

/** Tools the test suite wants besides the methods' own (capture, ping, pgrep, a browser for report.html). */
const SETUP_EXTRAS = ['tcpdump', 'ping', 'pgrep', 'chromium'];

export const EXIT = { ok: 0, checkFailed: 1, usage: 2, environment: 3, deployFailed: 4 } as const;

const out = (...lines: string[]): void => void process.stdout.write(lines.map((l) => l + '\n').join(''));
const err = (line: string): void => void process.stderr.write(line + '\n');

function methodList(): string {
  return Object.values(SCENARIOS)
    .map((s) => `  ${s.name.padEnd(12)} ${s.title}`)
    .join('\n');
}

/** Fail before building anything when the artifacts cannot be written. */
async function ensureWritableDir(dir: string): Promise<void> {
  try {
    // One level at a time: Node's recursive mkdir never returns on some pseudo filesystems (/proc).
    const missing: string[] = [];
    for (let d = dir; !existsSync(d); d = dirname(d)) missing.unshift(d);
    for (const d of missing) await mkdir(d);
    await access(dir, constants.W_OK);
  } catch (e) {
    throw new UsageError(`cannot write artifacts to ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; choose a writable directory`);
  }
}

function parseHosts(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 250) throw new InvalidArgumentError('give a whole number from 1 to 250');
  return n;
}

function parseRuntime(v: string): RuntimeKind {
  if ((RUNTIME_KINDS as string[]).includes(v)) return v as RuntimeKind;
  throw new UsageError(`unknown runtime "${v}": use ${RUNTIME_KINDS.join(' or ')}`);
}

interface RunFlags {
  runtime: string;
  build: boolean;
  fault: string[];
  hosts: number;
  keep?: boolean;
  artifacts?: string;
  install: boolean;
  json?: boolean;
  quiet?: boolean;
}

async function runMethod(method: string, flags: RunFlags): Promise<number> {
  const scenario = SCENARIOS[method];
  if (!scenario) throw new UsageError(`unknown method "${method}". Valid methods:\n${methodList()}`);
  const runtime = parseRuntime(flags.runtime);
  requireRoot();
  const runDir = resolve(flags.artifacts ?? defaultRunDir(scenario.name, flags.runtime));
  await ensureWritableDir(runDir);
  const say = flags.quiet || flags.json ? () => {} : out;
  await ensureBinaries(scenario.binaries, flags.install, say);
  say(`v6lab ${scenario.name} — ${scenario.title}`);
  let report: Report;
  try {
    report = await runLab(scenario, {
      runtime,
      buildImages: flags.build,
      faults: flags.fault,
      hosts: flags.hosts,
      keep: flags.keep,
      artifactsDir: runDir,
      onEvent: consoleEvents(say, process.stdout.isTTY === true && !flags.quiet && !flags.json),
    });
  } catch (e) {
    if (e instanceof UsageError || e instanceof TopologyError || e instanceof InvalidAddressError || e instanceof EnvironmentError) throw e;
    if (interrupted) return EXIT.deployFailed;
    err(`v6lab: the lab could not be deployed: ${(e as Error).message}`);
    err('Everything the run had made was removed.');
    return EXIT.deployFailed;
  }
  // Interrupted: the signal handler tears down and exits; a half-run verdict would mislead.
  if (interrupted) return EXIT.checkFailed;
  if (flags.json) out(JSON.stringify(report, null, 2));
  else if (flags.quiet) out(consoleSummary(report).pop() ?? '');
  else for (const l of [...checkTable(report), ...consoleSummary(report)]) out(l);
  if (report.kept && !flags.json) {
    say(`\nThe lab ${report.labId} is kept up. Enter a node with:\n  npm run lab -- exec hosta -- ip -6 addr\n  npm run lab -- exec gw -- ss -lnu\nRemove it with:\n  npm run lab -- down`);
  }
  // The last line names the run directory (report.html, junit.xml, pcap/, logs/, configs/).
  if (!flags.json) say(`run directory: ${runDir}`);
  return report.ok ? EXIT.ok : EXIT.checkFailed;
}

/** Run a command in a node of a kept lab, attached to this terminal: netns or container. */
async function runInKeptNode(node: string, labId: string | undefined, cmd: string[], tty: boolean): Promise<number> {
  requireRoot();
  const lab = await findKeptLab(labId);
  const ns = lab.namespaces[node];
  if (!ns) throw new UsageError(`lab ${lab.labId} has no node "${node}" (nodes: ${Object.keys(lab.namespaces).join(', ')})`);
  const argv = lab.runtime === 'docker' ? ['docker', 'exec', tty ? '-it' : '-i', ns, ...cmd] : ['ip', 'netns', 'exec', ns, ...cmd];
  return spawnSync(argv[0]!, argv.slice(1), { stdio: 'inherit' }).status ?? 1;
}

async function runAll(flags: { runtime: string; artifacts?: string; install: boolean }): Promise<number> {
  const runtimes = flags.runtime === 'all' ? RUNTIME_KINDS : [parseRuntime(flags.runtime)];
  requireRoot();
  const scenarios = Object.values(SCENARIOS);
  await ensureBinaries([...new Set(scenarios.flatMap((s) => s.binaries))], flags.install, out);
  const dir = resolve(flags.artifacts ?? defaultRunDir('all', flags.runtime));
  await ensureWritableDir(dir);
  out(`v6lab all: ${scenarios.length} methods × ${runtimes.join(', ')}, in parallel (each lab is isolated)`);
  const cells = await Promise.all(
    scenarios.flatMap((s) =>
      runtimes.map(async (rt) => {
        try {
          const r = await runLab(s, { runtime: rt, artifactsDir: join(dir, `${s.name}-${rt}`) });
          out(`  ${r.ok ? '✓' : '✗'} ${s.name} (${rt}) ${r.checks.filter((c) => c.ok).length}/${r.checks.length} in ${r.timings.total?.toFixed(2)} s`);
          return r;
        } catch (e) {
          out(`  ✗ ${s.name} (${rt}) could not be deployed: ${(e as Error).message.split('\n')[0]}`);
          return (e as { report?: Report }).report;
        }
      }),
    ),
  );
  const reports = cells.filter((r): r is Report => r !== undefined);
  await writeFile(join(dir, 'junit.xml'), toJunit(reports));
  const w = Math.max(...scenarios.map((s) => s.name.length));
  out('', `  ${'method'.padEnd(w)}  ${runtimes.map((rt) => rt.padEnd(22)).join('')}`);
  for (const s of scenarios) {
    const row = runtimes.map((rt) => {
      const r = reports.find((x) => x.method === s.name && x.runtime === rt);
      return (r ? `${r.ok ? '✓' : '✗'} ${r.checks.filter((c) => c.ok).length}/${r.checks.length} ${r.timings.total?.toFixed(2)} s` : '✗ not deployed').padEnd(22);
    });
    out(`  ${s.name.padEnd(w)}  ${row.join('')}`);
  }
  const ok = reports.length === cells.length && reports.every((r) => r.ok);
  out('', `${ok ? 'PASS' : 'FAIL'} all: ${reports.filter((r) => r.ok).length}/${cells.length} cells passed`, `run directory: ${dir}`);
  return ok ? EXIT.ok : EXIT.checkFailed;
}

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('lab')
    .description('v6lab: the IPv6 link-local egress guide as executable experiments')
    .exitOverride()
    .showHelpAfterError('(run `npm run lab -- --help` for usage)');

  program
    .command('run', { isDefault: true })
    .description('deploy a method, run its checks, tear it down')
    .argument('<method>', 'one of the methods listed by `lab list`')
    .option('--runtime <kind>', 'runtime: netns or docker', 'netns')
    .option('--no-build', 'docker runtime: do not build a missing image; print the command and exit 3')
    .option('--fault <name>', 'break the stack on purpose (repeatable); see `lab list`', (v: string, acc: string[]) => [...acc, v], [])
    .option('--hosts <n>', 'hosts on the LAN', parseHosts, 2)
    .option('--keep', 'leave the lab up after the checks (then `exec`, `down`)')
    .option('--artifacts <dir>', 'run directory (default runs/<time>-<method>-<runtime>/): report.json, junit.xml, report.md, report.html, pcap/, logs/, configs/')
    .option('--no-install', 'do not apt-get missing packages; print the command and exit 3')
    .option('--json', 'print report.json to stdout')
    .option('--quiet', 'print only the verdict line')
    .action(async (method: string, flags: RunFlags) => setExit(await runMethod(method, flags)));

  program
    .command('list')
    .description('list the methods and their faults')
    .action(() => {
      for (const s of Object.values(SCENARIOS)) {
        out(`${s.name.padEnd(12)} ${s.title}`);
        for (const [name, f] of Object.entries(s.faults)) out(`  --fault ${name.padEnd(14)} ${f.description}`);
      }
      out(`every method also takes: ${GENERIC_FAULTS.map((f) => `--fault ${f}`).join(', ')}`);
      setExit(EXIT.ok);
    });

  program
    .command('exec')
    .description('run a command in a node of a kept lab: exec <node> -- <cmd…>')
    .argument('<node>')
    .argument('<cmd...>')
    .option('--lab <id>', 'which kept lab (when several are up)')
    .action(async (node: string, cmd: string[], flags: { lab?: string }) => setExit(await runInKeptNode(node, flags.lab, cmd, false)));

  program
    .command('shell')
    .description('an interactive shell in a node of a kept lab')
    .argument('<node>')
    .option('--lab <id>', 'which kept lab (when several are up)')
    .action(async (node: string, flags: { lab?: string }) => {
      out(`shell in ${node}; exit to leave`);
      setExit(await runInKeptNode(node, flags.lab, ['env', `PS1=[v6lab ${node}] \\w# `, 'bash', '--norc', '-i'], true));
    });

  program
    .command('all')
    .description('run every method in parallel and print a matrix (exit 1 if any cell fails)')
    .option('--runtime <kind>', 'runtime: netns, docker, or all', 'netns')
    .option('--artifacts <dir>', 'directory for every run and the combined junit.xml')
    .option('--no-install', 'do not apt-get missing packages')
    .action(async (flags: { runtime: string; artifacts?: string; install: boolean }) => setExit(await runAll(flags)));

  program
    .command('down')
    .description('remove kept labs')
    .option('--lab <id>', 'only this lab')
    .action(async (flags: { lab?: string }) => {
      requireRoot();
      const removed = await downKeptLabs(flags.lab);
      out(removed.length > 0 ? `removed: ${removed.join(', ')}` : 'no kept lab to remove');
      setExit(EXIT.ok);
    });

  program
    .command('setup')
    .description('install the Debian packages of every method and of the test suite (apt-get, as root)')
    .action(async () => {
      requireRoot();
      const binaries = [...new Set(Object.values(SCENARIOS).flatMap((s) => s.binaries).concat(SETUP_EXTRAS))];
      await ensureBinaries(binaries, true, out);
      out(`all present: ${binaries.map((b) => PACKAGE_OF[b] ?? b).filter((v, i, a) => a.indexOf(v) === i).join(' ')}`);
      setExit(EXIT.ok);
    });

  program
    .command('gc')
    .description('remove what killed runs left behind (by lab-id prefix and records)')
    .action(async () => {
      requireRoot();
      const found = await collectGarbage();
      out(found.length > 0 ? `removed:\n  ${found.join('\n  ')}` : 'nothing to collect');
      setExit(EXIT.ok);
    });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram((c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (e instanceof UsageError || e instanceof TopologyError || e instanceof InvalidAddressError) {
      err(`v6lab: ${e.message}`);
      return EXIT.usage;
    }
    if (e instanceof EnvironmentError) {
      err(`v6lab: ${e.message}`);
      return EXIT.environment;
    }
    throw e;
  }
}

let interrupted = false;

function onSignal(signal: NodeJS.Signals, code: number): void {
  // `on`, not `once`: execa's exit hook re-raises a signal that no other listener still handles,
  // which would kill us before teardown. A second signal while tearing down is ignored.
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    err(`\nv6lab: ${signal} received — tearing the lab down…`);
    void teardownActiveLabs()
      .then((errors) => {
        for (const e of errors) err(`v6lab: teardown error: ${e}\nRun \`npm run lab -- gc\` to remove what is left.`);
      })
      .finally(() => process.exit(code));
  });
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('lab/cli.ts')) {
  onSignal('SIGINT', 130);
  onSignal('SIGTERM', 143);
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      err(`v6lab: unexpected error: ${(e as Error).stack ?? String(e)}`);
      process.exit(70);
    },
  );
}
