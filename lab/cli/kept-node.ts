// `lab exec` and `lab shell`: a command in a node of a kept lab, attached to this terminal.
import { spawnSync } from 'node:child_process';
import { requireRoot } from '../env/requirements.js';
import { UsageError } from '../errors.js';
import { findKeptLab } from '../runtime/lab-cleanup.js';
import { runtimeDriver } from '../runtime/registry.js';

/** Run a command in a node of a kept lab, attached to this terminal, on whatever runtime made it. */
export async function runInKeptNode(node: string, labId: string | undefined, cmd: string[], tty: boolean): Promise<number> {
  requireRoot(`npm run lab -- exec ${node} -- ${cmd.join(' ')}`);
  const lab = await findKeptLab(labId);
  if (!lab.namespaces[node]) throw new UsageError(`lab ${lab.labId} has no node "${node}" (nodes: ${Object.keys(lab.namespaces).join(', ')})`);
  const argv = runtimeDriver(lab.runtime).enterArgv(lab, node, cmd, tty);
  return spawnSync(argv[0]!, argv.slice(1), { stdio: 'inherit' }).status ?? 1;
}
