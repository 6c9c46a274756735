// Privoxy as the HTTP proxy on the gateway's scoped link-local address (it takes
// `listen-address [fe80::1%eth0]:port` as written). It resolves names with the gateway's resolver.
import type { DaemonSpec } from './daemon-spec.js';
import { configLines, hostPort, serviceOnConfig, type Adoption } from './adopt.js';
import type { ProxyParams, RoleImpl } from './role.js';

export const privoxy = {
  name: 'privoxy',
  binary: 'privoxy',
  package: 'privoxy',
  version: { argv: ['privoxy', '--version'], pattern: /version (\S+)/ },
  // "Error: Ignoring unrecognized directive 'x' … in line 2 in configuration file (…)" — it exits 0 regardless.
  checker: { argv: ['privoxy', '--config-test'], reportsAllErrors: true, lineRef: /in line (\d+) in configuration file/ },
} satisfies DaemonSpec;

/** A production privoxy config, as the lab runs it: its log in the lab's directory (its action files stay the package's). */
export const privoxyAdoption: Adoption<ProxyParams> = {
  fileName: 'privoxy.conf',
  rules: [{ match: /^logdir\s/, replace: (_m, c) => [`logdir ${c.dir}`], why: "its log in the lab's state directory, not the host's" }],
  additions: [{ unless: /^logdir\s/, lines: (c) => [`logdir ${c.dir}`], why: "its log in the lab's state directory, not the host's" }],
  // "listen-address [fe80::1%eth0]:8118"; none: privoxy listens on 127.0.0.1:8118.
  listens: (text) => {
    const found = configLines(text, /^listen-address\s+(\S+)/).flatMap((m) => hostPort(m[1]!) ?? []);
    return found.length > 0 ? found : [{ address: '127.0.0.1', port: 8118 }];
  },
  service: (p, path) => ({
    name: 'privoxy',
    program: privoxy,
    node: p.node,
    files: [],
    daemon: { argv: ['privoxy', '--no-daemon', path], ready: { kind: 'listen', proto: 'tcp', port: p.port, address: p.address } },
  }),
};

export const privoxyHttp: RoleImpl<'http-proxy'> = {
  daemon: privoxy,
  capabilities: { 'open-to-uplink': 'listen-address on the uplink, no access control', 'deny-clients': 'deny-access for them' },
  tunnels: { anyPort: true, why: 'privoxy allows CONNECT to every port unless limited by an action file' },
  adopt: privoxyAdoption,
  service: (p) =>
    serviceOnConfig(privoxyAdoption, p, [
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
    ].join('\n')),
};
