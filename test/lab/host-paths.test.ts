// Adoption is complete: every daemon a run deploys — the user's config adopted, or the lab's own
// rendering — keeps its files in the lab. Each run here has the machine's own paths read-only
// (helpers/sealed-host.ts): a pid file, lock, session key or log the adoption left on a host path
// fails with the daemon's own words in its log.
import { chmod, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLeftovers, NOTHING_LEFT } from '../../lab/leftovers.js';
import { dante } from '../../lab/services/dante.js';
import { hostPathComplaints, sealed } from '../helpers/sealed-host.js';
import { HOST_RELEASE, notPackagedHere } from '../helpers/release.js';
import { scratchDir } from '../helpers/scratch.js';

const scratch = scratchDir('host-paths');
// The lab's state lives here: daemons that drop to their own user (Squid as "proxy") must reach it.
beforeAll(async () => chmod(scratch(), 0o755));

/** Debian 12's tinyproxy 1.11.1 refuses every scoped Listen (measured): it never starts, on any path. */
const TINYPROXY_SCOPED = HOST_RELEASE === 'bookworm' ? "Debian 12's tinyproxy 1.11.1 cannot listen on a scoped link-local address; its paths are tested on Debian 13" : undefined;

/** Debian's stock config with the lines the guide (or its method) adds, as a user would write it. */
async function stockPlus(file: string, edit: (stock: string) => string, name: string): Promise<string> {
  const path = join(scratch(), name);
  await writeFile(path, edit(await readFile(file, 'utf8')));
  return path;
}

interface Case {
  name: string;
  args: () => Promise<string[]>;
  daemon: string;
  skip?: string;
  /** The verdict its design deserves, where the case pins it (default: any verdict, 0 or 1). */
  exit?: number;
}

const CASES: Case[] = [
  { name: 'Squid, the guide rendering', args: async () => ['proxy-http'], daemon: 'squid' },
  {
    name: "Squid, Debian's stock squid.conf with the guide's lines (cache_log defaults to /var/log/squid)",
    args: async () => ['proxy-http', '--config', `http-proxy=${await stockPlus('/etc/squid/squid.conf', (s) => `${s.replace(/^http_access deny all$/m, 'acl localv6 src fe80::/10\nhttp_access allow localv6\nhttp_access deny all')}\nhttp_port [fe80::1%eth0]:3129\n`, 'squid.conf')}`],
    daemon: 'squid',
  },
  { name: 'tinyproxy, the lab rendering', args: async () => ['proxy-http', '--http-proxy', 'tinyproxy'], daemon: 'tinyproxy', skip: TINYPROXY_SCOPED },
  { name: 'tinyproxy, a production config (pid in /run/tinyproxy, log in /var/log)', args: async () => ['proxy-http', '--http-proxy', 'tinyproxy', '--config', 'http-proxy=examples/configs/tinyproxy.conf'], daemon: 'tinyproxy', skip: TINYPROXY_SCOPED },
  { name: 'privoxy, the lab rendering', args: async () => ['proxy-http', '--http-proxy', 'privoxy'], daemon: 'privoxy' },
  {
    name: "privoxy, Debian's stock config with the link-local listener (logdir /var/log/privoxy)",
    args: async () => ['proxy-http', '--http-proxy', 'privoxy', '--config', `http-proxy=${await stockPlus('/etc/privoxy/config', (s) => `${s}\nlisten-address [fe80::1%eth0]:8118\npermit-access [fe80::]/10\n`, 'privoxy.conf')}`],
    daemon: 'privoxy',
  },
  { name: 'Dante, the guide rendering', args: async () => ['proxy-socks'], daemon: 'danted', skip: notPackagedHere(dante) },
  { name: 'Dante, a production config', args: async () => ['proxy-socks', '--config', 'socks=examples/configs/danted.conf'], daemon: 'danted', skip: notPackagedHere(dante) },
  { name: 'microsocks', args: async () => ['proxy-socks', '--socks', 'microsocks'], daemon: 'microsocks' },
  { name: 'dnsmasq, Unbound and Tayga, the guide rendering', args: async () => ['nat64'], daemon: 'unbound' },
  { name: 'Unbound, a production config (chroot, /var/lib trust anchor, include)', args: async () => ['nat64', '--config', 'dns64=examples/configs/unbound.conf'], daemon: 'unbound' },
  {
    name: "Unbound, Debian's layout (include-toplevel, interface ::0; pid file, user and syslog left to the defaults)",
    args: async () => ['nat64', '--config', `dns64=${await stockPlus('/etc/unbound/unbound.conf', (s) => `${s}\nserver:\n    interface: ::0\n    access-control: fe80::/10 allow\n    access-control: 2001:db8::/32 allow\n    module-config: "dns64 iterator"\n    dns64-prefix: 64:ff9b::/96\n`, 'unbound.conf')}`],
    daemon: 'unbound',
  },
  { name: 'BIND, the lab rendering', args: async () => ['nat64', '--dns64', 'bind9'], daemon: 'named' },
  { name: 'BIND, a production config', args: async () => ['nat64', '--dns64', 'bind9', '--config', 'dns64=examples/configs/named.conf'], daemon: 'named' },
  {
    name: "BIND, Debian's named.conf.options with DNS64 (pid file and session key left to /run/named)",
    args: async () => ['nat64', '--dns64', 'bind9', '--config', `dns64=${await stockPlus('/etc/bind/named.conf.options', (s) => s.replace(/^};\s*$/m, '\tdns64 64:ff9b::/96 { clients { any; }; };\n\tallow-recursion { fe80::/10; 2001:db8::/32; };\n};'), 'named.conf')}`],
    daemon: 'named',
  },
  { name: 'Knot Resolver, the lab rendering', args: async () => ['nat64', '--dns64', 'knot'], daemon: 'kresd' },
  { name: 'Knot Resolver, a production kresd.conf (cache in /var/cache, trust anchor in /var/lib, syslog)', args: async () => ['nat64', '--dns64', 'knot', '--config', 'dns64=examples/configs/kresd.conf'], daemon: 'kresd', exit: 0 },
  { name: 'PowerDNS Recursor, the lab rendering', args: async () => ['nat64', '--dns64', 'pdns'], daemon: 'pdns_recursor' },
  {
    name: 'PowerDNS Recursor, a production recursor.conf (config-dir, include-dir, Lua config, validation)',
    args: async () => ['nat64', '--dns64', 'pdns', '--config', 'dns64=examples/configs/recursor.conf'],
    daemon: 'pdns_recursor',
    exit: 0,
    skip: HOST_RELEASE === 'trixie' ? "Recursor 5 reads old-style settings only with --enable-old-settings (its checker refuses the file: that verdict is the roles tests')" : undefined,
  },
  { name: 'dnsmasq, a production dnsmasq.conf (its interface, user, pid file, log file, includes)', args: async () => ['nat64', '--config', 'ra=examples/configs/dnsmasq.conf'], daemon: 'dnsmasq', exit: 0 },
  { name: 'privoxy, a production config on its own port (logdir /var/log/privoxy)', args: async () => ['proxy-http', '--http-proxy', 'privoxy', '--config', 'http-proxy=examples/configs/privoxy.conf'], daemon: 'privoxy', exit: 0 },
  { name: 'radvd, the lab rendering', args: async () => ['nat64', '--ra', 'radvd'], daemon: 'radvd' },
  { name: 'radvd, a production config', args: async () => ['nat64', '--ra', 'radvd', '--config', 'ra=examples/configs/radvd.conf'], daemon: 'radvd' },
];

