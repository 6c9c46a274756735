// Dante (danted) as the SOCKS5 proxy on the LAN interface.
import { join } from 'node:path';
import { renderConfig, type ComposedConfig } from './config-text.js';
import type { ServiceDefinition } from './service.js';
import type { DaemonSpec } from './daemon-spec.js';

export const dante = {
  name: 'dante',
  binary: 'danted',
  package: 'dante-server',
  // "Nov 26 10:00:00 (1732615200.1) danted[12]: … problem on line 3 near token" — first one only.
  checker: { argv: ['danted', '-V', '-f'], reportsAllErrors: false, lineRef: /problem on line (\d+) /, prefix: /^\w{3} +\d+ [\d:]+ \([\d.]+\) \S+: / },
} satisfies DaemonSpec;

export function danteService(o: { node: string; dir: string; config: ComposedConfig; port: number }): ServiceDefinition {
  const conf = join(o.dir, 'danted.conf');
  return {
    name: 'danted',
    program: dante,
    node: o.node,
    files: [{ path: conf, content: renderConfig(o.config) }],
    daemon: {
      argv: ['danted', '-f', conf, '-p', join(o.dir, 'danted.pid'), '-N', '1'],
      ready: { kind: 'listen', proto: 'tcp', port: o.port },
    },
  };
}
