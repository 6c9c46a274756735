// radvd as the RA daemon: the LAN prefix for SLAAC and the RDNSS option, from the interface's
// link-local address (the gateway's eth0 has only the plan's, so RAs come from it).
import { join } from 'node:path';
import { versionAtLeast, type DaemonSpec } from './daemon-spec.js';
import { serviceOnConfig, type Adoption } from './adopt.js';
import type { RaParams, RoleImpl } from './role.js';

export const radvd = {
  name: 'radvd',
  binary: 'radvd',
  package: 'radvd',
  version: { argv: ['radvd', '--version'], pattern: /Version\W+(\S+)/ },
  // "/path/radvd.conf:3 error: syntax error" — -c: check the config and exit; it stops at the first.
  checker: { argv: ['radvd', '-c', '-C'], reportsAllErrors: false, lineRef: /:(\d+) error: / },
} satisfies DaemonSpec;

/** A production radvd.conf, as the lab runs it: on the lab's LAN interface. */
export const radvdAdoption: Adoption<RaParams> = {
  fileName: 'radvd.conf',
  rules: [{ match: /^interface\s+(\S+)\s*\{?/, replace: (m, c) => [m[0].replace(m[1]!, c.ifname)], why: "the lab's LAN interface" }],
  service: (p, path) => ({
    name: 'radvd',
    program: radvd,
    node: p.node,
    files: [],
    // -n: foreground; -m stderr: its log into the lab's log file; -d 1: says when its main loop runs.
    daemon: { argv: ['radvd', '-n', '-C', path, '-p', join(p.dir, 'radvd.pid'), '-m', 'stderr', '-d', '1'], ready: { kind: 'log', pattern: /polling for .* next iface is/ } },
  }),
};

export const radvdRa: RoleImpl<'ra'> = {
  daemon: radvd,
  capabilities: {},
  adopt: radvdAdoption,
  // radvd 2.20 added `nat64prefix` (PREF64, RFC 8781); 2.19 refuses the word.
  service: (p, version) =>
    serviceOnConfig(radvdAdoption, p, [
      `interface ${p.ifname} {`,
      '  AdvSendAdvert on;',
      `  prefix ${p.prefix} {`,
      '    AdvOnLink on;',
      '    AdvAutonomous on;',
      '  };',
      `  RDNSS ${p.rdnss} { };`,
      ...(p.pref64 && versionAtLeast(version, '2.20') ? [`  nat64prefix ${p.pref64} { };`] : []),
      '};',
      '',
    ].join('\n')),
};
