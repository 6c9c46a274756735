// PowerDNS Recursor as the DNS64 resolver (`dns64-prefix`), iterating from the lab root. By
// default it refuses to query 192.0.2.0/24 and other special ranges (dont-query), polls for
// security updates and validates: all three are off in a lab whose root is unsigned and local.
import { join } from 'node:path';
import type { DaemonSpec } from './daemon-spec.js';
import { rootHintsText } from './root-hints.js';
import type { RoleImpl } from './role.js';

export const pdns = {
  name: 'pdns',
  binary: 'pdns_recursor',
  package: 'pdns-recursor',
  tools: ['rec_control'],
  // It checks a directory's recursor.conf (the lab writes the file under that name), and names
  // no line: its words explain the whole file.
  checker: { argv: ['sh', '-c', 'exec pdns_recursor --config-dir="$(dirname "$1")" --config=check', 'check'], reportsAllErrors: false, lineRef: /(?!)(\d+)/ },
} satisfies DaemonSpec;

export const pdnsDns64: RoleImpl<'dns64'> = {
  daemon: pdns,
  unsupported: {
    openOn: 'not modelled for this resolver yet (the lab opens Unbound and BIND only)',
    synthAll: 'PowerDNS Recursor 4.8 synthesizes only where no AAAA exists; it has no option to do otherwise' },
  service: (p) => {
    const dir = join(p.dir, 'pdns');
    const hints = join(dir, 'root.hints');
    return {
      name: 'pdns_recursor',
      program: pdns,
      node: p.node,
      files: [
        {
          path: join(dir, 'recursor.conf'),
          content: [
            `local-address=${p.listen}`,
            `allow-from=${p.clients.join(', ')}`,
            ...(p.dns64 ? [`dns64-prefix=${p.nat64Prefix}`] : []),
            `hint-file=${hints}`,
            'dnssec=off',
            'dont-query=',
            'security-poll-suffix=',
            'daemon=no',
            `socket-dir=${dir}`,
            'write-pid=no',
            '',
          ].join('\n'),
        },
        { path: hints, content: rootHintsText(p.root) },
      ],
      daemon: { argv: ['pdns_recursor', `--config-dir=${dir}`], ready: { kind: 'listen', proto: 'udp', port: 53, address: p.listen } },
    };
  },
};
