// What users actually bring, through the CLI: addresses spelt as routers print them, a proxy on
// its own port (from the lab file, the command line, or the user's config's listen line), stock
// configs with the guide's lines added. Each gets the verdict its design deserves — a pass,
// failing checks with evidence, or exit 2 naming the problem — never exit 4 for a running daemon.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findLeftovers, NOTHING_LEFT } from '../../lab/leftovers.js';
import type { Report } from '../../lab/report/types.js';
import { labCli } from '../helpers/cli.js';
import { scratchDir } from '../helpers/scratch.js';

const scratch = scratchDir('user-inputs');

/** Run the CLI with --json; the report, or the failure with what it printed. */
async function runJson(args: string[]): Promise<{ exitCode: number | undefined; report: Report | undefined; stderr: string }> {
  const r = await labCli([...args, '--json', '--no-install']);
  let report: Report | undefined;
  try {
    report = JSON.parse(r.stdout) as Report;
  } catch {
    report = undefined;
  }
  return { exitCode: r.exitCode, report, stderr: r.stderr };
}

const verdicts = (r: Report | undefined): Record<string, string> => Object.fromEntries((r?.checks ?? []).map((c) => [c.id, c.verdict]));

describe('addresses spelt as routers print them', () => {
  it('a lab file with upper-case, zero-padded addresses and a dotted IPv4 tail gives the same verdicts as its canonical twin, and its report shows both spellings', async () => {
    const plan = (p: { prefix: string; lla: string; gw: string; nat64: string }) =>
      `method: nat64\nhosts: 2\nplan:\n  lan: { prefix: "${p.prefix}", gateway-lla: "${p.lla}", gateway: "${p.gw}" }\n  nat64: { prefix: "${p.nat64}", pool: 192.168.100.0/24 }\n`;
    const canonical = join(scratch(), 'canonical.lab.yaml');
    const spelt = join(scratch(), 'spelt.lab.yaml');
    await writeFile(canonical, plan({ prefix: '2001:db8:4a1c:10::/64', lla: 'fe80::10:1', gw: '2001:db8:4a1c:10::1', nat64: '2001:db8:64::/96' }));
    await writeFile(spelt, plan({ prefix: '2001:DB8:4A1C:0010::/64', lla: 'FE80:0:0:0::10:1', gw: '2001:0DB8:4A1C:10:0:0:0.0.0.1', nat64: '2001:DB8:0064:0:0:0::/96' }));
    const [a, b] = await Promise.all([runJson([canonical, '--artifacts', join(scratch(), 'run-canonical')]), runJson([spelt, '--artifacts', join(scratch(), 'run-spelt')])]);
    expect(a.exitCode, a.stderr).toBe(0);
    expect(b.exitCode, b.stderr).toBe(0);
    expect(verdicts(b.report)).toEqual(verdicts(a.report));
    expect(b.report!.plan.lan).toEqual(a.report!.plan.lan);
    expect(b.report!.spellings).toContainEqual({ path: 'plan.lan.prefix', given: '2001:DB8:4A1C:0010::/64', canonical: '2001:db8:4a1c:10::/64' });
    expect(await readFile(join(scratch(), 'run-spelt', 'report.html'), 'utf8')).toContain('plan.lan.gateway: 2001:0DB8:4A1C:10:0:0:0.0.0.1 = 2001:db8:4a1c:10::1');
  });
});

describe('a port per proxy role', () => {
  it('roles: { http-proxy: { impl: privoxy, port: 8118 } }: privoxy listens there, every check and the report use it', async () => {
    const file = join(scratch(), 'privoxy.lab.yaml');
    await writeFile(file, 'method: proxy-http\nroles:\n  http-proxy: { impl: privoxy, port: 8118 }\n');
    const r = await runJson([file, '--artifacts', join(scratch(), 'run-privoxy')]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.report!.ports).toEqual({ 'http-proxy': 8118 });
    expect(r.report!.checks.find((c) => c.id === 'proxy-listens-lla')!.observed).toMatch(/\[fe80::1\]%eth0:8118 .*"privoxy"/);
    expect(r.report!.checks.find((c) => c.id === 'proxy-not-open')!.title).toContain(':8118');
    expect(r.report!.services).toContainEqual({ node: 'gw', name: 'privoxy', listens: 'tcp [fe80::1]:8118' });
  });

  it('--port http-proxy=8080 moves the guide\'s Squid (its http_port line corrected, shown with why)', async () => {
    const r = await runJson(['proxy-http', '--port', 'http-proxy=8080', '--artifacts', join(scratch(), 'run-squid-8080')]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.report!.checks.find((c) => c.id === 'proxy-egress-http')!.observed).toContain('via http://[fe80::1%eth0]:8080');
    expect(await readFile(join(scratch(), 'run-squid-8080', 'configs', 'gw', 'squid.conf'), 'utf8')).toContain('# v6lab correction: the guide\'s "http_port [fe80::1%eth0]:3128" — the proxy listens on port 8080, as the lab asks (roles.http-proxy.port)\nhttp_port [fe80::1%eth0]:8080\n');
  });

  it("Debian's stock privoxy config with a link-local listen-address: the port comes from the config's listen line; loopback listeners do not fail proxy-listens-lla", async () => {
    const conf = join(scratch(), 'privoxy.conf');
    await writeFile(conf, `${await readFile('/etc/privoxy/config', 'utf8')}\nlisten-address [fe80::1%eth0]:8118\npermit-access [fe80::]/10\n`);
    const r = await runJson(['proxy-http', '--http-proxy', 'privoxy', '--config', `http-proxy=${conf}`, '--artifacts', join(scratch(), 'run-privoxy-stock')]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.report!.ports).toEqual({ 'http-proxy': 8118 });
    expect(r.report!.checks.find((c) => c.id === 'proxy-listens-lla')!.observed).toMatch(/127\.0\.0\.1:8118 .*\[fe80::1\]%eth0:8118/);
  });

  it('a port asked beside a config that listens elsewhere, a port for a role that has none, a port out of range: exit 2, nothing built', async () => {
    const conf = join(scratch(), 'privoxy-8118.conf');
    await writeFile(conf, 'listen-address [fe80::1%eth0]:8118\npermit-access [fe80::]/10\n');
    const clash = await labCli(['proxy-http', '--http-proxy', 'privoxy', '--config', `http-proxy=${conf}`, '--port', 'http-proxy=3128', '--no-install']);
    expect(clash.exitCode).toBe(2);
    expect(clash.stderr).toContain(`port 3128 for http-proxy, but ${conf} listens on 8118: drop the port (the config's listen line decides), or change the config`);
    const dns = await labCli(['nat64', '--port', 'dns64=5353']);
    expect(dns.exitCode).toBe(2);
    expect(dns.stderr).toContain('dns64 has no port to choose');
    const range = await labCli(['proxy-socks', '--port', 'socks=0']);
    expect(range.exitCode).toBe(2);
    expect(range.stderr).toContain('--port socks=0: 0: a TCP port is 1 to 65535');
  });
});

