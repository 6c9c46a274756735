// What `lab validate` prints for a lab file that is fine: what would run, on which plan, and what
// each check is expected to do.
import { planRows } from '../report/plan-table.js';
import { checkIds, type ResolvedLab } from '../spec/resolve.js';
import { hostRelease, releaseLabel } from '../env/release.js';
import { releaseLimitNotes, unpackagedProblems } from '../scenario.js';
import { runtimeDriver } from '../runtime/registry.js';

export function describeLab(lab: ResolvedLab): string[] {
  const { spec, scenario, plan, options } = lab;
  const ids = checkIds(scenario, plan, options.hosts);
  const failing = [...ids, ...options.checks.map((c) => c.id)].filter((id) => options.expect[id] === 'fail' || options.checks.some((c) => c.id === id && c.expect === 'fail'));
  return [
    `${options.labFile?.path ?? spec.name ?? 'lab'}: valid — ${spec.name ? `${spec.name}: ` : ''}${scenario.name} (${scenario.title}), ${options.hosts} host${options.hosts === 1 ? '' : 's'}${options.faults.length ? `, faults: ${options.faults.join(', ')}` : ''}`,
    'plan:',
    ...planRows(plan, options.spellings).map(([k, v]) => `  ${k.padEnd(52)} ${v}`),
    `checks: ${ids.join(', ')}`,
    ...(options.checks.length ? [`your checks: ${options.checks.map((c) => `${c.id} (${c.kind}${c.level === 'warning' ? ', a warning' : ''})`).join(', ')}`] : []),
    ...(failing.length ? [`expected to fail: ${failing.join(', ')}`] : []),
    // Valid as a design; whether this machine's (or the asked) release packages its daemons is the run's to find (exit 3).
    ...releaseNotes(lab),
    `run it with: npm run lab -- ${options.labFile?.path ?? '<file>'}`,
  ];
}

function releaseNotes({ scenario, options }: ResolvedLab): string[] {
  try {
    runtimeDriver(options.runtime ?? 'netns').release(options.release);
  } catch (e) {
    return [`note: on this machine the run would stop (exit 2): ${(e as Error).message}`];
  }
  const release = options.release ?? hostRelease();
  if (!release) return [];
  return [...unpackagedProblems(scenario, options.roles, release).map((p) => `note: on ${releaseLabel(release)} the run would stop (exit 3): ${p}`), ...releaseLimitNotes(scenario, options.roles, release).map((n) => `note: ${n}`)];
}
