// dnsmasq as the router-advertisement daemon (SLAAC prefix + RDNSS), DNS service off.
import { join } from 'node:path';
import { renderConfig, type ComposedConfig } from './config-text.js';
import type { ServiceDefinition } from './service.js';
import type { DaemonSpec } from './daemon-spec.js';

export const dnsmasq = {
  name: 'dnsmasq',
  binary: 'dnsmasq',
  package: 'dnsmasq-base',
  version: { argv: ['dnsmasq', '--version'], pattern: /version (\S+)/ },
  // "dnsmasq: bad option at line 3 of /path" — and it stops at the first one.
  checker: { argv: ['dnsmasq', '--test', '-C'], reportsAllErrors: false, lineRef: /at line (\d+) of \S+/ },
} satisfies DaemonSpec;

export function dnsmasqService(o: { node: string; dir: string; config: ComposedConfig }): ServiceDefinition {
  const conf = join(o.dir, 'dnsmasq.conf');
  return {
    name: 'dnsmasq',
    program: dnsmasq,
    node: o.node,
    files: [{ path: conf, content: renderConfig(o.config) }],
    daemon: {
      // -k: foreground; logs to stdout so they land in the lab's log file.
      argv: ['dnsmasq', '-k', '-C', conf, `--pid-file=${join(o.dir, 'dnsmasq.pid')}`, '--log-facility=-'],
      // Printed once dnsmasq has bound its ICMPv6 socket and starts advertising.
      ready: { kind: 'log', pattern: /router advertisement on/ },
    },
  };
}
