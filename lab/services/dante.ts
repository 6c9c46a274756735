// Dante (danted) as the SOCKS5 proxy on the LAN interface.
import { join } from 'node:path';
import { renderConfig, type ComposedConfig } from './config-text.js';
import type { ServiceDefinition } from './service.js';
import { configLines, type Adoption } from './adopt.js';
import type { DaemonSpec } from './daemon-spec.js';
import type { ProxyParams } from './role.js';

export const dante = {
  name: 'dante',
  binary: 'danted',
  package: 'dante-server',
  version: { argv: ['danted', '-v'], pattern: /Dante v(\d[\d.]*\d)/ },
  // Debian 13 dropped the package (Dante 1.4.3 was never uploaded to trixie).
  releases: ['bookworm'],
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

/** A production danted.conf, as the lab runs it: logging to the lab, on the lab's interface names. */
export const danteAdoption: Adoption<ProxyParams> = {
  fileName: 'danted.conf',
  // Dante binds its internal and external interfaces' addresses when it checks: give them some.
  checkerInterfaces: [
    { name: 'eth0', cidr: 'fe80::1/64' },
    { name: 'eth1', cidr: '192.0.2.2/24' },
  ],
  rules: [
    { match: /^logoutput:/, replace: () => ['logoutput: stderr'], why: "its log goes to the lab's log file" },
    // An interface name (not an address) is mapped to the lab's: the LAN is eth0, the uplink eth1.
    { match: /^internal:\s*([a-z][\w.-]*)(\s.*)?$/i, replace: (m, c) => [`internal: ${c.ifname}${m[2] ?? ''}`], why: "the lab's LAN interface" },
    { match: /^external:\s*([a-z][\w.-]*)(\s.*)?$/i, replace: (m) => [`external: eth1${m[2] ?? ''}`], why: "the lab's uplink interface" },
  ],
  // "internal: eth0 port = 1080", "internal: fe80::1 port=1080"
  listens: (text) => configLines(text, /^internal:\s*(\S+)\s+port\s*=\s*(\d+)/).map((m) => ({ ...(/^[a-z][\w.-]*$/i.test(m[1]!) ? {} : { address: m[1]! }), port: Number(m[2]) })),
  service: (p, path) => ({
    name: 'danted',
    program: dante,
    node: p.node,
    files: [],
    daemon: { argv: ['danted', '-f', path, '-p', join(p.dir, 'danted.pid'), '-N', '1'], ready: { kind: 'listen', proto: 'tcp', port: p.port } },
  }),
};
