// Tayga: stateless NAT64 in user space over a TUN device. The kernel routes the NAT64 prefix
// into the TUN; Tayga maps each IPv6 client to an address of its dynamic IPv4 pool.
import { join } from 'node:path';
import type { ServiceDefinition } from './service.js';
import type { DaemonSpec } from './daemon-spec.js';

export const tayga = { name: 'tayga', binary: 'tayga', package: 'tayga' } satisfies DaemonSpec;

export interface TaygaParams {
  /** Service name, and the stem of its files: "tayga", or "tayga-nsp" for a second instance. */
  name?: string;
  node: string;
  dir: string;
  tun: string;
  prefix: string;
  ipv4Addr: string;
  /** Required by Tayga when the well-known prefix is used with a non-global ipv4-addr. */
  ipv6Addr?: string;
  dynamicPool: string;
}

export function renderTaygaConf(p: TaygaParams): string {
  return [
    `tun-device ${p.tun}`,
    `ipv4-addr ${p.ipv4Addr}`,
    ...(p.ipv6Addr ? [`ipv6-addr ${p.ipv6Addr}`] : []),
    `prefix ${p.prefix}`,
    `dynamic-pool ${p.dynamicPool}`,
    `data-dir ${join(p.dir, p.name ?? 'tayga')}`,
    '',
  ].join('\n');
}

export function taygaService(p: TaygaParams): ServiceDefinition {
  const name = p.name ?? 'tayga';
  const conf = join(p.dir, `${name}.conf`);
  return {
    name,
    program: tayga,
    node: p.node,
    files: [
      { path: conf, content: renderTaygaConf(p) },
      { path: join(p.dir, name, '.keep'), content: '' },
    ],
    before: [
      ['tayga', '--mktun', '-c', conf],
      ['ip', 'link', 'set', 'dev', p.tun, 'up'],
    ],
    daemon: {
      // stdbuf: Tayga logs with stdio, which a file would buffer until exit.
      argv: ['stdbuf', '-oL', '-eL', 'tayga', '-d', '-c', conf],
      // A TUN has carrier only while a process holds it open: that is Tayga attached.
      ready: { kind: 'command', argv: ['ip', '-o', 'link', 'show', 'dev', p.tun], pattern: /LOWER_UP/ },
    },
    after: [
      ['ip', 'route', 'add', p.prefix, 'dev', p.tun],
      ['ip', 'route', 'add', p.dynamicPool, 'dev', p.tun],
    ],
  };
}
