// Unbound as the recursive resolver (DNS64 lives in its module chain).
import { join } from 'node:path';
import { renderConfig, type ComposedConfig } from './config-text.js';
import type { ServiceDefinition } from './service.js';
import type { Adoption } from './adopt.js';
import type { DaemonSpec } from './daemon-spec.js';
import { rootHintsText } from './root-hints.js';
import type { Dns64Params } from './role.js';

export const unbound = {
  name: 'unbound',
  binary: 'unbound',
  package: 'unbound',
  version: { argv: ['unbound', '-V'], pattern: /Version (\S+)/ },
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

const quoted = (v: string): string => `"${v}"`;

/** A production unbound.conf, as the lab runs it: in the lab's directory, from the lab's root. */
export const unboundAdoption: Adoption<Dns64Params> = {
  fileName: 'unbound.conf',
  checkerFiles: ['root.hints'],
  rules: [
    { match: /^chroot:/, replace: () => ['chroot: ""'], why: 'no chroot inside the lab (the lab keeps its files in its state directory)' },
    { match: /^username:/, replace: () => ['username: ""'], why: 'no user switch: the lab runs it in its own namespace' },
    { match: /^directory:/, replace: (_m, c) => [`directory: ${quoted(c.dir)}`], why: "the lab's state directory, not the host's" },
    { match: /^pidfile:/, replace: (_m, c) => [`pidfile: ${quoted(join(c.dir, 'unbound.pid'))}`], why: "the pid file in the lab's state directory" },
    { match: /^logfile:/, replace: () => ['logfile: ""'], why: "its log goes to the lab's log file (stderr)" },
    { match: /^use-syslog:/, replace: () => ['use-syslog: no'], why: "its log goes to the lab's log file (stderr)" },
    { match: /^(auto-trust-anchor-file|trust-anchor-file|trust-anchor|trusted-keys-file):/, replace: () => [], why: "the lab's root is unsigned: a trust anchor would fail every answer" },
    { match: /^root-hints:/, replace: (_m, c) => [`root-hints: ${quoted(join(c.dir, 'root.hints'))}`], why: "iterate from the lab's root server, never the real root" },
    { match: /^include(-toplevel)?:/, replace: () => [], why: "it names a file of the production host, which the lab does not have" },
    { match: /^control-enable:\s*yes/, replace: () => ['control-enable: no'], why: "remote control needs the host's keys; the lab does not use it" },
  ],
  // Unbound's defaults point at the host (pid in /run, a chroot and user, syslog): the lab's when the file leaves them out.
  additions: [
    { unless: /^server:/, lines: () => ['server:'], why: 'the settings below belong to its server clause' },
    { unless: /^root-hints:/, after: /^server:/, lines: (c) => [`  root-hints: ${quoted(join(c.dir, 'root.hints'))}`], why: "iterate from the lab's root server, never the real root" },
    { unless: /^pidfile:/, after: /^server:/, lines: (c) => [`  pidfile: ${quoted(join(c.dir, 'unbound.pid'))}`], why: "the pid file in the lab's state directory (the default is the host's /run/unbound.pid)" },
    { unless: /^directory:/, after: /^server:/, lines: (c) => [`  directory: ${quoted(c.dir)}`], why: "the lab's state directory, not the host's" },
    { unless: /^chroot:/, after: /^server:/, lines: () => ['  chroot: ""'], why: 'no chroot inside the lab (the lab keeps its files in its state directory)' },
    { unless: /^username:/, after: /^server:/, lines: () => ['  username: ""'], why: 'no user switch: the lab runs it in its own namespace' },
    { unless: /^use-syslog:/, after: /^server:/, lines: () => ['  use-syslog: no'], why: "its log goes to the lab's log file (stderr), not the host's syslog" },
  ],
  service: (p, path) => ({
    name: 'unbound',
    program: unbound,
    node: p.node,
    files: [{ path: join(p.dir, 'root.hints'), content: rootHintsText(p.root) }],
    daemon: { argv: ['unbound', '-d', '-c', path], ready: { kind: 'listen', proto: 'udp', port: 53, address: p.listen } },
  }),
};