/** The sealed run's verdict, and what each daemon's log says about host paths. */
async function runSealed(c: Case, i: number): Promise<{ exitCode: number | undefined; stderr: string; complaints: string[]; services: string[] }> {
  const dir = join(scratch(), `run-${i}`);
  const r = await sealed(['node', '--import', 'tsx', 'lab/cli.ts', ...(await c.args()), '--no-install', '--quiet', '--artifacts', dir], { env: { V6LAB_STATE_ROOT: join(scratch(), `state-${i}`) } });
  const logs = await readdir(join(dir, 'logs')).catch(() => [] as string[]);
  const complaints: string[] = [];
  for (const f of logs.filter((l) => l.endsWith('.log'))) complaints.push(...hostPathComplaints(await readFile(join(dir, 'logs', f), 'utf8')).map((l) => `${f}: ${l}`));
  const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8').catch(() => '{"services":[]}')) as { services: { name: string }[] };
  return { exitCode: r.exitCode, stderr: r.stderr, complaints, services: report.services.map((s) => s.name) };
}

describe('every deployed daemon keeps its files in the lab (the machine\'s own paths read-only)', () => {
  const limit = pLimit(3);
  const results = new Map<string, ReturnType<typeof runSealed>>();
  // Every run started is waited for before the scratch directory goes (a filtered run starts them all too).
  afterAll(async () => {
    await Promise.allSettled(results.values());
  });
  const result = (c: Case, i: number) => {
    if (!results.has(c.name)) results.set(c.name, limit(() => runSealed(c, i)));
    return results.get(c.name)!;
  };

  CASES.forEach((c, i) => {
    it.skipIf(c.skip !== undefined)(`${c.name}${c.skip ? ` (skipped: ${c.skip})` : ''}`, async () => {
      // Start every case at once (three at a time), then judge this one.
      CASES.forEach((other, j) => other.skip === undefined && void result(other, j));
      const r = await result(c, i);
      expect(r.complaints, r.stderr).toEqual([]);
      expect(r.services, r.stderr).toContain(c.daemon);
      if (c.exit !== undefined) expect(r.exitCode, r.stderr).toBe(c.exit);
      else expect([0, 1], r.stderr).toContain(r.exitCode);
    });
  });

  it('the seal works: Squid on its stock squid.conf, not adopted, says it cannot write its pid file or cache.log', async () => {
    // A network namespace of its own (only lo): Squid binds *:3128 there, never in the machine's.
    const r = await sealed(['squid', '-N', '-d1', '-f', '/etc/squid/squid.conf'], { network: false, timeoutMs: 6_000 });
    expect(hostPathComplaints(`${r.stdout}\n${r.stderr}`).join('\n')).toMatch(/(\/run\/squid\.pid|\/var\/log\/squid\/cache\.log).*Read-only file system/);
  });

  it('leaves nothing behind', async () => {
    await Promise.all(results.values());
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
  });
});
