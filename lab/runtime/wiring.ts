// Making a wiring plan real: the same steps for every runtime, run from the host against each
// node's network namespace by name (/run/netns/<name>: a netns, or a container's, linked there).
import pLimit from 'p-limit';
import { runCommand } from './command-runner.js';
import { RuntimeError } from './host-commands.js';
import type { NodePlan } from './wiring-plan.js';

/** How many `ip` processes run at once while wiring: enough to overlap, few enough for 2 cores. */
const WIRING_CONCURRENCY = 16;

export async function applyWiring(plans: NodePlan[], ns: (node: string) => string): Promise<void> {
  const limit = pLimit(WIRING_CONCURRENCY);
  const inEach = (step: (p: NodePlan) => Promise<void>): Promise<void[]> => Promise.all(plans.map((p) => limit(() => step(p))));
  const sysctl = (p: NodePlan, settings: string[]): Promise<void> => must(p.node, 'ip', ['netns', 'exec', ns(p.node), 'sysctl', '-q', '-w', ...settings]);
  const batch = (p: NodePlan, lines: string[]): Promise<void> => must(p.node, 'ip', ['-n', ns(p.node), '-batch', '-'], lines.join('\n') + '\n');

  // Defaults first: interfaces pushed into a namespace take its defaults (accept_dad, disable_ipv6).
  await inEach(async (p) => void (p.earlySysctls.length > 0 && (await sysctl(p, p.earlySysctls))));
  await inEach(async (p) => void (p.create.length > 0 && (await batch(p, p.create))));
  await inEach(async (p) => {
    // Interface sysctls before the links come up (e.g. disable_ipv6 before any DAD or MLD is sent).
    if (p.lateSysctls.length > 0) await sysctl(p, p.lateSysctls);
    await batch(p, p.configure);
  });
}

async function must(node: string, file: string, args: string[], input?: string): Promise<void> {
  const r = await runCommand(file, args, input, 15_000);
  if (r.exitCode !== 0) throw new RuntimeError(`in ${node}: \`${file} ${args.join(' ')}\` failed (exit ${r.exitCode}): ${(r.stderr || r.stdout).trim()}`);
}
