// PowerDNS Recursor as the DNS64 resolver (`dns64-prefix`), iterating from the lab root. By
// default it refuses to query 192.0.2.0/24 and other special ranges (dont-query), polls for
// security updates and validates: all three are off in a lab whose root is unsigned and local.
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { versionAtLeast, type DaemonSpec } from './daemon-spec.js';
import { rootHintsText } from './root-hints.js';
import type { Adoption } from './adopt.js';
import type { Dns64Params, RoleImpl } from './role.js';

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

const SPECIAL_RANGES = "the lab's internet lives in special-use ranges (192.0.2.0/24, 198.51.100.0/24…) that its default dont-query refuses";

/**
 * A production recursor.conf (key=value, Recursor 4.x; Recursor 5 reads it only with
 * --enable-old-settings, and its checker says so), as the lab runs it: from the lab's root, in the
 * lab's directory, no validation against the unsigned root.
 */
export const pdnsAdoption: Adoption<Dns64Params> = {
  fileName: 'recursor.conf',
  rules: [
    { match: /^config-dir=/, replace: () => [], why: 'the lab gives its config directory on the command line' },
    { match: /^hint-file=/, replace: (_m, c) => [`hint-file=${join(c.dir, 'root.hints')}`], why: "iterate from the lab's root server, never the real root" },
    { match: /^socket-dir=/, replace: (_m, c) => [`socket-dir=${c.dir}`], why: "its control socket in the lab's state directory" },
    { match: /^(include-dir|lua-config-file|lua-dns-script)=/, replace: () => [], why: 'it names a file of the production host, which the lab does not have' },
    { match: /^(setuid|setgid)=/, replace: () => [], why: 'no user switch: the lab runs it in its own namespace' },
    { match: /^daemon=/, replace: () => ['daemon=no'], why: 'the lab runs it in the foreground' },
    { match: /^write-pid=/, replace: () => ['write-pid=no'], why: 'no pid file on the host' },
    { match: /^dnssec=/, replace: () => ['dnssec=off'], why: "the lab's root is unsigned: validation would fail every answer" },
  ],
  additions: [
    { unless: /^hint-file=/, lines: (c) => [`hint-file=${join(c.dir, 'root.hints')}`], why: "iterate from the lab's root server, never the real root" },
    { unless: /^socket-dir=/, lines: (c) => [`socket-dir=${c.dir}`], why: "its control socket in the lab's state directory (the default is the host's /run/pdns-recursor)" },
    { unless: /^daemon=/, lines: () => ['daemon=no'], why: 'the lab runs it in the foreground' },
    { unless: /^write-pid=/, lines: () => ['write-pid=no'], why: 'no pid file on the host' },
    { unless: /^dnssec=/, lines: () => ['dnssec=off'], why: "the lab's root is unsigned: validation would fail every answer" },
    { unless: /^dont-query=/, lines: () => ['dont-query='], why: SPECIAL_RANGES },
  ],
  service: (p, path) => ({
    name: 'pdns_recursor',
    program: pdns,
    node: p.node,
    files: [{ path: join(p.dir, 'root.hints'), content: rootHintsText(p.root) }],
    daemon: { argv: ['pdns_recursor', `--config-dir=${dirname(path)}`], ready: { kind: 'listen', proto: 'udp', port: 53, address: p.listen } },
  }),
};

export const pdnsDns64: RoleImpl<'dns64'> = {
  daemon: pdns,
  adopt: pdnsAdoption,
  nat64PrefixLengths: { lengths: [96], why: 'its dns64-prefix must be a /96: it refuses to start with another length (measured with 4.8)' },
  capabilities: { 'dns64-off': 'no dns64-prefix' },
  lacks: {
    'open-to-uplink': 'not modelled for this resolver yet (the lab opens Unbound and BIND only)',
    'synth-all': 'PowerDNS Recursor 4.8 synthesizes only where no AAAA exists; it has no option to do otherwise',
  },
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
