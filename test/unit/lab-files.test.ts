// Lab files: every bad file gets an error naming where it is (line:column) and the fix, and
// nothing is built (resolving a lab file builds nothing: no root here); the examples are valid;
// the shipped JSON Schema is the schema in code; `lab validate` runs as any user.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { LabFileError, resolveLabFile } from '../../lab/spec/resolve.js';
import { describeLab } from '../../lab/cli/describe-lab.js';
import { SCENARIOS } from '../../scenarios/index.js';
import { SCHEMA_PATH, schemaText } from '../../scripts/schema.js';

const ROOT = join(import.meta.dirname, '..', '..');

function problems(text: string): string[] {
  try {
    resolveLabFile('site.lab.yaml', text, SCENARIOS);
  } catch (e) {
    expect(e).toBeInstanceOf(LabFileError);
    return (e as LabFileError).problems;
  }
  return [];
}

describe('a bad lab file: exit 2, the place in the file, the fix', () => {
  it.each([
    ['a YAML syntax error, with line:column', 'method: nat64\nplan:\n  lan: { prefix: [2001:db8::/64\n', /^4:1 YAML syntax error: Flow sequence .* end with a \]/],
    ['an unknown key, with the nearest valid one', 'method: nat64\nplan:\n  lan:\n    prefx: 2001:db8:100::/64\n', /^4:5 plan\.lan\.prefx: unknown key; did you mean prefix\? \(valid here: prefix, gateway-lla, gateway\)$/],
    ['an unknown top-level key', 'method: nat64\nhost: 3\n', /^2:1 host: unknown key; did you mean hosts\?/],
    ['an invalid address: its path, its value, how to write it', 'method: nat64\nplan:\n  nat64:\n    pool: 192.168.300.0/24\n', /^4:5 plan\.nat64\.pool: "192\.168\.300\.0\/24": not an IPv4 prefix or address with its length: write it like 192\.168\.100\.0\/24$/],
    ['an IPv4 address where IPv6 belongs', 'method: nat64\nplan:\n  lan: { gateway-lla: 192.0.2.1 }\n', /^3:10 plan\.lan\.gateway-lla: "192\.0\.2\.1": not an IPv6 address: write it like fe80::53$/],
    ['a LAN prefix that is not a /64 (SLAAC needs /64)', 'method: nat64\nplan:\n  lan: { prefix: 2001:db8:100::/56, gateway: 2001:db8:100::1 }\n', /^3:10 plan\.lan\.prefix: 2001:db8:100::\/56 is a \/56; SLAAC needs a \/64 .*e\.g\. 2001:db8:100::\/64$/],
    ['a NAT64 prefix length RFC 6052 does not allow', 'method: nat64\nplan:\n  nat64: { prefix: "2001:db8:64::/80" }\n', /^3:12 plan\.nat64\.prefix: 2001:db8:64::\/80 is a \/80; a NAT64 prefix is \/32, \/40, \/48, \/56, \/64, \/96 \(RFC 6052 §2\.2\)/],
    ['a gateway-lla outside fe80::/10', 'method: nat64\nplan:\n  lan: { gateway-lla: "2001:db8::53" }\n', /^3:10 plan\.lan\.gateway-lla: 2001:db8::53 is not link-local: .* must be in fe80::\/10/],
    ['overlapping prefixes', 'method: nat64\nplan:\n  nat64: { prefix: "fd00:1::/96" }\n', /^3:12 plan\.nat64\.prefix: fd00:1::\/96 overlaps lan\.prefix \(fd00:1::\/64\)/],
    ['a pool too small for the hosts (Tayga maps one IPv4 per IPv6 host)', 'method: nat64\nhosts: 16\nplan:\n  nat64: { pool: 192.168.100.0/28 }\n', /^4:12 plan\.nat64\.pool: 192\.168\.100\.0\/28 gives Tayga 14 addresses for 16 hosts; Tayga maps one IPv4 address per IPv6 host: use a larger pool \(a \/27 or wider\)$/],
    ['the well-known prefix with non-global internet addresses', 'method: nat64\nplan:\n  internet: { web: 10.0.0.80 }\n', /^3:15 plan\.internet\.web: 10\.0\.0\.80 is non-global \(10\.0\.0\.0\/8, RFC 6052 §3\.1\) and the NAT64 prefix is the well-known 64:ff9b::\/96: Tayga refuses to translate it.* network-specific prefix .* expect it: reach-by-name: fail/],
    ['an expect: naming a check the method does not have', 'method: nat64\nexpect:\n  nat44-sorce: fail\n', /^3:3 expect\.nat44-sorce: nat64 has no check "nat44-sorce"; did you mean nat44-source\?; its checks are: slaac-ula, /],
    ['a fault the method does not have', 'method: proxy-http\nfaults: [no-nat44]\n', /^2:10 faults\.0: proxy-http has no fault "no-nat44"; its faults are: proxy-stopped, hosta-ula, open-proxy, acl-deny, kill:/],
    ['an unknown method', 'method: nat65\n', /^1:1 method: unknown method "nat65"; did you mean nat64\?; the methods are: nat64, nat64-clat, lla-only, proxy-http, proxy-socks$/],
    ['no method at all', 'hosts: 2\n', /^method: missing \(required\)$/],
    ['a resolver that cannot synthesize under the plan\'s prefix length (Knot: /96 only)', 'method: nat64\nplan:\n  nat64: { prefix: "2001:db8:64::/64" }\nroles:\n  dns64: { impl: knot }\n', /^5:12 roles\.dns64\.impl: knot synthesizes only under a \/96 NAT64 prefix, and the plan's is 2001:db8:64::\/64: .* Use a \/96 prefix, or --dns64 unbound or bind9$/],
    ['an alias with no anchor (a stack trace before)', 'method: nat64\nhosts: *two\n', /^2:8 YAML: Unresolved alias/],
    ['a port for a role that has none to choose', 'method: nat64\nroles:\n  dns64: { port: 5353 }\n', /^3:12 roles\.dns64\.port: port 5353 for dns64: dns64 has no port to choose \(the RA \(RDNSS, RFC 8106\) names the resolver by address only/],
    ['a port out of range', 'method: proxy-http\nroles:\n  http-proxy: { port: 70000 }\n', /^3:17 roles\.http-proxy\.port: 70000: a TCP port is 1 to 65535$/],
    ['a config for an implementation that has no config file (microsocks)', 'method: proxy-socks\nroles:\n  socks: { impl: microsocks, config: ./socks.conf }\n', /^3:30 roles\.socks\.config: microsocks cannot take your own config \(microsocks has no config file: .*\); the socks implementations that take one: dante$/],
  ])('%s', (_what, text, message) => {
    const found = problems(text);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatch(message);
    // The syntax error is the one case a parser may describe twice (the sequence, then its map).
    if (!message.source.includes('YAML syntax')) expect(found).toHaveLength(1);
  });

  it('a design meant to fail passes validation once expect: says which checks fail', () => {
    const base = 'method: nat64\nplan:\n  internet: { web: 10.0.0.80 }\n';
    expect(problems(base)).toHaveLength(1);
    expect(problems(`${base}expect: { reach-by-name: fail, reach-by-literal: fail, nat44-source: fail, app-http-name: fail, app-https-name: fail, app-udp-name: fail, app-icmp-name: fail, app-tcp-any: fail, large-transfer: fail }\n`)).toEqual([]);
  });

  it('every problem at once: a plan problem does not hide a misspelt expect: or fault', () => {
    const found = problems('method: nat64\nplan:\n  lan: { prefix: "fd00:1::1/64" }\nexpect:\n  nat44-sorce: fail\nfaults: [no-nat4]\n');
    expect(found).toEqual([
      expect.stringMatching(/^3:10 plan\.lan\.prefix: fd00:1::1\/64 is an address with a length, not a prefix \(RFC 4291 §2\.3\): the prefix is fd00:1::\/64$/),
      expect.stringMatching(/^5:3 expect\.nat44-sorce: nat64 has no check "nat44-sorce"; did you mean nat44-source\?/),
      expect.stringMatching(/^6:10 faults\.0: nat64 has no fault "no-nat4"; did you mean no-nat44\?/),
    ]);
  });

  it('every problem at once: a plan problem does not hide an implementation limit or a config the implementation cannot take', () => {
    const found = problems('method: nat64\nplan:\n  lan: { prefix: "fd00:1::1/64" }\n  nat64: { prefix: "2001:db8:64::/64" }\nroles:\n  dns64: { impl: knot, config: ./kresd.conf }\n');
    expect(found).toEqual([
      expect.stringMatching(/^3:10 plan\.lan\.prefix: fd00:1::1\/64 is an address with a length/),
      expect.stringMatching(/^6:12 roles\.dns64\.impl: knot synthesizes only under a \/96 NAT64 prefix/),
      expect.stringMatching(/^6:24 roles\.dns64\.config: knot cannot take your own config yet; the dns64 implementations that take one: unbound, bind9$/),
    ]);
  });

  it('a problem in a value the file did not give names the preset it came from', () => {
    // A /28 pool is fine for 2 hosts; 15 hosts outgrow it (14 addresses).
    const found = problems('method: nat64\nhosts: 15\nplan:\n  nat64: { pool: 192.168.100.0/28 }\n');
    expect(found[0]).toMatch(/^4:12 plan\.nat64\.pool: /);
  });
});

describe('the examples and the schema', () => {
  const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.lab.yaml'));

  it('five lab files, each with the schema line for editors', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
    for (const f of examples) expect(readFileSync(join(ROOT, 'examples', f), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\.\/schema\/lab\.schema\.json$/m);
  });

  it.each(examples)('examples/%s is valid', (f) => {
    const lab = resolveLabFile(`examples/${f}`, readFileSync(join(ROOT, 'examples', f), 'utf8'), SCENARIOS);
    expect(lab.options.labFile?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('validate says what this machine would refuse of a valid file: a release that lacks a package (exit 3 at run time)', () => {
    const lab = resolveLabFile('site.lab.yaml', 'method: proxy-socks\nruntime: docker\nrelease: trixie\n', SCENARIOS);
    expect(describeLab(lab)).toContain('note: on Debian 13 (trixie) the run would stop (exit 3): dante-server is not packaged in Debian 13 (trixie): run proxy-socks with --socks microsocks, or on Debian 12 node images (--release bookworm --runtime docker)');
    expect(describeLab(resolveLabFile('site.lab.yaml', 'method: proxy-socks\nruntime: docker\nrelease: trixie\nroles: { socks: { impl: microsocks } }\n', SCENARIOS)).join('\n')).not.toContain('note:');
  });

  it('schema/lab.schema.json is the schema in code (regenerate with `npm run schema`)', () => {
    expect(readFileSync(join(ROOT, SCHEMA_PATH), 'utf8')).toBe(schemaText());
  });

  it('`lab validate` runs without root and builds nothing: exit 0 for a good file, 2 for a bad one', async () => {
    const good = await execa('node', ['--import', 'tsx', 'lab/cli.ts', 'validate', 'examples/gua-nsp.lab.yaml'], { cwd: ROOT, reject: false });
    expect(good.exitCode, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/^examples\/gua-nsp\.lab\.yaml: valid — gua-nsp: nat64 /);
    expect(good.stdout).toMatch(/LAN prefix \(SLAAC\) +2001:db8:100::\/64/);
    const bad = await execa('node', ['--import', 'tsx', 'lab/cli.ts', 'validate', 'test/fixtures/bad-pool.lab.yaml'], { cwd: ROOT, reject: false });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('test/fixtures/bad-pool.lab.yaml: a problem, nothing was built:\n  5:12 plan.nat64.pool:');
  });
});