describe('a daemon that runs, but not where the plan needs it', () => {
  it('a squid.conf listening on loopback only: the run gets a verdict (exit 1, proxy-listens-lla failing with the socket it holds), and a note says so — not exit 4', async () => {
    const other = join(scratch(), 'squid-other.conf');
    await writeFile(other, 'http_port 127.0.0.1:3128\nacl localv6 src fe80::/10\nhttp_access allow localv6\nhttp_access deny all\n');
    const away = await runJson(['proxy-http', '--config', `http-proxy=${other}`, '--artifacts', join(scratch(), 'run-elsewhere')]);
    expect(away.exitCode, away.stderr).toBe(1);
    expect(away.report!.checks.find((c) => c.id === 'proxy-listens-lla')).toMatchObject({ ok: false, observed: expect.stringMatching(/127\.0\.0\.1:3128/) });
    expect(away.report!.notes.join("\n")).toMatch(/squid in gw is not where the plan needs it — waiting for tcp \[fe80::1\]:3128 to listen for 15000 ms; it runs, listening on tcp 127\.0\.0\.1:3128: the checks judge it$/m);
  });
});

describe('results that can fail', () => {
  it('inbound-refused with Tayga killed (no pool mapping to learn): it fails saying it could not try, rather than passing by default', async () => {
    const r = await runJson(['nat64', '--fault', 'kill:gw/tayga', '--artifacts', join(scratch(), 'run-no-tayga')]);
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.report!.checks.find((c) => c.id === 'inbound-refused')).toMatchObject({ ok: false, observed: expect.stringMatching(/^could not learn the inside host's outside address, so the gateway's refusal was not tried: Tayga's log names no pool address for hosta/) });
  });
});

describe('quiet, complete error paths', () => {
  it('a daemon that exits before it is ready (Unbound told to bind an address the gateway lacks): exit 4, its log tail, everything removed — and no stack trace after', async () => {
    const conf = join(scratch(), 'unbound-absent.conf');
    await writeFile(conf, 'server:\n  interface: 2001:db8:dead::53\n  access-control: ::/0 allow\n  module-config: "dns64 iterator"\n');
    const r = await labCli(['nat64', '--config', `dns64=${conf}`, '--no-install', '--artifacts', join(scratch(), 'run-absent')]);
    expect(r.exitCode, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/unbound in gw exited \(code 1\) before it was ready/);
    expect(r.stderr).toMatch(/can't bind socket: Cannot assign requested address/);
    expect(r.stderr).toContain('Everything the run had made was removed.');
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+|EPIPE/);
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
  });

  it('validate names every problem of a file at once, through the CLI: a plan problem, a misspelt expect, an implementation limit', async () => {
    const file = join(scratch(), 'many.lab.yaml');
    await writeFile(file, 'method: nat64\nplan:\n  lan: { prefix: "2001:DB8:1::1/64" }\n  nat64: { prefix: "2001:db8:64::/64" }\nroles:\n  dns64: { impl: pdns }\nexpect:\n  nat44-sorce: fail\n');
    const r = await labCli(['validate', file]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('4 problems, nothing was built');
    // The preset's gateway is outside the file's LAN prefix: named, with an address of the prefix it means.
    expect(r.stderr).toMatch(/1:1 method: \(plan\.lan\.gateway, from the nat64 preset\) fd00:1::1 is not in the LAN prefix 2001:db8:1::1\/64: .* e\.g\. 2001:db8:1::1$/m);
    expect(r.stderr).toMatch(/3:10 plan\.lan\.prefix: 2001:db8:1::1\/64 is an address with a length, not a prefix \(RFC 4291 §2\.3\): the prefix is 2001:db8:1::\/64/);
    expect(r.stderr).toMatch(/8:3 expect\.nat44-sorce: nat64 has no check "nat44-sorce"; did you mean nat44-source\?/);
    expect(r.stderr).toMatch(/6:12 roles\.dns64\.impl: pdns synthesizes only under a \/96 NAT64 prefix/);
  });
});

afterAll(async () => expect(await findLeftovers()).toEqual(NOTHING_LEFT));
