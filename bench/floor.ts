// The floor: the same topology (namespaces, bridge, veths, addresses) made and removed by bare
// `ip -batch` files, no daemons, no checks: the kernel's own cost, the limit for our bring-up.
import { execa } from 'execa';
import pLimit from 'p-limit';
import { planWiring } from '../lab/runtime/wiring-plan.js';
import type { Topology } from '../lab/topology/types.js';

export async function floorSeconds(topology: Topology, tag: string): Promise<{ up: number; down: number }> {
  const ns = (node: string): string => `v6l-floor${tag}-${node}`;
  const plans = planWiring(topology, ns);
  const limit = pLimit(16);
  const t0 = performance.now();
  await mustRun(['-batch', '-'], plans.map((p) => `netns add ${ns(p.node)}`).join('\n'));
  await Promise.all(plans.map((p) => limit(() => (p.create.length ? mustRun(['-n', ns(p.node), '-batch', '-'], p.create.join('\n')) : Promise.resolve()))));
  await Promise.all(plans.map((p) => limit(() => mustRun(['-n', ns(p.node), '-batch', '-'], p.configure.join('\n')))));
  const up = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  await mustRun(['-force', '-batch', '-'], plans.map((p) => `netns del ${ns(p.node)}`).join('\n'));
  return { up, down: (performance.now() - t1) / 1000 };
}

async function mustRun(args: string[], input: string): Promise<void> {
  const r = await execa('ip', args, { input, reject: false });
  if (r.exitCode !== 0) throw new Error(`ip ${args.join(' ')}: ${String(r.stderr).trim()}`);
}
