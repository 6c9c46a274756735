// Debian 13 and 12: what each release packages stops a run before anything is built (with the
// ways out), daemons render for the version they find, and checks judge curl by its exit code,
// never by its words (curl 7.88 and 8.14 word the same failure differently).
import { describe, expect, it } from 'vitest';
import { describeFailure, failedAs, CURL_EXIT, type FetchResult } from '../../lab/checks/http-fetch.js';
import { parseRelease, parseReleases, releaseLabel } from '../../lab/env/release.js';
import { UsageError } from '../../lab/errors.js';
import { packagedRoles, unpackagedProblems } from '../../lab/scenario.js';
import { versionAtLeast } from '../../lab/services/daemon-spec.js';
import { pdnsDns64 } from '../../lab/services/pdns.js';
import { radvdRa } from '../../lab/services/radvd.js';
import { samePrefix } from '../../lab/topology/address.js';
import { daemonsText } from '../../lab/report/verdict-text.js';
import { SCENARIOS } from '../../scenarios/index.js';

describe('releases', () => {
  it('are named by codename or number; anything else is a usage error naming both', () => {
    expect(parseRelease('13')).toBe('trixie');
    expect(parseRelease('bookworm')).toBe('bookworm');
    expect(parseReleases('all')).toEqual(['bookworm', 'trixie']);
    expect(releaseLabel('trixie')).toBe('Debian 13 (trixie)');
    expect(() => parseRelease('bullseye')).toThrow(UsageError);
    expect(() => parseRelease('bullseye')).toThrow('unknown release "bullseye": use bookworm (12) or trixie (13)');
  });

  it('a method whose guide daemon the release lacks stops with the reason and the ways out', () => {
    const socks = SCENARIOS['proxy-socks']!;
    expect(unpackagedProblems(socks, {}, 'trixie')).toEqual([
      'dante-server is not packaged in Debian 13 (trixie): run proxy-socks with --socks microsocks, or on Debian 12 node images (--release bookworm --runtime docker)',
    ]);
    expect(unpackagedProblems(socks, { socks: 'microsocks' }, 'trixie')).toEqual([]);
    expect(unpackagedProblems(socks, {}, 'bookworm')).toEqual([]);
    // A machine that is not a release the lab knows: nothing is refused for packaging (apt says what it lacks).
    expect(unpackagedProblems(socks, {}, undefined)).toEqual([]);
    for (const s of Object.values(SCENARIOS).filter((x) => x.name !== 'proxy-socks')) expect(unpackagedProblems(s, {}, 'trixie'), s.name).toEqual([]);
  });

  it("`lab all` runs a method with an implementation the release packages where it lacks the guide's", () => {
    expect(packagedRoles(SCENARIOS['proxy-socks']!, 'trixie')).toEqual({ socks: 'microsocks' });
    expect(packagedRoles(SCENARIOS['proxy-socks']!, 'bookworm')).toEqual({});
  });
});

