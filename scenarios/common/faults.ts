// Faults several scenarios share: small breaks applied to a running lab.
import type { Lab } from '../../lab/lab.js';
import { addressIn } from '../../lab/plan/plan.js';
import type { Fault } from '../../lab/scenario.js';
import { shellQuote } from '../../lab/runtime/runtime.js';

export async function mustRun(lab: Lab, node: string, argv: string[]): Promise<void> {
  const r = await lab.runtime.exec(node, argv);
  if (r.exitCode !== 0) throw new Error(`fault: \`${shellQuote(argv)}\` in ${node} failed: ${r.stderr.trim()}`);
}

/** HOSTA gets a ULA: it is no longer link-local-only. */
export const hostaUlaFault: Fault = {
  description: "give HOSTA an address in the plan's LAN prefix (::b, e.g. fd00:1::b/64) before the checks: it is no longer link-local-only",
  apply: (lab) => mustRun(lab, 'hosta', ['ip', '-6', 'addr', 'add', `${addressIn(lab.plan.lan.prefix, '::b')}/64`, 'dev', 'eth0', 'nodad']),
};

/** Kill a daemon after it came up, as a crash would. */
export function daemonStoppedFault(node: string, daemon: string): Fault {
  return {
    description: `kill ${daemon} after it came up`,
    apply: async (lab) => {
      const d = lab.daemon(node, daemon);
      d.kill();
      await d.stop();
    },
  };
}
