// `lab conformance`: the nat64 method once per DNS64 resolver and once per other RA daemon, in
// parallel isolated labs, with the conformance checks — and the matrix of what each does.
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SCENARIOS } from '../../scenarios/index.js';
import { ensureRequirements, requireRoot } from '../env/requirements.js';
import { defaultRunDir } from '../report/artifacts.js';
import { cellOf, matrixHtml, matrixLines, matrixMarkdown, type ConformanceMatrix, type MatrixRow } from '../report/conformance.js';
import type { Report } from '../report/types.js';
import { runLab } from '../index.js';
import { rolesSpec } from '../input/lab-spec.js';
import { runtimeDriver } from '../runtime/registry.js';
import { refuseUnpackaged, scenarioRequirements } from '../scenario.js';
import { parseReleases, releaseLabel } from '../env/release.js';
import type { RoleName } from '../services/role.js';
import { ROLE_IMPLS, roleImpl } from '../services/roles.js';
import { ensureWritableDir, EXIT, out, parseRuntime } from './common.js';

export async function runConformance(flags: { runtime: string; release?: string; artifacts?: string; install: boolean }): Promise<number> {
  const runtime = parseRuntime(flags.runtime);
  const driver = runtimeDriver(runtime);
  const scenario = Object.values(SCENARIOS).find((s) => s.conformance);
  if (!scenario?.conformance) throw new Error('no method has conformance checks');
  // Each release asked for must be one this runtime can run (netns: only the host's): checked before anything is built.
  const releases = flags.release ? parseReleases(flags.release).map((r) => driver.release(r)) : [driver.release()];
  requireRoot('npm run lab -- conformance');
  const roleOf = scenario.conformance.roleOf;
  const judged = [...new Set(Object.values(roleOf))];
  // One run per implementation of each judged role; the others keep the guide's.
  const cells = judged.flatMap((role) => Object.keys(ROLE_IMPLS[role]).filter((impl) => role !== 'ra' || impl !== scenario.roles.ra || judged.length === 1).map((impl) => ({ role, impl })));
  const runs = [...new Map(cells.map((c) => [`${c.role}=${c.impl}`, c])).values()];
  for (const release of releases) for (const c of runs) refuseUnpackaged(scenario, { [c.role]: c.impl }, release);
  await ensureRequirements(runs.flatMap((c) => driver.hostRequirements(scenarioRequirements(scenario, { [c.role]: c.impl }))), flags.install, out);
  const dir = resolve(flags.artifacts ?? defaultRunDir('conformance', runtime));
  await ensureWritableDir(dir);
  const rows: MatrixRow[] = [];
  let deployed = true;
  // One release at a time: its runs in parallel (each lab is isolated).
  for (const release of releases) {
    const name = release ? `${release}-` : '';
    out(`v6lab conformance${release ? ` on ${releaseLabel(release)}` : ''}: ${scenario.name} with ${runs.map((c) => `${c.role} ${c.impl}`).join(', ')}, in parallel (each lab is isolated)`);
    const reports = await Promise.all(
      runs.map(async (c) => {
        const roles = { [c.role]: c.impl } as Partial<Record<RoleName, string>>;
        const r = await runLab({ method: scenario.name, runtime, ...(release ? { release } : {}), roles: rolesSpec({ impls: roles }), conformance: true, browsers: false }, { artifactsDir: join(dir, `${name}${c.role}-${c.impl}`) }).catch((e: Error & { report?: Report }) => e.report);
        out(`  ${r ? '·' : '✗'} ${c.role} ${c.impl}${r ? ` (lab ${r.labId}, ${r.timings.total?.toFixed(2)} s)` : ': could not be deployed'}`);
        return { ...c, report: r };
      }),
    );
    deployed &&= reports.every((r) => r.report && !r.report.error);
    // The RA rows take their cells from the run that deployed each RA daemon (the guide's from the runs of the resolvers).
    for (const role of judged) {
      for (const impl of Object.keys(ROLE_IMPLS[role])) {
        const run = reports.find((x) => x.report && x.report.roles[role] === impl)?.report;
        const ids = Object.keys(roleOf).filter((id) => roleOf[id] === role);
        const version = run?.versions[roleImpl(role, impl)!.daemon.name];
        rows.push({ role, impl, ...(version ? { version } : {}), ...(run?.release ? { release: run.release } : {}), labId: run?.labId ?? '', cells: ids.map((id) => cellOf(run?.checks.find((c) => c.id === id), id)) });
      }
    }
  }
  const matrix: ConformanceMatrix = { checks: Object.keys(roleOf), rows };
  await Promise.all([
    writeFile(join(dir, 'conformance.json'), JSON.stringify(matrix, null, 2) + '\n'),
    writeFile(join(dir, 'conformance.md'), matrixMarkdown(matrix)),
    writeFile(join(dir, 'conformance.html'), matrixHtml(matrix)),
  ]);
  out('', ...matrixLines(matrix), '', `run directory: ${dir} (conformance.json, conformance.md, conformance.html, one run per implementation${releases.length > 1 ? ' and release' : ''})`);
  return deployed ? EXIT.ok : EXIT.deployFailed;
}
