// `lab <method>`: deploy one method, run its checks, print them, tear down.
import { resolve } from 'node:path';
import { SCENARIOS } from '../../scenarios/index.js';
import { EnvironmentError, ensureBinaries, hostBinaries, requireRoot } from '../env/requirements.js';
import { defaultRunDir } from '../report/artifacts.js';
import { checkTable, consoleEvents, consoleSummary } from '../report/console.js';
import { runLab, UsageError, type Report } from '../run-lab.js';
import { InvalidAddressError } from '../topology/address.js';
import { TopologyError } from '../topology/validate.js';
import { ensureWritableDir, err, EXIT, interruption, methodList, out, parseRuntime } from './common.js';

export interface RunFlags {
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

export async function runMethod(method: string, flags: RunFlags): Promise<number> {
  const scenario = SCENARIOS[method];
  if (!scenario) throw new UsageError(`unknown method "${method}". Valid methods:\n${methodList()}`);
  const runtime = parseRuntime(flags.runtime);
  requireRoot();
  const runDir = resolve(flags.artifacts ?? defaultRunDir(scenario.name, flags.runtime));
  await ensureWritableDir(runDir);
  const say = flags.quiet || flags.json ? () => {} : out;
  await ensureBinaries(hostBinaries(runtime, scenario.binaries), flags.install, say);
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
  if (report.kept && !flags.json) {
    say(`\nThe lab ${report.labId} is kept up. Enter a node with:\n  npm run lab -- exec hosta -- ip -6 addr\n  npm run lab -- exec gw -- ss -lnu\nRemove it with:\n  npm run lab -- down`);
  }
  // The last line names the run directory (report.html, junit.xml, pcap/, logs/, configs/).
  if (!flags.json) say(`run directory: ${runDir}`);
  return report.ok ? EXIT.ok : EXIT.checkFailed;
}
