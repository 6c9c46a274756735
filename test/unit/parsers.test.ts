// The small parsers that turn tool output into evidence, fed with real output captured here.
import { describe, expect, it } from 'vitest';
import { parseDigAnswer } from '../../lab/checks/dig.js';
import { parseRdisc6 } from '../../lab/services/rdnss-resolver.js';
import { listening, parseSsLocal } from '../../lab/runtime/daemon.js';
import { renderConfig } from '../../lab/services/config-text.js';
import { nativeIpv4 } from '../../lab/checks/native-ipv4.js';
import { capabilityNames, withBoundingSet } from '../../lab/runtime/capabilities.js';

describe('parsers', () => {
  it('reads dig answer sections', () => {
    const out = ';; Got answer:\n;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 1\nwww.v4only.lab.\t300\tIN\tAAAA\t64:ff9b::c058:6350\n';
    expect(parseDigAnswer(out)).toEqual([{ name: 'www.v4only.lab.', ttl: 300, type: 'AAAA', data: '64:ff9b::c058:6350' }]);
    expect(parseDigAnswer(';; connection timed out; no servers could be reached\n')).toEqual([]);
  });

  it('reads rdisc6 output: source, prefixes, RDNSS', () => {
    const out = [
      'Soliciting ff02::2 (ff02::2) on eth0...',
      '',
      'Hop limit                 :           64 (      0x40)',
      ' Prefix                   : fd00:1::/64',
      '  On-link                 :          Yes',
      ' Recursive DNS server     : fd00:1::1',
      '  DNS server lifetime     :         1200 (0x000004b0) seconds',
      ' from fe80::1',
    ].join('\n');
    expect(parseRdisc6(out)).toMatchObject({ from: 'fe80::1', prefixes: ['fd00:1::/64'], rdnss: ['fd00:1::1'] });
    expect(parseRdisc6('Soliciting ff02::2 (ff02::2) on eth0...\nTimed out.\nNo response.\n')).toMatchObject({ from: undefined, prefixes: [], rdnss: [] });
  });

  it('finds listening sockets in ss output, scoped or not', () => {
    const ss = 'UNCONN 0 0 [fd00:1::1]:53 [::]:*\nUNCONN 0 0 192.88.99.53:53 0.0.0.0:*\nLISTEN 0 256 [fe80::1]%eth0:3128 [::]:*\n';
    expect(listening(ss, 53, 'fd00:1::1')).toBe(true);
    expect(listening(ss, 53, '192.88.99.53')).toBe(true);
    expect(listening(ss, 53, '192.0.2.2')).toBe(false);
    expect(listening(ss, 3128)).toBe(true);
    expect(listening(ss, 1080)).toBe(false);
  });

  it('compares addresses as values: a plan written in upper case or with zero-padded groups finds its socket', () => {
    const ss = 'UNCONN 0 0 [2001:db8:4a1c:10::1]:53 [::]:*\nLISTEN 0 256 [fe80::1]%eth0:3128 [::]:*\n';
    expect(listening(ss, 53, '2001:DB8:4A1C:0010::1')).toBe(true);
    expect(listening(ss, 53, '2001:db8:4a1c:10:0:0:0:1')).toBe(true);
    expect(listening(ss, 53, '2001:db8:4a1c:10::2')).toBe(false);
    expect(listening(ss, 3128, 'FE80::1')).toBe(true);
  });

  it('a wildcard socket takes packets for any address of its family (a stock config is up; the checks judge where it listens)', () => {
    const ss = 'LISTEN 0 256 *:3128 *:*\nUNCONN 0 0 [::]:53 [::]:*\nUNCONN 0 0 0.0.0.0:67 0.0.0.0:*\n';
    expect(listening(ss, 3128, 'fe80::1')).toBe(true);
    expect(listening(ss, 53, 'fd00:1::1')).toBe(true);
    expect(listening(ss, 53, '192.0.2.2')).toBe(false);
    expect(listening(ss, 67, '192.0.2.2')).toBe(true);
    expect(listening(ss, 67, 'fd00:1::1')).toBe(false);
  });
});

