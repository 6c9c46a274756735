// Dante (danted) as the SOCKS5 proxy on the LAN interface.
import { join } from 'node:path';
import { renderConfig, type ComposedConfig } from './config-text.js';
import type { ServiceDefinition } from './service.js';

export function danteService(o: { node: string; dir: string; config: ComposedConfig; port: number }): ServiceDefinition {
  const conf = join(o.dir, 'danted.conf');
  return {
    name: 'danted',
    node: o.node,
    files: [{ path: conf, content: renderConfig(o.config) }],
    daemon: {
      argv: ['danted', '-f', conf, '-p', join(o.dir, 'danted.pid'), '-N', '1'],
      ready: { kind: 'listen', proto: 'tcp', port: o.port },
    },
  };
}
