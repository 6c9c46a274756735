// BIND 9 (named) as the DNS64 resolver: `dns64` in its options, iterating from the lab root.
// No trust anchor (the lab root is unsigned), no rndc, a small cache (the default is 90% of RAM).
import { join } from 'node:path';
import type { DaemonSpec } from './daemon-spec.js';
import { rootHintsText } from './root-hints.js';
import { serviceOnConfig, type Adoption } from './adopt.js';
import type { Dns64Params, RoleImpl } from './role.js';

export const bind9 = {
  name: 'bind9',
  binary: 'named',
  package: 'bind9',
  version: { argv: ['named', '-v'], pattern: /BIND (\d+\.\d+\.\d+)/ },
  tools: ['named-checkconf'],
  // "/path/named.conf:5: unknown option 'x'" — it reports the first and stops.
  checker: { argv: ['named-checkconf'], reportsAllErrors: false, lineRef: /:(\d+): / },
} satisfies DaemonSpec;

/** A production named.conf, as the lab runs it: in the lab's directory, from the lab's root, no DNSSEC. */
export const bind9Adoption: Adoption<Dns64Params> = {
  fileName: 'named.conf',
  checkerFiles: ['named.root'],
  rules: [
    { match: /^directory\s+"[^"]*";/, replace: (_m, c) => [`directory "${c.dir}";`], why: "the lab's state directory, not the host's" },
    { match: /^pid-file\s+"[^"]*";/, replace: (_m, c) => [`pid-file "${join(c.dir, 'named.pid')}";`], why: "the pid file in the lab's state directory" },
    { match: /^dnssec-validation\s+\S+;/, replace: () => ['dnssec-validation no;'], why: "the lab's root is unsigned: validation would fail every answer (\"broken trust chain\")" },
    { match: /^(managed-keys-directory|bindkeys-file)\s/, replace: () => [], why: 'a key file of the production host' },
    { match: /^session-keyfile\s/, replace: (_m, c) => [`session-keyfile "${join(c.dir, 'session.key')}";`], why: "the session key in the lab's state directory" },
    { match: /^include\s+"[^"]*";/, replace: () => [], why: 'it names a file of the production host, which the lab does not have' },
    { match: /^file\s+"[^"]*(root\.hints|db\.root|named\.root)";/, replace: (_m, c) => [`file "${join(c.dir, 'named.root')}";`], why: "iterate from the lab's root server, never the real root" },
  ],
  // BIND's defaults point at the host (/run/named for the pid file and the session key): the lab's when the file leaves them out.
  additions: [
    { unless: /^options\b/, lines: () => ['options {', '};'], why: "the settings below belong to its options block" },
    { unless: /^directory\s/, after: /^options\b/, lines: (c) => [`  directory "${c.dir}";`], why: "the lab's state directory, not the host's" },
    { unless: /^pid-file\s/, after: /^options\b/, lines: (c) => [`  pid-file "${join(c.dir, 'named.pid')}";`], why: "the pid file in the lab's state directory (the default is the host's /run/named/named.pid)" },
    { unless: /^session-keyfile\s/, after: /^options\b/, lines: (c) => [`  session-keyfile "${join(c.dir, 'session.key')}";`], why: "the session key in the lab's state directory (the default is the host's /run/named/session.key)" },
    { unless: /^zone\s+"\."/, lines: (c) => [`zone "." { type hint; file "${join(c.dir, 'named.root')}"; };`], why: "iterate from the lab's root server, never the real root" },
    { unless: /^controls\b/, lines: () => ['controls { };'], why: 'no rndc control channel (it needs the host\'s key)' },
  ],
  service: (p, path) => ({
    name: 'named',
    program: bind9,
    node: p.node,
    files: [{ path: join(p.dir, 'named.root'), content: rootHintsText(p.root) }],
    // -g: foreground, logs to stderr; no -u: it stays root inside the lab's namespace.
    daemon: { argv: ['named', '-g', '-c', path], ready: { kind: 'listen', proto: 'udp', port: 53, address: p.listen } },
  }),
};

export const bind9Dns64: RoleImpl<'dns64'> = {
  daemon: bind9,
  capabilities: { 'dns64-off': 'no dns64 clause in options', 'synth-all': 'dns64 … { exclude { any; }; }', 'open-to-uplink': 'listen-on the uplink, allow-query and allow-recursion any' },
  adopt: bind9Adoption,
  service: (p) => {
    // dns64-synthall in BIND: exclude every real AAAA, so each name gets a synthesized one.
    const dns64 = p.dns64 ? [`  dns64 ${p.nat64Prefix} {`, '    clients { any; };', ...(p.synthAll ? ['    exclude { any; };'] : []), '  };'] : [];
    return serviceOnConfig(bind9Adoption, p, [
      'options {',
      `  directory "${p.dir}";`,
      `  pid-file "${join(p.dir, 'named.pid')}";`,
      `  session-keyfile "${join(p.dir, 'session.key')}";`,
      `  listen-on { ${p.openOn ?? 'none'}; };`,
      `  listen-on-v6 { ${p.listen}; };`,
      `  allow-query { ${p.openOn ? 'any' : p.clients.join('; ')}; };`,
      `  allow-recursion { ${p.openOn ? 'any' : p.clients.join('; ')}; };`,
      '  recursion yes;',
      '  dnssec-validation no;',
      '  max-cache-size 32m;',
      ...dns64,
      '};',
      'controls { };',
      `zone "." { type hint; file "${join(p.dir, 'named.root')}"; };`,
      '',
    ].join('\n'));
  },
};
