// Every role, any real implementation: each runs the method's checks unchanged (same ids, same
// evidence) or fails with a finding in the daemon's own words; the negative controls still
// falsify the checks against each; users' own configs are adopted, checked and deployed.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findLeftovers, NOTHING_LEFT } from '../../lab/leftovers.js';
import { ConfigRejectedError } from '../../lab/user-configs.js';
import { allLabs, APPS, APPS_THROUGH, asKnown, check, checkOutcomes, failedIds, NAT64_GUIDE_IDS, runMethod, unexpected } from '../helpers/run.js';
import { labCli } from '../helpers/cli.js';
import { scratchDir } from '../helpers/scratch.js';
import { RUNTIMES } from '../helpers/runtimes.js';
import type { Release } from '../../lab/env/release.js';
import { HOST_RELEASE } from '../helpers/release.js';
import { decodeRecords, readPcap } from '../../lab/capture/pcap-file.js';
import { dante } from '../../lab/services/dante.js';
import { notPackagedHere } from '../helpers/release.js';

const noDante = notPackagedHere(dante);

const NAT64_OUTCOMES = asKnown([...NAT64_GUIDE_IDS, ...APPS.nat64.pass], APPS.nat64.fail);
/** No DNS64 synthesis: every name-based way out fails. */
const NO_SYNTHESIS = [...APPS_THROUGH.nat64, 'dns64-synthesis', 'nat44-source', 'reach-by-name'].sort();
const HTTP_OUTCOMES = asKnown(['hosts-link-local-only', 'large-transfer', 'proxy-egress-http', 'proxy-listens-lla', 'proxy-not-open', 'proxy-unscoped-fails', ...APPS.proxy.pass], APPS.proxy.fail);

describe('each implementation passes every check of its method (the same ids)', () => {
  it.each([
    ['nat64', { dns64: 'bind9' }, 'named'],
    ['nat64', { dns64: 'knot' }, 'kresd'],
    ['nat64', { dns64: 'pdns' }, 'pdns_recursor'],
    ['nat64', { ra: 'radvd' }, 'radvd'],
  ] as const)('%s with %o', async (method, roles, service) => {
    const r = await runMethod(method, { roles });
    expect(checkOutcomes(r)).toEqual(NAT64_OUTCOMES);
    expect(r.services.map((s) => s.name)).toContain(service);
    expect(r.chosen).toEqual(roles);
  });

  it.each([
    ['proxy-http', { 'http-proxy': 'privoxy' }, HTTP_OUTCOMES],
    ['proxy-socks', { socks: 'microsocks' }, asKnown(['hosts-link-local-only', 'large-transfer', 'proxy-listens-lla', 'proxy-not-open', 'socks-client-resolves-fails', 'socks-egress-proxy-resolves', ...APPS.proxy.pass], APPS.proxy.fail)],
  ] as const)('%s with %o', async (method, roles, ids) => {
    const r = await runMethod(method, { roles });
    expect(checkOutcomes(r)).toEqual(ids);
    expect(check(r, 'proxy-listens-lla').observed).toContain(`"${Object.values(roles)[0]}"`);
  });

  // Measured: tinyproxy 1.11.1 (Debian 12) refuses every scoped spelling; 1.11.2 (Debian 13) listens on [fe80::1]%eth0.
  it.runIf(HOST_RELEASE === 'bookworm')('tinyproxy 1.11.1 cannot listen where the guide asks (a scoped link-local address): the run fails with its own words', async () => {
    const e = await runMethod('proxy-http', { roles: { 'http-proxy': 'tinyproxy' } }).then(
      () => undefined,
      (x: Error) => x,
    );
    expect(e?.message).toMatch(/tinyproxy in gw exited \(code 70\) before it was ready[\s\S]*ERROR: Syntax error on line 2/);
  });

  it.runIf(HOST_RELEASE === 'trixie')('tinyproxy 1.11.2 listens where the guide asks ([fe80::1]%eth0) and passes every check', async () => {
    const r = await runMethod('proxy-http', { roles: { 'http-proxy': 'tinyproxy' } });
    expect(checkOutcomes(r)).toEqual(HTTP_OUTCOMES);
    expect(check(r, 'proxy-listens-lla').observed).toMatch(/\[fe80::1\]%eth0:3128 .*"tinyproxy"/);
    expect(r.versions['tinyproxy']).toBe('1.11.2');
  });

  it('--nat64 jool: Jool is reported unavailable with the kernel\'s words, never faked', async () => {
    const e = await runMethod('nat64', { roles: { nat64: 'jool' } }).then(
      () => undefined,
      (x: Error) => x,
    );
    expect(e?.message).toMatch(/Jool is unavailable — the kernel has no Jool module .*socket family/);
  });

  afterAll(async () => expect(await findLeftovers()).toEqual(NOTHING_LEFT));
});

