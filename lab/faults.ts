// Faults every scenario takes, named on the command line as `--fault kind:target`:
//   kill:<node>/<daemon>     SIGKILL a daemon after deploy (a crash: its log tail lands in the report)
//   link-down:<node>/<if>    take an interface down
// Scenario-specific faults (no-nat44, acl-deny, …) are declared by each scenario.
import type { Fault } from './scenario.js';

export const GENERIC_FAULTS = ['kill:<node>/<daemon>', 'link-down:<node>/<ifname>'];

export function genericFault(name: string): Fault | undefined {
  const m = /^(kill|link-down):([a-z0-9]+)\/([\w.-]+)$/.exec(name);
  if (!m) return undefined;
  const [, kind, node, target] = m as unknown as [string, string, string, string];
  if (kind === 'kill') {
    return {
      description: `SIGKILL ${target} on ${node} after deploy`,
      apply: async (lab) => lab.daemon(node, target).kill(),
    };
  }
  return {
    description: `take ${node}:${target} down after deploy`,
    apply: async (lab) => {
      const r = await lab.runtime.exec(node, ['ip', 'link', 'set', 'dev', target, 'down']);
      if (r.exitCode !== 0) throw new Error(`link-down: ${node}:${target}: ${r.stderr.trim()}`);
    },
  };
}