describe("rendering a guide config with the lab's changes kept apart", () => {
  const guideText = 'server:\n  interface: fd00:1::1\n\ndns64:\n  prefix: 64:ff9b::/96';
  it('replaces corrected lines in place with a comment saying why, and appends additions', () => {
    const text = renderConfig({
      guideText,
      corrections: [
        { guide: 'dns64:', use: [], why: 'no such clause' },
        { guide: 'prefix: 64:ff9b::/96', use: ['dns64-prefix: 64:ff9b::/96'], why: 'server option' },
      ],
      additions: [{ lines: ['  chroot: ""'], why: 'no chroot in the lab' }],
    });
    expect(text).toBe(
      [
        'server:',
        '  interface: fd00:1::1',
        '',
        `# v6lab correction: the guide's "dns64:" — no such clause`,
        `# v6lab correction: the guide's "prefix: 64:ff9b::/96" — server option`,
        '  dns64-prefix: 64:ff9b::/96',
        '# v6lab addition: no chroot in the lab',
        '  chroot: ""',
        '',
      ].join('\n'),
    );
  });
  it('refuses a correction whose guide line is not in the text', () => {
    expect(() => renderConfig({ guideText, corrections: [{ guide: 'nope', use: [], why: '' }], additions: [] })).toThrow(/not found in the guide's text: nope/);
  });
});

describe('listening sockets held by a given process', () => {
  it('matches only the pid that holds the socket (ss -p)', () => {
    const ss = 'LISTEN 0 1024 0.0.0.0:80 0.0.0.0:* users:(("lighttpd",pid=4242,fd=4))\n';
    expect(listening(ss, 80, undefined, 4242)).toBe(true);
    expect(listening(ss, 80, undefined, 4243)).toBe(false);
  });
});

describe("ss's local address column", () => {
  it('parses IPv4, bracketed IPv6, scoped link-local and wildcard forms', () => {
    expect(parseSsLocal('0.0.0.0:80')).toEqual({ address: '0.0.0.0', zone: undefined, port: 80 });
    expect(parseSsLocal('[::]:53')).toEqual({ address: '::', zone: undefined, port: 53 });
    expect(parseSsLocal('[fe80::1]%eth0:3128')).toEqual({ address: 'fe80::1', zone: 'eth0', port: 3128 });
    expect(parseSsLocal('192.0.2.2%eth1:1080')).toEqual({ address: '192.0.2.2', zone: 'eth1', port: 1080 });
    expect(parseSsLocal('*:*')).toEqual({ address: '*', zone: undefined, port: 0 });
    expect(listening('LISTEN 0 256 [fe80::1]%eth0:3128 [::]:* users:(("squid",pid=7,fd=10))\n', 3128, 'fe80::1', 7)).toBe(true);
  });
});

describe('native IPv4 on a host (slaac-ula and clat-no-native-ipv4 judge it the same way)', () => {
  const clat = { ifname: 'clat', cidr: '192.0.0.2/32' };
  it('none: IPv4 only on lo and the allowed device, every route into it', () => {
    expect(nativeIpv4({ addresses: [{ ifname: 'lo', cidr: '127.0.0.1/8' }, clat], routes: ['default dev clat scope link src 192.0.0.2 mtu 1260', ''], allowedDevice: 'clat' })).toEqual([]);
    expect(nativeIpv4({ addresses: [{ ifname: 'lo', cidr: '127.0.0.1/8' }], routes: [] })).toEqual([]);
  });
  it('an address on the LAN interface, or a route out of it, is native IPv4; with no device allowed every route is', () => {
    expect(nativeIpv4({ addresses: [clat, { ifname: 'eth0', cidr: '198.18.0.2/24' }], routes: ['default dev clat', '198.18.0.0/24 dev eth0 proto kernel scope link src 198.18.0.2'], allowedDevice: 'clat' })).toEqual([
      '198.18.0.2/24 on eth0',
      'route "198.18.0.0/24 dev eth0 proto kernel scope link src 198.18.0.2"',
    ]);
    expect(nativeIpv4({ addresses: [clat], routes: ['default dev clat'] })).toEqual(['192.0.0.2/32 on clat', 'route "default dev clat"']);
  });
});

describe('capability masks by name (a container\'s bounding set, given to its daemons)', () => {
  it("decodes Docker's default set with NET_ADMIN and NET_RAW added, bit by bit as capsh does", () => {
    // `capsh --decode=a80435fb` on this machine.
    expect(capabilityNames('00000000a80435fb')).toEqual(['chown', 'dac_override', 'fowner', 'fsetid', 'kill', 'setgid', 'setuid', 'setpcap', 'net_bind_service', 'net_admin', 'net_raw', 'sys_chroot', 'mknod', 'audit_write', 'setfcap']);
    expect(capabilityNames('0000000000000000')).toEqual([]);
    expect(withBoundingSet(['net_admin', 'net_raw'], ['dnsmasq', '-k'])).toEqual(['setpriv', '--bounding-set=-all,+net_admin,+net_raw', '--', 'dnsmasq', '-k']);
  });
});
