// `lab all`: every method (× runtime) in parallel, a matrix, one combined junit.xml.
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SCENARIOS } from '../../scenarios/index.js';
import { ensureRequirements, requireRoot } from '../env/requirements.js';
import { defaultRunDir } from '../report/artifacts.js';
import { appMatrixLines, appMatrixMarkdown, appMatrixOf } from '../report/app-matrix.js';
import { toJunit } from '../report/junit.js';
import type { Report } from '../report/types.js';
import { runLab } from '../index.js';
import { rolesSpec } from '../input/lab-spec.js';
import { defaultBrowsers } from '../input/resolve.js';
import { verdictOk } from '../checks/check.js';
import { RUNTIME_KINDS, runtimeDriver } from '../runtime/registry.js';
import { packagedRoles, scenarioRequirements, type Scenario } from '../scenario.js';
import { parseReleases, RELEASES, releaseLabel, type Release } from '../env/release.js';
import type { RuntimeKind } from '../runtime/runtime.js';
import type { RoleName } from '../services/role.js';
import { ensureWritableDir, EXIT, out, parseRuntime } from './common.js';

/** One column of the matrix: a runtime, and the release its nodes run. */
interface Column {
  runtime: RuntimeKind;
  release: Release | undefined;
  label: string;
}

/**
 * The columns for `--runtime` × `--release`. A release the runtime cannot run (netns runs only
 * this machine's) goes to the first runtime that can (node images), once.
 */
function columnsOf(runtimeFlag: string, releaseFlag: string | undefined): Column[] {
  const runtimes = runtimeFlag === 'all' ? RUNTIME_KINDS : [parseRuntime(runtimeFlag)];
  const releases: (Release | undefined)[] = releaseFlag ? parseReleases(releaseFlag) : [undefined];
  const columns = new Map<string, Omit<Column, 'label'>>();
  for (const release of releases) {
    for (const asked of runtimes) {
      const runtime = [asked, ...RUNTIME_KINDS].find((k) => canRun(k, release))!;
      const nodes = runtimeDriver(runtime).release(release);
      columns.set(`${runtime} ${nodes ?? ''}`, { runtime, release: nodes });
    }
  }
  const many = new Set([...columns.values()].map((c) => c.release)).size > 1;
  return [...columns.values()].map((c) => ({ ...c, label: many && c.release ? `${c.runtime} ${RELEASES[c.release].number}` : c.runtime }));
}

function canRun(runtime: RuntimeKind, release: Release | undefined): boolean {
  try {
    runtimeDriver(runtime).release(release);
    return true;
  } catch {
    return false;
  }
}

export async function runAll(flags: { runtime: string; release?: string; artifacts?: string; install: boolean }): Promise<number> {
  const columns = columnsOf(flags.runtime, flags.release);
  requireRoot('npm run lab -- all');
  const scenarios = Object.values(SCENARIOS);
  // Where a release lacks a role's guide implementation (Dante in Debian 13), the method runs with one it packages, and says so.
  const rolesFor = (s: Scenario, c: Column): Partial<Record<RoleName, string>> => packagedRoles(s, c.release);
  await ensureRequirements(columns.flatMap((c) => scenarios.flatMap((s) => runtimeDriver(c.runtime).hostRequirements(scenarioRequirements(s, rolesFor(s, c), { browsers: defaultBrowsers(c.runtime) })))), flags.install, out);
  const dir = resolve(flags.artifacts ?? defaultRunDir('all', flags.runtime));
  await ensureWritableDir(dir);
  out(`v6lab all: ${scenarios.length} methods × ${columns.map((c) => c.label + (c.release ? ` (${releaseLabel(c.release)})` : '')).join(', ')}, in parallel (each lab is isolated)`);
  const cells = await Promise.all(
    scenarios.flatMap((s) =>
      columns.map(async (c) => {
        const roles = rolesFor(s, c);
        const chosen = Object.entries(roles).map(([role, impl]) => ` [${role}: ${impl}]`).join('');
        try {
          const r = await runLab({ method: s.name, runtime: c.runtime, ...(c.release ? { release: c.release } : {}), roles: rolesSpec({ impls: roles }) }, { artifactsDir: join(dir, `${s.name}-${c.label.replace(' ', '-')}`) });
          out(`  ${r.ok ? '✓' : '✗'} ${s.name}${chosen} (${c.label}) ${asExpected(r)}/${r.checks.length} as expected in ${r.timings.total?.toFixed(2)} s`);
          return { column: c, report: r };
        } catch (e) {
          out(`  ✗ ${s.name}${chosen} (${c.label}) could not be deployed: ${(e as Error).message.split('\n')[0]}`);
          return { column: c, report: (e as { report?: Report }).report };
        }
      }),
    ),
  );
  const reports = cells.flatMap((x) => (x.report ? [x.report] : []));
  await writeFile(join(dir, 'junit.xml'), toJunit(reports));
  const w = Math.max(...scenarios.map((s) => s.name.length));
  out('', `  ${'method'.padEnd(w)}  ${columns.map((c) => c.label.padEnd(22)).join('')}`);
  for (const s of scenarios) {
    const row = columns.map((c) => {
      const r = cells.find((x) => x.column === c && x.report?.method === s.name)?.report;
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
