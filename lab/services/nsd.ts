// NSD as an authoritative server (the lab internet's root zone).
import { join } from 'node:path';
import type { ServiceDefinition } from './service.js';
import type { DaemonSpec } from './daemon-spec.js';

export const nsd = { name: 'nsd', binary: 'nsd', package: 'nsd', version: { argv: ['nsd', '-v'], pattern: /version (\S+)/ } } satisfies DaemonSpec;

export interface Zone {
  name: string;
  /** Zone file text (RFC 1035 master format). */
  text: string;
}

export function nsdService(o: { node: string; dir: string; listen: string; zones: Zone[] }): ServiceDefinition {
  const conf = join(o.dir, 'nsd.conf');
  const zoneFile = (z: Zone): string => (z.name === '.' ? 'root.zone' : `${z.name.replace(/\.$/, '')}.zone`);
  const content = [
    'server:',
    `  ip-address: ${o.listen}`,
    '  port: 53',
    '  username: ""',
    '  chroot: ""',
    `  zonesdir: "${o.dir}"`,
    '  database: ""',
    `  pidfile: "${join(o.dir, 'nsd.pid')}"`,
    `  xfrdfile: "${join(o.dir, 'xfrd.state')}"`,
    `  zonelistfile: "${join(o.dir, 'zone.list')}"`,
    '  server-count: 1',
    '  verbosity: 1',
    'remote-control:',
    '  control-enable: no',
    ...o.zones.flatMap((z) => ['zone:', `  name: "${z.name}"`, `  zonefile: "${zoneFile(z)}"`]),
    '',
  ].join('\n');
  return {
    name: 'nsd',
    program: nsd,
    node: o.node,
    files: [{ path: conf, content }, ...o.zones.map((z) => ({ path: join(o.dir, zoneFile(z)), content: z.text }))],
    daemon: { argv: ['nsd', '-d', '-c', conf], ready: { kind: 'listen', proto: 'udp', port: 53, address: o.listen } },
  };
}
