// PowerDNS Recursor as the DNS64 resolver (`dns64-prefix`), iterating from the lab root. By
// default it refuses to query 192.0.2.0/24 and other special ranges (dont-query), polls for
// security updates and validates: all three are off in a lab whose root is unsigned and local.
import { join } from 'node:path';
import { stringify } from 'yaml';
import { versionAtLeast, type DaemonSpec } from './daemon-spec.js';
import { rootHintsText } from './root-hints.js';
import type { RoleImpl } from './role.js';

export const pdns = {
  name: 'pdns',
  binary: 'pdns_recursor',
  package: 'pdns-recursor',
  version: { argv: ['pdns_recursor', '--version'], pattern: /PowerDNS Recursor (\S+)/ },
  tools: ['rec_control'],
  // It checks a directory's recursor.conf (the lab writes the file under that name), and names
  // no line: its words explain the whole file.
  checker: { argv: ['sh', '-c', 'exec pdns_recursor --config-dir="$(dirname "$1")" --config=check', 'check'], reportsAllErrors: false, lineRef: /(?!)(\d+)/ },
} satisfies DaemonSpec;

export const pdnsDns64: RoleImpl<'dns64'> = {
  daemon: pdns,
  nat64PrefixLengths: { lengths: [96], why: 'its dns64-prefix must be a /96: it refuses to start with another length (measured with 4.8)' },
  unsupported: {
    openOn: 'not modelled for this resolver yet (the lab opens Unbound and BIND only)',
    synthAll: 'PowerDNS Recursor 4.8 synthesizes only where no AAAA exists; it has no option to do otherwise' },
  service: (p, version) => {
    const dir = join(p.dir, 'pdns');
    const hints = join(dir, 'root.hints');
    const settings: RecursorSettings = {
      listen: [p.listen],
      allowFrom: p.clients,
      dns64Prefix: p.dns64 ? p.nat64Prefix : undefined,
      hintFile: hints,
      socketDir: dir,
    };
    // Recursor 5.2 reads only YAML unless told --enable-old-settings: each version gets its own syntax.
    const yaml = versionAtLeast(version, '5');
    return {
      name: 'pdns_recursor',
      program: pdns,
      node: p.node,
      files: [
        yaml ? { path: join(dir, 'recursor.yml'), content: yamlSettings(settings) } : { path: join(dir, 'recursor.conf'), content: oldStyleSettings(settings) },
        { path: hints, content: rootHintsText(p.root) },
      ],
      daemon: { argv: ['pdns_recursor', `--config-dir=${dir}`], ready: { kind: 'listen', proto: 'udp', port: 53, address: p.listen } },
    };
  },
};

/** What the lab sets, whatever the syntax: validation, special-range refusal and security polling off. */
interface RecursorSettings {
  listen: string[];
  allowFrom: string[];
  dns64Prefix: string | undefined;
  hintFile: string;
  socketDir: string;
}

/** Recursor 4.x: key=value lines. */
function oldStyleSettings(s: RecursorSettings): string {
  return [
    `local-address=${s.listen.join(', ')}`,
    `allow-from=${s.allowFrom.join(', ')}`,
    ...(s.dns64Prefix ? [`dns64-prefix=${s.dns64Prefix}`] : []),
    `hint-file=${s.hintFile}`,
    'dnssec=off',
    'dont-query=',
    'security-poll-suffix=',
    'daemon=no',
    `socket-dir=${s.socketDir}`,
    'write-pid=no',
    '',
  ].join('\n');
}

/** Recursor ≥ 5: recursor.yml, the same settings in their YAML sections. */
function yamlSettings(s: RecursorSettings): string {
  return stringify({
    incoming: { listen: s.listen, allow_from: s.allowFrom },
    outgoing: { dont_query: [] },
    dnssec: { validation: 'off' },
    recursor: { hint_file: s.hintFile, daemon: false, socket_dir: s.socketDir, write_pid: false, security_poll_suffix: '', ...(s.dns64Prefix ? { dns64_prefix: s.dns64Prefix } : {}) },
  });
}
