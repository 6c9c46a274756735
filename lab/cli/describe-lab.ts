// What `lab validate` prints for a lab file that is fine: what would run, on which plan, and what
// each check is expected to do.
import { planRows } from '../report/plan-table.js';
import { checkIds, type ResolvedLab } from '../spec/resolve.js';

export function describeLab(lab: ResolvedLab): string[] {
  const { spec, scenario, plan, options } = lab;
  const ids = checkIds(scenario, plan, options.hosts);
  const failing = ids.filter((id) => options.expect[id] === 'fail');
  return [
    `${options.labFile?.path ?? spec.name ?? 'lab'}: valid — ${spec.name ? `${spec.name}: ` : ''}${scenario.name} (${scenario.title}), ${options.hosts} host${options.hosts === 1 ? '' : 's'}${options.faults.length ? `, faults: ${options.faults.join(', ')}` : ''}`,
    'plan:',
    ...planRows(plan).map(([k, v]) => `  ${k.padEnd(52)} ${v}`),
    `checks: ${ids.join(', ')}`,
    ...(failing.length ? [`expected to fail: ${failing.join(', ')}`] : []),
    `run it with: npm run lab -- ${options.labFile?.path ?? '<file>'}`,
  ];
}
