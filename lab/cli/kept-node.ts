// `lab exec` and `lab shell`: a command in a node of a kept lab, attached to this terminal.
import { spawnSync } from 'node:child_process';
import { requireRoot } from '../env/requirements.js';
import { UsageError } from '../run-lab.js';
import { findKeptLab } from '../runtime/lab-cleanup.js';

/** Run a command in a node of a kept lab, attached to this terminal: netns or container. */
export async function runInKeptNode(node: string, labId: string | undefined, cmd: string[], tty: boolean): Promise<number> {
  requireRoot();
  const lab = await findKeptLab(labId);
  const ns = lab.namespaces[node];
  if (!ns) throw new UsageError(`lab ${lab.labId} has no node "${node}" (nodes: ${Object.keys(lab.namespaces).join(', ')})`);
  const argv = lab.runtime === 'docker' ? ['docker', 'exec', tty ? '-it' : '-i', ns, ...cmd] : ['ip', 'netns', 'exec', ns, ...cmd];
  return spawnSync(argv[0]!, argv.slice(1), { stdio: 'inherit' }).status ?? 1;
}
