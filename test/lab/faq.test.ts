// The guide's FAQ (よくある質問), one test per row, each answered by evidence from real runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PacketEvidence } from '../../lab/checks/check.js';
import { findLeftovers, NOTHING_LEFT } from '../../lab/leftovers.js';
import type { Report } from '../../lab/report/types.js';
import { check } from '../helpers/run.js';
import { sharedRun } from '../helpers/shared-runs.js';

function packetEvidence(r: Report, id: string): PacketEvidence[] {
  return check(r, id).evidence.filter((e): e is PacketEvidence => e.kind === 'packets');
}

describe("the guide's FAQ", () => {
  let nat64: Report;
  let llaOnly: Report;
  let proxyHttp: Report;
  let proxySocks: Report;
  beforeAll(async () => {
    // The same runs the scenario tests read: the FAQ is answered by what they recorded.
    nat64 = (await sharedRun('nat64')).report;
    llaOnly = (await sharedRun('lla-only')).report;
    proxyHttp = (await sharedRun('proxy-http')).report;
    // Where Dante is not packaged (Debian 13), the SOCKS answers come from the SOCKS proxy the release has.
    proxySocks = (await sharedRun('proxy-socks')).report;
  });

  it('デフォルトゲートウェイにリンクローカルを指定しても良い? (Is a link-local default gateway OK?) — yes as next-hop, but an LLA source is not forwarded', () => {
    // Next-hop: with a ULA, hosts route via fe80::1 and reach the internet.
    expect(check(nat64, 'slaac-ula').ok).toBe(true);
    expect(check(nat64, 'slaac-ula').observed).toMatch(/hosta: fd00:1::\S+; default via fe80::1/);
    expect(check(nat64, 'reach-by-name').ok).toBe(true);
    expect(check(llaOnly, 'ula-fixes-it').observed).toMatch(/via fe80::1 dev eth0 src fd00:1::a.*HTTP 200/);
    // Source: a link-local source is refused with ICMPv6 1/2 and never appears outside.
    const refused = check(llaOnly, 'lla-forwarding-refused');
    expect(refused.ok).toBe(true);
    const [inside, outside] = packetEvidence(llaOnly, 'lla-forwarding-refused');
    expect(inside?.total).toBeGreaterThan(0);
    expect(inside?.packets[0]).toContain('ICMPv6 type 1 code 2');
    expect(outside?.total).toBe(0);
  });

  it('outsideがIPv4-onlyでも大丈夫? (Is an IPv4-only outside OK?) — yes with method 1: no IPv6 outside, and hosts still get through', () => {
    expect(check(nat64, 'outside-ipv4-only').ok).toBe(true);
    expect(check(nat64, 'reach-by-name').ok).toBe(true);
    const outside = packetEvidence(nat64, 'nat44-source');
    const request = outside.find((e) => e.what.includes('HTTP request'));
    expect(request?.total).toBeGreaterThan(0);
    expect(request?.packets.every((p) => p.includes('IPv4 192.0.2.2.'))).toBe(true);
    expect(outside.find((e) => e.what.includes('IPv6 packet'))?.total).toBe(0);
  });

  it('名前解決は? (Where does name resolution happen?) — method 1: DNS64 synthesizes the AAAA', () => {
    const c = check(nat64, 'dns64-synthesis');
    expect(c.ok).toBe(true);
    // The authoritative server holds only the A record …
    expect(c.observed).toContain('authoritative: A 192.88.99.80, AAAA none');
    // … and the answer HOSTA received on the wire carries an address in 64:ff9b::/96.
    expect(packetEvidence(nat64, 'dns64-synthesis')[0]?.packets[0]).toMatch(/DNS response AAAA www\.v4only\.lab → AAAA 64:ff9b::c058:6350/);
  });

  it('名前解決は? (Where does name resolution happen?) — method 2: at the proxy (socks5h, HTTP proxy), or it fails at the client', () => {
    // The hosts have nothing but fe80:: and no resolver of their own …
    expect(check(proxySocks, 'hosts-link-local-only').ok).toBe(true);
    // … yet names work when the proxy resolves them: Squid (an HTTP proxy always resolves) and socks5h://.
    expect(check(proxyHttp, 'proxy-egress-http').ok).toBe(true);
    expect(check(proxyHttp, 'proxy-egress-http').observed).toMatch(/http:\/\/www\.v4only\.lab\/\?probe=\w+ via http:\/\/\[fe80::1%eth0\]:3128: HTTP 200/);
    expect(check(proxySocks, 'socks-egress-proxy-resolves').observed).toMatch(/via socks5h:\/\/\[fe80::1%eth0\]:1080: HTTP 200/);
    // With socks5:// the client must resolve, and cannot: the same name fails, an IPv4 literal works.
    const c = check(proxySocks, 'socks-client-resolves-fails');
    expect(c.ok).toBe(true);
    expect(c.observed).toMatch(/socks5:\/\/\[fe80::1%eth0\]:1080\): curl exit (6|97) \(curl: \(\1\) Could not resolve /);
  });

  afterAll(async () => {
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
  });
});
