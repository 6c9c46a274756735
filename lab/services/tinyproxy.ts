// tinyproxy as the HTTP proxy, configured as the guide asks: listening on the gateway's scoped
// link-local address. Measured: tinyproxy 1.11.1 (Debian 12) rejects every scoped spelling as a
// syntax error and cannot bind an unscoped link-local address (EINVAL) — so it cannot do what the
// guide asks there, and a run says so with tinyproxy's own words (never a silent workaround);
// 1.11.2 (Debian 13) listens on [fe80::1]%eth0 and passes every check.
import { join } from 'node:path';
import type { DaemonSpec } from './daemon-spec.js';
import { configLines, serviceOnConfig, type Adoption } from './adopt.js';
import type { ProxyParams, RoleImpl } from './role.js';

export const tinyproxy = {
  name: 'tinyproxy',
  binary: 'tinyproxy',
  package: 'tinyproxy',
  version: { argv: ['tinyproxy', '-v'], pattern: /tinyproxy (\S+)/ },
} satisfies DaemonSpec;

/** A production tinyproxy.conf, as the lab runs it: its files in the lab's directory, no user switch. */
export const tinyproxyAdoption: Adoption<ProxyParams> = {
  fileName: 'tinyproxy.conf',
  rules: [
    { match: /^(User|Group)\s/, replace: () => [], why: 'no user switch: the lab runs it in its own namespace' },
    { match: /^PidFile\s/, replace: (_m, c) => [`PidFile "${join(c.dir, 'tinyproxy.pid')}"`], why: "the pid file in the lab's state directory" },
    { match: /^LogFile\s/, replace: () => [], why: "its log goes to the lab's log file (stderr)" },
    { match: /^Syslog\s+On/i, replace: () => ['Syslog Off'], why: "its log goes to the lab's log file (stderr)" },
  ],
  // "Port 8888" (one per config; Listen names the address)
  listens: (text) => configLines(text, /^Port\s+(\d+)/).map((m) => ({ port: Number(m[1]) })),
  service: (p, path) => ({
    name: 'tinyproxy',
    program: tinyproxy,
    node: p.node,
    files: [],
    // -d: foreground; it logs to stderr when no LogFile is set.
    daemon: { argv: ['tinyproxy', '-d', '-c', path], ready: { kind: 'listen', proto: 'tcp', port: p.port, address: p.address } },
  }),
};

export const tinyproxyHttp: RoleImpl<'http-proxy'> = {
  daemon: tinyproxy,
  capabilities: { 'open-to-uplink': 'Listen on the uplink, Allow 0.0.0.0/0', 'deny-clients': 'no Allow line for them' },
  releaseLimits: [{ releases: ['bookworm'], why: 'tinyproxy 1.11.1 refuses every scoped spelling of a link-local Listen ("Syntax error") and cannot bind an unscoped one: it cannot listen where the guide asks (measured; 1.11.2 in Debian 13 can)' }],
  tunnels: { anyPort: true, why: "the lab's tinyproxy config has no ConnectPort line, and without one tinyproxy tunnels to any port" },
  adopt: tinyproxyAdoption,
  service: (p) =>
    serviceOnConfig(tinyproxyAdoption, p, [
      `Port ${p.port}`,
      `Listen ${p.address}%${p.ifname}`,
      ...(p.denyClients ? [] : [`Allow ${p.clients}`]),
      ...(p.openOn ? [`Listen ${p.openOn}`, 'Allow 0.0.0.0/0'] : []),
      'LogLevel Info',
      `PidFile "${join(p.dir, 'tinyproxy.pid')}"`,
      '',
    ].join('\n')),
};