describe.each(RUNTIMES.filter((r) => r.kind !== 'netns'))('each implementation on $label', ({ kind, skip }) => {
  it.skipIf(!!skip).each([
    ['nat64', { dns64: 'bind9' }],
    ['nat64', { dns64: 'knot' }],
    ['nat64', { dns64: 'pdns' }],
    ['nat64', { ra: 'radvd' }],
    ['proxy-http', { 'http-proxy': 'privoxy' }],
    ['proxy-socks', { socks: 'microsocks' }],
  ] as const)('%s with %o passes every check', async (method, roles) => {
    const r = await runMethod(method, { runtime: kind, roles });
    expect(unexpected(r)).toEqual([]);
    expect(r.ok).toBe(true);
  });

  afterAll(async () => expect(await findLeftovers()).toEqual(NOTHING_LEFT));
});

describe('the negative controls falsify the checks against other implementations too', () => {
  it('BIND without dns64: dns64-synthesis fails; BIND excluding every AAAA (synthall): dns64-real-aaaa fails', async () => {
    const [off, all] = await allLabs([runMethod('nat64', { roles: { dns64: 'bind9' }, faults: ['no-dns64'] }), runMethod('nat64', { roles: { dns64: 'bind9' }, faults: ['dns64-synthall'] })]);
    expect(failedIds(off)).toEqual(NO_SYNTHESIS);
    expect(failedIds(all)).toEqual(['dns64-real-aaaa']);
  });

  it('Knot and PowerDNS without dns64: dns64-synthesis fails', async () => {
    const [knot, pdns] = await allLabs([runMethod('nat64', { roles: { dns64: 'knot' }, faults: ['no-dns64'] }), runMethod('nat64', { roles: { dns64: 'pdns' }, faults: ['no-dns64'] })]);
    expect(failedIds(knot)).toEqual(NO_SYNTHESIS);
    expect(failedIds(pdns)).toEqual(NO_SYNTHESIS);
  });

  it('radvd not started: slaac-ula and ra-rdnss fail; privoxy denying fe80::/10: egress fails; privoxy opened on the uplink: proxy-not-open fails', async () => {
    const [ra, deny, open] = await allLabs([
      runMethod('nat64', { roles: { ra: 'radvd' }, faults: ['no-ra'] }),
      runMethod('proxy-http', { roles: { 'http-proxy': 'privoxy' }, faults: ['acl-deny'] }),
      runMethod('proxy-http', { roles: { 'http-proxy': 'privoxy' }, faults: ['open-proxy'] }),
    ]);
    expect(failedIds(ra)).toEqual(expect.arrayContaining(['ra-rdnss', 'slaac-ula']));
    expect(failedIds(deny)).toContain('proxy-egress-http');
    expect(failedIds(open)).toEqual(expect.arrayContaining(['proxy-not-open']));
  });

  it('a fault an implementation cannot express is refused before anything is built, saying why', async () => {
    await expect(runMethod('nat64', { roles: { dns64: 'knot' }, faults: ['dns64-synthall'] })).rejects.toThrow(/fault dns64-synthall cannot be applied to knot \(the dns64\): Knot Resolver 5\.6's dns64 module has no option/);
    await expect(runMethod('proxy-socks', { roles: { socks: 'microsocks' }, faults: ['open-proxy'] })).rejects.toThrow(/cannot be applied to microsocks/);
  });

  afterAll(async () => expect(await findLeftovers()).toEqual(NOTHING_LEFT));
});

describe('your own config per role', () => {
  const scratch = scratchDir('roles');

  it("Debian's stock squid.conf with the guide's lines added: Squid is up on its wildcard http_port 3128, so the run gets a verdict — proxy-listens-lla fails showing the wildcard listener and Squid's own words (exit 1, not 4)", async () => {
    // The machine's own stock config (the squid package's), the guide's lines added as a user would: its ACL before "deny all", the listener at the end.
    const stock = await readFile('/etc/squid/squid.conf', 'utf8');
    expect(stock).toMatch(/^http_port 3128$/m);
    const conf = join(scratch(), 'squid.conf');
    await writeFile(conf, `${stock.replace(/^http_access deny all$/m, 'acl localv6 src fe80::/10\nhttp_access allow localv6\nhttp_access deny all')}\nhttp_port [fe80::1%eth0]:3128\n`);
    const r = await labCli(['proxy-http', '--config', `http-proxy=${conf}`, '--json', '--no-install', '--artifacts', join(scratch(), 'run')]);
    expect(r.exitCode, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as { checks: { id: string; ok: boolean; observed: string; evidence: { kind: string; excerpt?: string }[] }[] };
    const listens = report.checks.find((c) => c.id === 'proxy-listens-lla')!;
    expect(listens.ok).toBe(false);
    expect(listens.observed).toMatch(/sockets on port 3128: LISTEN \d+ \d+ \*:3128 .*"squid"/);
    expect(listens.evidence.find((e) => e.kind === 'text')?.excerpt).toMatch(/Address already in use/);
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
  });

  it('a production unbound.conf (chroot, username, /var/lib, an include) runs through --config, its rewrites shown as a diff', async () => {
    const r = await runMethod('nat64', { configs: { dns64: 'examples/configs/unbound.conf' } });
    expect(r.ok, unexpected(r).join('; ')).toBe(true);
    const a = r.adopted[0]!;
    expect(a).toMatchObject({ role: 'dns64', impl: 'unbound', file: 'examples/configs/unbound.conf' });
    expect(a.diff).toContain('-  chroot: "/etc/unbound"\n');
    expect(a.diff).toContain('+  chroot: ""\n');
    expect(a.diff).toContain('-  auto-trust-anchor-file: "/var/lib/unbound/root.key"\n');
    expect(a.diff).toMatch(/-include: "\/etc\/unbound\/unbound\.conf\.d\/\*\.conf"/);
    expect(a.rewrites.map((w) => w.why)).toContain("the lab's root is unsigned: a trust anchor would fail every answer");
  });

  it('named.conf (BIND) and radvd.conf (an interface named lan0) run adopted', async () => {
    const [bind, radvd] = await allLabs([
      runMethod('nat64', { roles: { dns64: 'bind9' }, configs: { dns64: 'examples/configs/named.conf' } }),
      runMethod('nat64', { roles: { ra: 'radvd' }, configs: { ra: 'examples/configs/radvd.conf' } }),
    ]);
    expect(bind.ok).toBe(true);
    expect(bind.adopted[0]!.diff).toContain('+  dnssec-validation no;');
    expect(radvd.ok).toBe(true);
    expect(radvd.adopted[0]!.diff).toContain('-interface lan0 {\n+interface eth0 {');
  });

  it("the guide's own HTTP proxy with a production config: squid.conf (disk cache, Debian log paths)", async () => {
    const sq = await runMethod('proxy-http', { configs: { 'http-proxy': 'examples/configs/squid.conf' } });
    expect(unexpected(sq)).toEqual([]);
    expect(sq.adopted[0]!.diff).toContain('-cache_dir ufs /var/spool/squid 100 16 256');
  });

  it.skipIf(!!noDante)(`the guide's own SOCKS proxy with a production config: danted.conf (interfaces lan0/wan0)${noDante ? ` (skipped: ${noDante})` : ''}`, async () => {
    const da = await runMethod('proxy-socks', { configs: { socks: 'examples/configs/danted.conf' } });
    expect(unexpected(da)).toEqual([]);
    expect(da.adopted[0]!.diff).toContain('-internal: lan0 port = 1080\n');
    expect(da.adopted[0]!.diff).toContain('+internal: eth0 port = 1080\n');
  });

  it(`tinyproxy.conf: adopted; then ${HOST_RELEASE === 'bookworm' ? 'tinyproxy 1.11.1 refuses the scoped address (the finding, in its words)' : 'it runs and passes every check'}`, async () => {
    const run = runMethod('proxy-http', { roles: { 'http-proxy': 'tinyproxy' }, configs: { 'http-proxy': 'examples/configs/tinyproxy.conf' } });
    if (HOST_RELEASE === 'bookworm') await expect(run).rejects.toThrow(/tinyproxy in gw exited \(code 70\)[\s\S]*Syntax error/);
    else expect(checkOutcomes(await run)).toEqual(HTTP_OUTCOMES);
  });

  it.each([
    ['dns64', 'unbound', 'examples/configs/unbound-broken.conf', /unbound-checkconf rejects your unbound config examples\/configs\/unbound-broken\.conf[\s\S]*examples\/configs\/unbound-broken\.conf:8: dns64:\n {4}→ line 8: error: unknown keyword 'dns64'/],
    ['dns64', 'bind9', 'examples/configs/named-broken.conf', /named-checkconf rejects your bind9 config[\s\S]*named-broken\.conf:5: dns64-prefix 64:ff9b::\/96;\n {4}→ line 5: unknown option 'dns64-prefix'/],
    ...(HOST_RELEASE === 'bookworm' ? ([['ra', 'radvd', 'examples/configs/radvd-broken.conf', /radvd -c -C rejects your radvd config[\s\S]*radvd-broken\.conf:5: nat64prefix 64:ff9b::\/96 \{ \};/]] as const) : []),
  ] as const)('a %s config its checker rejects (%s): exit 2 naming the user\'s line, nothing built', async (role, impl, file, message) => {
    const e = await runMethod('nat64', { roles: { [role]: impl }, configs: { [role]: file } }).then(
      () => undefined,
      (x: Error) => x,
    );
    expect(e).toBeInstanceOf(ConfigRejectedError);
    expect(e?.message).toMatch(message);
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
  });

  it.runIf(HOST_RELEASE === 'trixie')("radvd-broken.conf is Debian 12's mistake only: radvd 2.20's checker accepts nat64prefix, and the run deploys it (its RA has no RDNSS: ra-rdnss fails)", async () => {
    const r = await runMethod('nat64', { roles: { ra: 'radvd' }, configs: { ra: 'examples/configs/radvd-broken.conf' } });
    expect(r.adopted[0]!.file).toBe('examples/configs/radvd-broken.conf');
    expect(failedIds(r)).toContain('ra-rdnss');
    expect(check(r, 'ra-rdnss').observed).toContain('RDNSS none');
  });

  it.each([
    ['proxy-http', 'http-proxy', 'examples/configs/squid-broken.conf', /squid -k parse -f rejects your squid config[\s\S]*squid-broken\.conf:3: acl localv6 localnet\n {4}→ (FATAL|ERROR): .*[Ii]nvalid ACL type 'localnet'/, undefined],
    ['proxy-socks', 'socks', 'examples/configs/danted-broken.conf', /danted -V -f rejects your dante config[\s\S]*danted-broken\.conf:3: internal: \[fe80::1%eth0\] port = 1080\n {4}→ .*could not resolve hostname "\[fe80::1%eth0\]"/, noDante],
  ] as const)('%s: a %s config its checker rejects names the user\'s line, nothing built', async (method, role, file, message, skipped) => {
    if (skipped) {
      // Its daemon is not packaged here: the run stops before the checker, with the reason.
      await expect(runMethod(method, { configs: { [role]: file } })).rejects.toThrow(`${skipped}: run ${method} with`);
      return;
    }
    const e = await runMethod(method, { configs: { [role]: file } }).then(
      () => undefined,
      (x: Error) => x,
    );
    expect(e).toBeInstanceOf(ConfigRejectedError);
    expect(e?.message).toMatch(message);
  });

  it('a config that starts but does not do the job fails the run with the checks it breaks (exit 1)', async () => {
    const r = await labCli(['nat64', '--config', 'dns64=examples/configs/unbound-no-dns64.conf', '--quiet', '--no-install']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^FAIL nat64 \[dns64: unbound \(examples\/configs\/unbound-no-dns64\.conf\)\] on netns: 9\/19 checks passed/m);
  });

  afterAll(async () => expect(await findLeftovers()).toEqual(NOTHING_LEFT));
});

/** What each implementation does, measured per release; a package update that changes behaviour fails here. */
const DNS64_PINNED = {
  unbound: { 'pref64-discovery': 'conforms', 'dns64-ptr': 'conforms', 'dns64-cd-bit': 'conforms', 'dns64-mapped-excluded': 'deviates', 'dns64-ttl': 'deviates', 'dns64-wkp-private': 'deviates' },
  bind9: { 'pref64-discovery': 'conforms', 'dns64-ptr': 'conforms', 'dns64-cd-bit': 'deviates', 'dns64-mapped-excluded': 'conforms', 'dns64-ttl': 'conforms', 'dns64-wkp-private': 'deviates' },
  knot: { 'pref64-discovery': 'conforms', 'dns64-ptr': 'conforms', 'dns64-cd-bit': 'conforms', 'dns64-mapped-excluded': 'deviates', 'dns64-ttl': 'conforms', 'dns64-wkp-private': 'deviates' },
  pdns: { 'pref64-discovery': 'conforms', 'dns64-ptr': 'conforms', 'dns64-cd-bit': 'deviates', 'dns64-mapped-excluded': 'deviates', 'dns64-ttl': 'deviates', 'dns64-wkp-private': 'deviates' },
};
const PINNED: Record<Release, Record<string, { version: RegExp; cells: Record<string, string> }>> = {
  // Debian 12: unbound 1.17, BIND 9.18, Knot Resolver 5.6, PowerDNS Recursor 4.8; neither RA daemon can send PREF64.
  bookworm: {
    unbound: { version: /^1\.17\./, cells: DNS64_PINNED.unbound },
    bind9: { version: /^9\.18\./, cells: DNS64_PINNED.bind9 },
    knot: { version: /^5\.6\./, cells: DNS64_PINNED.knot },
    pdns: { version: /^4\.8\./, cells: DNS64_PINNED.pdns },
    dnsmasq: { version: /^2\.90$/, cells: { 'ra-pref64': 'unsupported' } },
    radvd: { version: /^2\.19$/, cells: { 'ra-pref64': 'unsupported' } },
  },
  // Debian 13: the resolvers behave as in 12 (PowerDNS 5.2 now judged: it reads YAML), and radvd 2.20 sends PREF64.
  trixie: {
    unbound: { version: /^1\.26\./, cells: DNS64_PINNED.unbound },
    bind9: { version: /^9\.20\./, cells: DNS64_PINNED.bind9 },
    knot: { version: /^5\.7\./, cells: DNS64_PINNED.knot },
    pdns: { version: /^5\.2\./, cells: DNS64_PINNED.pdns },
    dnsmasq: { version: /^2\.91$/, cells: { 'ra-pref64': 'unsupported' } },
    radvd: { version: /^2\.20$/, cells: { 'ra-pref64': 'conforms' } },
  },
};

interface MatrixFile { rows: { role: string; impl: string; version?: string; release?: { name: Release; number: number }; cells: { check: string; state: string; observed: string }[] }[] }

/** Every row of the matrix against the pins of its release: the version it said, and each cell. */
function expectPinned(m: MatrixFile, releases: Release[]): void {
  expect([...new Set(m.rows.map((r) => r.release?.name))].sort()).toEqual([...releases].sort());
  for (const release of releases) {
    for (const [impl, pin] of Object.entries(PINNED[release])) {
      const row = m.rows.find((x) => x.impl === impl && x.release?.name === release);
      expect(row?.version, `${impl} (${release})`).toMatch(pin.version);
      expect(Object.fromEntries(row!.cells.map((c) => [c.check, c.state])), `${impl} (${release})`).toEqual(pin.cells);
    }
  }
}

describe('conformance', () => {
  it(`\`lab conformance\` runs nat64 per DNS64 resolver and RA daemon and writes the matrix; each row is pinned for this machine's release (${HOST_RELEASE ?? 'unknown'})`, async () => {
    const dir = join(process.env['V6LAB_RUNS_DIR'] ?? '/tmp', 'conformance');
    const r = await labCli(['conformance', '--artifacts', dir, '--no-install']);
    expect(r.exitCode, r.stderr).toBe(0);
    const m = JSON.parse(await readFile(join(dir, 'conformance.json'), 'utf8')) as MatrixFile;
    expectPinned(m, [HOST_RELEASE!]);
    expect(r.stdout).toMatch(/dns64: unbound 1\.\d+ \(1[23]\) +✓ conforms +✓ conforms +✓ conforms +✗ deviates \(RFC 6147 §5\.1\.4\)/);
    const md = await readFile(join(dir, 'conformance.md'), 'utf8');
    // "unsupported" only with the daemon's own words as evidence.
    expect(md).toMatch(/unsupported by dnsmasq 2\.9\d: no PREF64 option among its \d+ options \(dnsmasq --help\)/);
    if (HOST_RELEASE === 'bookworm') expect(md).toMatch(/unsupported by radvd 2\.19: its config check refuses nat64prefix \(exit 1: .*syntax error/);
  });

  const docker = RUNTIMES.find((x) => x.kind !== 'netns')!;
  it.skipIf(!!docker.skip)(`\`lab conformance --release all\` on ${docker.label}: rows for Debian 12 and 13, each pinned; PowerDNS 5.2 judged; radvd 2.20's RA carries option 38 in HOSTA's capture`, async () => {
    const dir = join(process.env['V6LAB_RUNS_DIR'] ?? '/tmp', 'conformance-all');
    const r = await labCli(['conformance', '--runtime', docker.kind, '--release', 'all', '--artifacts', dir, '--no-install']);
    expect(r.exitCode, r.stderr).toBe(0);
    const m = JSON.parse(await readFile(join(dir, 'conformance.json'), 'utf8')) as MatrixFile;
    expectPinned(m, ['bookworm', 'trixie']);
    expect(r.stdout).toMatch(/dns64: pdns 5\.2 \(13\) +✓ conforms/);
    expect(r.stdout).toMatch(/ra: radvd 2\.20 \(13\) +.*✓ conforms/);
    const radvd20 = m.rows.find((x) => x.impl === 'radvd' && x.release?.name === 'trixie')!.cells.find((c) => c.check === 'ra-pref64')!;
    expect(radvd20.observed).toMatch(/^PREF64 64:ff9b::\/96 \(lifetime \d+ s\)/);
    // The same option, read back from HOSTA's capture of that run by the lab's decoder.
    const pcap = join(dir, 'trixie-ra-radvd', 'pcap', 'hosta-eth0.pcap');
    const ras = decodeRecords(await readPcap(pcap)).filter((p) => p.icmp?.type === 134);
    expect(ras.flatMap((p) => p.icmp?.ra?.pref64 ?? []).map((x) => `${x.prefix}/${x.length}`)).toContain('64:ff9b::/96');
  });

  afterAll(async () => expect(await findLeftovers()).toEqual(NOTHING_LEFT));
});
