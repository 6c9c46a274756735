// Knot Resolver (kresd) as the DNS64 resolver: its `dns64` module, iterating from the lab root.
// It always loads /usr/share/dns/root.key, so the trust anchor is removed (the lab root is
// unsigned); it answers anyone unless told otherwise, so the `view` module admits the clients.
import { join } from 'node:path';
import type { DaemonSpec } from './daemon-spec.js';
import type { Adoption } from './adopt.js';
import { rootHintsText } from './root-hints.js';
import type { Dns64Params, RoleImpl } from './role.js';

export const knot = {
  name: 'knot',
  binary: 'kresd',
  package: 'knot-resolver',
  version: { argv: ['kresd', '--version'], pattern: /version (\S+)/ },
} satisfies DaemonSpec;

const UNSIGNED_ROOT = "the lab's root is unsigned: kresd always loads /usr/share/dns/root.key, and a trust anchor would fail every answer";

/** A production kresd.conf (Lua), as the lab runs it: from the lab's root, its cache in the lab, no trust anchor. */
export const knotAdoption: Adoption<Dns64Params> = {
  fileName: 'kresd.conf',
  rules: [
    { match: /^trust_anchors\.(?!remove)/, replace: () => [], why: UNSIGNED_ROOT },
    { match: /^cache\.(open|storage)\b/, replace: () => [], why: "its cache lives in the lab's run directory (the default is the host's /var/cache/knot-resolver)" },
    { match: /^hints\.root(_file)?\(/, replace: (_m, c) => [`hints.root_file('${join(c.dir, 'root.hints')}')`], why: "iterate from the lab's root server, never the real root" },
    { match: /^log_target\(/, replace: () => ["log_target('stderr')"], why: "its log goes to the lab's log file (stderr)" },
    { match: /^user\(/, replace: () => [], why: 'no user switch: the lab runs it in its own namespace' },
    { match: /^(dofile|loadfile|net\.tls)\(/, replace: () => [], why: 'it names a file of the production host, which the lab does not have' },
  ],
  additions: [
    { unless: /^trust_anchors\.remove\(/, lines: () => ["trust_anchors.remove('.')"], why: UNSIGNED_ROOT },
    { unless: /^hints\.root/, lines: (c) => ["if not hints then modules.load('hints > iterate') end", `hints.root_file('${join(c.dir, 'root.hints')}')`], why: "iterate from the lab's root server, never the real root" },
  ],
  service: (p, path) => ({
    name: 'kresd',
    program: knot,
    node: p.node,
    files: [
      { path: join(p.dir, 'root.hints'), content: rootHintsText(p.root) },
      { path: join(p.dir, 'kresd-run', '.keep'), content: '' },
    ],
    // -n: no interactive console; the last argument is its run (and cache) directory.
    daemon: { argv: ['kresd', '-n', '-c', path, join(p.dir, 'kresd-run')], ready: { kind: 'listen', proto: 'udp', port: 53, address: p.listen } },
  }),
};

export const knotDns64: RoleImpl<'dns64'> = {
  daemon: knot,
  adopt: knotAdoption,
  nat64PrefixLengths: { lengths: [96], why: "its dns64 module takes an address, not a prefix: given a /64 it synthesizes /96-shaped answers under it, which Tayga maps elsewhere (measured with 5.6)" },
  capabilities: { 'dns64-off': "no modules.load('dns64')" },
  lacks: {
    'open-to-uplink': 'not modelled for this resolver yet (the lab opens Unbound and BIND only)',
    'synth-all': 'Knot Resolver 5.6\'s dns64 module has no option to synthesize where a real AAAA exists',
  },
  service: (p) => {
    const conf = join(p.dir, 'kresd.conf');
    const prefix = p.nat64Prefix.split('/')[0]!;
    return {
      name: 'kresd',
      program: knot,
      node: p.node,
      files: [
        {
          path: conf,
          content: [
            `net.listen('${p.listen}', 53, { kind = 'dns' })`,
            "trust_anchors.remove('.')",
            ...(p.dns64 ? ["modules.load('dns64')", `dns64.config({ prefix = '${prefix}' })`] : []),
            "modules.load('hints > iterate')",
            `hints.root({ ['${p.root.name}'] = '${p.root.address}' })`,
            "modules.load('view')",
            ...p.clients.map((c) => `view:addr('${c}', policy.all(policy.PASS))`),
            "view:addr('0.0.0.0/0', policy.all(policy.REFUSE))",
            "view:addr('::/0', policy.all(policy.REFUSE))",
            'cache.size = 32 * MB',
            '',
          ].join('\n'),
        },
        { path: join(p.dir, 'kresd-run', '.keep'), content: '' },
      ],
      // -n: no interactive console; the last argument is its run (and cache) directory.
      daemon: { argv: ['kresd', '-n', '-c', conf, join(p.dir, 'kresd-run')], ready: { kind: 'listen', proto: 'udp', port: 53, address: p.listen } },
    };
  },
};
