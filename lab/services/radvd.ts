// radvd as the RA daemon: the LAN prefix for SLAAC and the RDNSS option, from the interface's
// link-local address (the gateway's eth0 has only the plan's, so RAs come from it).
import { join } from 'node:path';
import type { DaemonSpec } from './daemon-spec.js';
import type { RoleImpl } from './role.js';

export const radvd = {
  name: 'radvd',
  binary: 'radvd',
  package: 'radvd',
  // "/path/radvd.conf:3 error: syntax error" — -c: check the config and exit; it stops at the first.
  checker: { argv: ['radvd', '-c', '-C'], reportsAllErrors: false, lineRef: /:(\d+) error: / },
} satisfies DaemonSpec;

export const radvdRa: RoleImpl<'ra'> = {
  daemon: radvd,
  service: (p) => {
    const conf = join(p.dir, 'radvd.conf');
    return {
      name: 'radvd',
      program: radvd,
      node: p.node,
      files: [
        {
          path: conf,
          content: [
            `interface ${p.ifname} {`,
            '  AdvSendAdvert on;',
            `  prefix ${p.prefix} {`,
            '    AdvOnLink on;',
            '    AdvAutonomous on;',
            '  };',
            `  RDNSS ${p.rdnss} { };`,
            '};',
            '',
          ].join('\n'),
        },
      ],
      daemon: {
        // -n: foreground; -m stderr: its log into the lab's log file; -d 1: says when it is up.
        argv: ['radvd', '-n', '-C', conf, '-p', join(p.dir, 'radvd.pid'), '-m', 'stderr', '-d', '1'],
        ready: { kind: 'log', pattern: /polling for .* next iface is/ },
      },
    };
  },
};
