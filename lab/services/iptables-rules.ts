// One-shot netfilter rules (NAT44 and friends), run inside a node's namespace only.
import { join } from 'node:path';
import type { ServiceDefinition } from './service.js';
import type { DaemonSpec } from './daemon-spec.js';

/** Not a daemon: rules set once in a node's namespace. */
export const iptables = { name: 'iptables', binary: 'iptables', package: 'iptables', tools: ['ip6tables'] } satisfies DaemonSpec;

/** A rule written as a command line, e.g. the guide's `iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE`. */
export function iptablesService(o: { name: string; node: string; dir: string; rules: string[] }): ServiceDefinition {
  return {
    name: o.name,
    program: iptables,
    node: o.node,
    files: [{ path: join(o.dir, `${o.name}.rules`), content: o.rules.join('\n') + '\n' }],
    before: o.rules.map((r) => r.split(/\s+/)),
  };
}

/** The same rule with -A turned into -D: how a fault removes it from a running lab. */
export function deleteRuleArgv(rule: string): string[] {
  return rule.split(/\s+/).map((w) => (w === '-A' ? '-D' : w));
}

/** The same rule with -A turned into -C: exit 0 when the kernel holds it (how an audit reads it back). */
export function checkRuleArgv(rule: string): string[] {
  return rule.split(/\s+/).map((w) => (w === '-A' ? '-C' : w));
}
