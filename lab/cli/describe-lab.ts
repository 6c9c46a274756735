// What `lab validate` prints for a lab file that is fine: what would run, on which plan, and what
// each check is expected to do.
import { planRows } from '../report/plan-table.js';
import type { ResolvedLab } from '../input/resolve.js';
import { hostRelease, releaseLabel } from '../env/release.js';
import { releaseLimitNotes, unpackagedProblems } from '../scenario.js';
import { runtimeDriver } from '../runtime/registry.js';

export function describeLab(lab: ResolvedLab): string[] {
  const { spec, scenario, plan, checks, expect, hosts, faults, labFile } = lab;
  const ids = lab.checkIds.filter((id) => !checks.some((c) => c.id === id));
  const failing = lab.checkIds.filter((id) => expect[id] === 'fail' || checks.some((c) => c.id === id && c.expect === 'fail'));
  return [
    `${labFile?.path ?? spec.name ?? 'lab'}: valid — ${spec.name ? `${spec.name}: ` : ''}${scenario.name} (${scenario.title}), ${hosts} host${hosts === 1 ? '' : 's'}${faults.length ? `, faults: ${faults.map((f) => f.name).join(', ')}` : ''}`,
    'plan:',
    ...planRows(plan, lab.spellings).map(([k, v]) => `  ${k.padEnd(52)} ${v}`),
    `checks: ${ids.join(', ')}`,
    ...(checks.length ? [`your checks: ${checks.map((c) => `${c.id} (${c.kind}${c.level === 'warning' ? ', a warning' : ''})`).join(', ')}`] : []),
    ...(failing.length ? [`expected to fail: ${failing.join(', ')}`] : []),
    // Valid as a design; whether this machine's (or the asked) release packages its daemons is the run's to find (exit 3).
    ...releaseNotes(lab),
    `run it with: npm run lab -- ${labFile?.path ?? '<file>'}`,
  ];
}

function releaseNotes({ scenario, runtime, roles, ...lab }: ResolvedLab): string[] {
  try {
    runtimeDriver(runtime).release(lab.release);
  } catch (e) {
    return [`note: on this machine the run would stop (exit 2): ${(e as Error).message}`];
  }
  const release = lab.release ?? hostRelease();
  if (!release) return [];
  return [...unpackagedProblems(scenario, roles, release).map((p) => `note: on ${releaseLabel(release)} the run would stop (exit 3): ${p}`), ...releaseLimitNotes(scenario, roles, release).map((n) => `note: ${n}`)];
}
