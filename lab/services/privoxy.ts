// Privoxy as the HTTP proxy on the gateway's scoped link-local address (it takes
// `listen-address [fe80::1%eth0]:port` as written). It resolves names with the gateway's resolver.
import { join } from 'node:path';
import type { DaemonSpec } from './daemon-spec.js';
import type { RoleImpl } from './role.js';

export const privoxy = {
  name: 'privoxy',
  binary: 'privoxy',
  package: 'privoxy',
  version: { argv: ['privoxy', '--version'], pattern: /version (\S+)/ },
  // "Error: Ignoring unrecognized directive 'x' … in line 2 in configuration file (…)" — it exits 0 regardless.
  checker: { argv: ['privoxy', '--config-test'], reportsAllErrors: true, lineRef: /in line (\d+) in configuration file/ },
} satisfies DaemonSpec;

export const privoxyHttp: RoleImpl<'http-proxy'> = {
  daemon: privoxy,
  tunnels: { anyPort: true, why: 'privoxy allows CONNECT to every port unless limited by an action file' },
  service: (p) => {
    const conf = join(p.dir, 'privoxy.conf');
    return {
      name: 'privoxy',
      program: privoxy,
      node: p.node,
      files: [
        {
          path: conf,
          content: [
            `listen-address [${p.address}%${p.ifname}]:${p.port}`,
            ...(p.openOn ? [`listen-address ${p.openOn}:${p.port}`] : []),
            // Only the clients (an ACL once any permit-access is given); open-proxy: everyone.
            ...(p.openOn ? [] : p.denyClients ? [`deny-access [${p.clients.replace('/', ']/')}`, 'permit-access 0.0.0.0/32'] : [`permit-access [${p.clients.replace('/', ']/')}`]),
            'confdir /etc/privoxy',
            `logdir ${p.dir}`,
            'logfile privoxy.log',
            // 1: each request; 4096: start-up messages.
            'debug 1',
            'debug 4096',
            '',
          ].join('\n'),
        },
      ],
      daemon: { argv: ['privoxy', '--no-daemon', conf], ready: { kind: 'listen', proto: 'tcp', port: p.port, address: p.address } },
    };
  },
};
