// Unbound as the recursive resolver (DNS64 lives in its module chain).
import { join } from 'node:path';
import { renderConfig, type ComposedConfig } from './config-text.js';
import type { ServiceDefinition } from './service.js';
import type { DaemonSpec } from './daemon-spec.js';

export const unbound = {
  name: 'unbound',
  binary: 'unbound',
  package: 'unbound',
  tools: ['unbound-checkconf'],
  // "/path:7: error: unknown keyword" — for every bad line.
  checker: { argv: ['unbound-checkconf'], reportsAllErrors: true, lineRef: /^[^\s:]+:(\d+): / },
} satisfies DaemonSpec;

export function unboundService(o: { node: string; dir: string; config: ComposedConfig; listen: string; rootHints: string }): ServiceDefinition {
  const conf = join(o.dir, 'unbound.conf');
  const hints = join(o.dir, 'root.hints');
  const config: ComposedConfig = {
    ...o.config,
    additions: [
      ...o.config.additions,
      {
        why: 'run unprivileged-path-free inside the lab: no chroot, no user switch, files in the lab state dir, logs to stderr',
        lines: [`  chroot: ""`, `  username: ""`, `  directory: "${o.dir}"`, `  pidfile: "${join(o.dir, 'unbound.pid')}"`, `  use-syslog: no`, `  logfile: ""`, `  verbosity: 1`],
      },
      { why: "iterate from the lab's own root server, never the real root", lines: [`  root-hints: "${hints}"`] },
    ],
  };
  return {
    name: 'unbound',
    program: unbound,
    node: o.node,
    files: [
      { path: conf, content: renderConfig(config) },
      { path: hints, content: o.rootHints },
    ],
    daemon: { argv: ['unbound', '-d', '-c', conf], ready: { kind: 'listen', proto: 'udp', port: 53, address: o.listen } },
  };
}