describe('rendering by version', () => {
  const dns64 = { node: 'gw', dir: '/s', listen: 'fd00:1::1', clients: ['fd00:1::/64', 'fe80::/10'], nat64Prefix: '64:ff9b::/96', root: { name: 'a.root-servers.lab', address: '198.41.0.4' }, dns64: true, synthAll: false };

  it('versions compare part by part; an unknown version is none', () => {
    expect(versionAtLeast('5.2.13', '5')).toBe(true);
    expect(versionAtLeast('4.8.8', '5')).toBe(false);
    expect(versionAtLeast('2.20', '2.20')).toBe(true);
    expect(versionAtLeast('2.19', '2.20')).toBe(false);
    expect(versionAtLeast('2.3', '2.20')).toBe(false);
    expect(versionAtLeast(undefined, '1')).toBe(false);
  });

  it('PowerDNS Recursor 5 gets recursor.yml (5.2 refuses old-style settings); 4.8 gets recursor.conf', () => {
    const v5 = pdnsDns64.service!(dns64, '5.2.13');
    const yml = v5.files.find((f) => f.path.endsWith('/recursor.yml'))?.content ?? '';
    expect(yml).toMatch(/^incoming:\n {2}listen:\n {4}- fd00:1::1\n {2}allow_from:\n {4}- fd00:1::\/64\n {4}- fe80::\/10$/m);
    expect(yml).toMatch(/^ {2}dns64_prefix: 64:ff9b::\/96$/m);
    expect(yml).toMatch(/^ {2}validation: "?off"?$/m);
    expect(v5.files.some((f) => f.path.endsWith('/recursor.conf'))).toBe(false);
    const v4 = pdnsDns64.service!(dns64, '4.8.8');
    expect(v4.files.find((f) => f.path.endsWith('/recursor.conf'))?.content).toContain('dns64-prefix=64:ff9b::/96\n');
  });

  it('radvd 2.20 announces the NAT64 prefix (PREF64); 2.19, which refuses the word, does not', () => {
    const ra = { node: 'gw', dir: '/s', ifname: 'eth0', prefix: 'fd00:1::/64', rdnss: 'fd00:1::1', pref64: '64:ff9b::/96' };
    const conf = (v: string): string => radvdRa.service!(ra, v).files[0]!.content;
    expect(conf('2.20')).toContain('  nat64prefix 64:ff9b::/96 { };\n};');
    expect(conf('2.19')).not.toContain('nat64prefix');
  });
});

describe('curl judged by exit code', () => {
  const fetch = (exitCode: number, error: string, httpCode = 0): FetchResult => ({ ok: exitCode === 0 && httpCode === 200, exitCode, error, httpCode, remote: '', body: '' });
  const refused = { what: 'refused, or denied by the proxy', curlExit: [CURL_EXIT.couldNotConnect], httpStatus: [403] };

  it("a refused connection is the same failure in curl 7.88's words and 8.14's", () => {
    expect(failedAs(fetch(7, "curl: (7) Failed to connect to 192.0.2.2 port 3128 after 0 ms: Couldn't connect to server"), refused)).toBe(true);
    expect(failedAs(fetch(7, 'curl: (7) Failed to connect to 192.0.2.2 port 3128 after 0 ms: Could not connect to server'), refused)).toBe(true);
  });

  it('a denial is judged on the status; any other failure, or a success, is not the expected failure', () => {
    expect(failedAs(fetch(0, '', 403), refused)).toBe(true);
    expect(failedAs(fetch(0, '', 200), refused)).toBe(false);
    expect(failedAs(fetch(28, 'curl: (28) Connection timed out'), refused)).toBe(false);
    expect(failedAs(fetch(6, 'curl: (6) Could not resolve host'), refused)).toBe(false);
    expect(describeFailure(refused)).toBe('refused, or denied by the proxy: curl exit 7 or HTTP 403');
  });
});

describe('prefixes compared as values', () => {
  it('any valid spelling of the same prefix is the same prefix; another length is not', () => {
    expect(samePrefix('64:FF9B::/96', '64:ff9b:0:0::/96')).toBe(true);
    expect(samePrefix('2001:db8:64::/96', '2001:0DB8:0064:0000::/96')).toBe(true);
    expect(samePrefix('64:ff9b::/96', '64:ff9b::/64')).toBe(false);
    expect(samePrefix('64:ff9b::/96', '64:ff9c::/96')).toBe(false);
    expect(samePrefix('not a prefix', '64:ff9b::/96')).toBe(false);
  });
});

describe('reports name the release and the versions', () => {
  it('"Debian 13 (trixie): unbound 1.26.2, dnsmasq 2.91", or what is known', () => {
    expect(daemonsText({ release: { name: 'trixie', number: 13 }, versions: { unbound: '1.26.2', dnsmasq: '2.91' } })).toBe('Debian 13 (trixie): unbound 1.26.2, dnsmasq 2.91');
    expect(daemonsText({ versions: {} })).toBe('a host that is not a Debian release the lab knows');
  });
});
