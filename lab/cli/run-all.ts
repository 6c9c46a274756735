// `lab all`: every method (× runtime) in parallel, a matrix, one combined junit.xml.
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SCENARIOS } from '../../scenarios/index.js';
import { ensureRequirements, requireRoot } from '../env/requirements.js';
import { defaultRunDir } from '../report/artifacts.js';
import { appMatrixLines, appMatrixMarkdown, appMatrixOf } from '../report/app-matrix.js';
import { toJunit } from '../report/junit.js';
import type { Report } from '../report/types.js';
import { runLab } from '../run-lab.js';
import { verdictOk } from '../checks/check.js';
import { RUNTIME_KINDS, runtimeDriver } from '../runtime/registry.js';
import { scenarioRequirements } from '../scenario.js';
import { ensureWritableDir, EXIT, out, parseRuntime } from './common.js';

export async function runAll(flags: { runtime: string; artifacts?: string; install: boolean }): Promise<number> {
  const runtimes = flags.runtime === 'all' ? RUNTIME_KINDS : [parseRuntime(flags.runtime)];
  requireRoot('npm run lab -- all');
  const scenarios = Object.values(SCENARIOS);
  await ensureRequirements(runtimes.flatMap((rt) => scenarios.flatMap((s) => runtimeDriver(rt).hostRequirements(scenarioRequirements(s)))), flags.install, out);
  const dir = resolve(flags.artifacts ?? defaultRunDir('all', flags.runtime));
  await ensureWritableDir(dir);
  out(`v6lab all: ${scenarios.length} methods × ${runtimes.join(', ')}, in parallel (each lab is isolated)`);
  const cells = await Promise.all(
    scenarios.flatMap((s) =>
      runtimes.map(async (rt) => {
        try {
          const r = await runLab(s, { runtime: rt, artifactsDir: join(dir, `${s.name}-${rt}`) });
          out(`  ${r.ok ? '✓' : '✗'} ${s.name} (${rt}) ${asExpected(r)}/${r.checks.length} as expected in ${r.timings.total?.toFixed(2)} s`);
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
      return (r ? `${r.ok ? '✓' : '✗'} ${asExpected(r)}/${r.checks.length} ${r.timings.total?.toFixed(2)} s` : '✗ not deployed').padEnd(22);
    });
    out(`  ${s.name.padEnd(w)}  ${row.join('')}`);
  }
  // The guide's claims per application: what each method carries, from each run's app-* checks.
  const apps = appMatrixOf(reports);
  if (apps.kinds.length > 0) {
    out('', 'Applications from hosta, per method:', ...appMatrixLines(apps));
    await writeFile(join(dir, 'apps.md'), `# Applications per method\n\n${appMatrixMarkdown(apps, (r) => `${r.method}-${r.runtime}/report.html`)}`);
    out(`  evidence per cell: ${join(dir, 'apps.md')}`);
  }
  const ok = reports.length === cells.length && reports.every((r) => r.ok);
  out('', `${ok ? 'PASS' : 'FAIL'} all: ${reports.filter((r) => r.ok).length}/${cells.length} cells passed`, `run directory: ${dir}`);
  return ok ? EXIT.ok : EXIT.checkFailed;
}

/** Checks whose verdict keeps the run green: passed, or failed where the method is known to fail. */
function asExpected(r: Report): number {
  return r.checks.filter((c) => verdictOk(c.verdict)).length;
}
