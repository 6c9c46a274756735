// The capture layer against tcpdump: our decoders agree with `tcpdump -r` on real captures —
// the committed fixtures (cut from real runs) and the captures of this suite's shared runs.
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPackets } from '../../lab/capture/capture.js';
import type { Packet } from '../../lab/capture/decode/packet.js';
import { findLeftovers, NOTHING_LEFT } from '../../lab/leftovers.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { sharedRun } from '../helpers/shared-runs.js';

/** nat64 inside, nat64 outside, lla-only inside, lla-only outside — fixtures first, then this run's. */
let pcaps: string[] = [];

beforeAll(async () => {
  const runs = [await sharedRun('nat64'), await sharedRun('lla-only')];
  const fresh = runs.flatMap((r) => [join(r.dir, 'pcap', 'hosta-eth0.pcap'), join(r.dir, 'pcap', 'gw-eth1.pcap')]);
  pcaps = [FIXTURES.nat64Inside, FIXTURES.nat64Outside, FIXTURES.llaInside, FIXTURES.llaOutside, ...fresh];
});

afterAll(async () => {
  expect(await findLeftovers()).toEqual(NOTHING_LEFT);
});

/** "fd00:1::1.53" → address and port; "fe80::1" (no port in tcpdump's ICMP lines) → address. */
function splitEndpoint(s: string, hasPort: boolean): { addr: string; port?: number } {
  if (!hasPort) return { addr: s };
  const dot = s.lastIndexOf('.');
  return { addr: s.slice(0, dot), port: Number(s.slice(dot + 1)) };
}

interface TcpdumpLine {
  time: string;
  family: string;
  src: string;
  dst: string;
  rest: string;
}

async function tcpdumpLines(file: string, verbose = false): Promise<string[]> {
  const r = await execa('tcpdump', ['-r', file, '-nn', '-tt', ...(verbose ? ['-v'] : [])], { reject: false });
  expect(r.exitCode, r.stderr).toBe(0);
  // Without -v, an indented line is tcpdump's hex dump of a frame it cannot decode (a marker frame).
  return String(r.stdout).split('\n').filter((l) => l !== '' && (verbose || !/^\s/.test(l)));
}

function parseLine(l: string): TcpdumpLine | undefined {
  const ip = /^(\d+\.\d{6}) (IP6?) (\S+) > (\S+?): (.*)$/.exec(l);
  if (ip) return { time: ip[1]!, family: ip[2]!, src: ip[3]!, dst: ip[4]!, rest: ip[5]! };
  const other = /^(\d+\.\d{6}) (\S+?),? (.*)$/.exec(l); // ARP and friends: time and kind only
  return other ? { time: other[1]!, family: other[2]!, src: '', dst: '', rest: other[3]! } : undefined;
}

describe('decoders agree with tcpdump -r on the same capture files', () => {
  it('packet counts, timestamps, addresses, ports and protocols', async () => {
    let compared = 0;
    let markers = 0;
    for (const file of pcaps) {
      const ours = await readPackets(file);
      const theirs = await tcpdumpLines(file);
      expect(ours.length, file).toBe(theirs.length);
      expect(ours.length, file).toBeGreaterThan(0);
      ours.forEach((p: Packet, i) => {
        const t = parseLine(theirs[i]!);
        expect(t, theirs[i]).toBeDefined();
        expect(p.time.toFixed(6)).toBe(t!.time);
        if (t!.family === 'IP' || t!.family === 'IP6') {
          const ported = !!(p.tcp || p.udp);
          const src = splitEndpoint(t!.src, ported);
          const dst = splitEndpoint(t!.dst, ported);
          expect(p.ip?.version, theirs[i]).toBe(t!.family === 'IP6' ? 6 : 4);
          expect(`${p.ip?.src} > ${p.ip?.dst}`, theirs[i]).toBe(`${src.addr} > ${dst.addr}`);
          if (ported) expect([(p.tcp ?? p.udp)?.srcPort, (p.tcp ?? p.udp)?.dstPort], theirs[i]).toEqual([src.port, dst.port]);
          if (p.tcp) expect(t!.rest).toMatch(/^Flags \[/);
          // "ICMP6, destination unreachable…", "HBH ICMP6, multicast listener…", "ICMP 192.0.2.2 udp port 53 unreachable, …"
          if (p.icmp) expect(t!.rest).toMatch(/^(HBH )?ICMP6?[, ]/);
          compared++;
        } else {
          expect(p.ip, theirs[i]).toBeUndefined();
          // The lab's marker frames (capture/marker.ts): tcpdump sees the experimental ethertype.
          if (p.marker !== undefined) {
            expect(theirs[i]).toContain('ethertype Unknown (0x88b5)');
            markers++;
          }
          expect(p.link?.etherType, theirs[i]).toBe(t!.family === 'ARP' ? 0x0806 : p.link?.etherType);
        }
      });
    }
    expect(compared).toBeGreaterThan(50);
    expect(markers).toBeGreaterThan(0);
  });

  it('ICMPv6: destination-unreachable codes, RA prefix and RDNSS options, DNS answers', async () => {
    const lla = await readPackets(pcaps[2]!);
    const llaLines = await tcpdumpLines(pcaps[2]!);
    const unreach = lla.map((p, i) => ({ p, l: llaLines[i]! })).filter(({ p }) => p.icmp?.type === 1);
    expect(unreach.length).toBeGreaterThan(1);
    for (const { p, l } of unreach) {
      expect(l).toContain(p.icmp?.code === 2 ? 'destination unreachable, beyond scope' : 'destination unreachable, unreachable route');
      expect(l).toContain(p.icmp?.quoted?.dst ?? 'nothing quoted');
    }
    expect(unreach.some(({ p }) => p.icmp?.code === 0) && unreach.some(({ p }) => p.icmp?.code === 2)).toBe(true);

    const inside = await readPackets(pcaps[0]!);
    const verbose = (await tcpdumpLines(pcaps[0]!, true)).join('\n');
    const ras = inside.filter((p) => p.icmp?.type === 134);
    expect(ras.length).toBeGreaterThan(0);
    const tcpdumpPrefixes = [...verbose.matchAll(/prefix info option \(3\), length 32 \(4\): (\S+)\/(\d+), Flags \[onlink, auto\]/g)].map((m) => `${m[1]}/${m[2]}`);
    const tcpdumpRdnss = [...verbose.matchAll(/rdnss option \(25\).*addr: (\S+)/g)].map((m) => m[1]);
    expect(ras.flatMap((p) => p.icmp?.ra?.prefixes.map((x) => `${x.prefix}/${x.length}`) ?? [])).toEqual(tcpdumpPrefixes);
    expect(ras.flatMap((p) => p.icmp?.ra?.rdnss ?? [])).toEqual(tcpdumpRdnss);
    expect(ras.every((p) => p.icmp?.ra?.mtu === 1500 && p.icmp.ra.prefixes[0]?.autonomous && p.icmp.ra.prefixes[0].onLink)).toBe(true);

    const lines = await tcpdumpLines(pcaps[0]!);
    const dnsAnswers = inside.map((p, i) => ({ p, l: lines[i]! })).filter(({ p }) => p.dns?.response && p.dns.answers.some((a) => a.type === 'AAAA'));
    expect(dnsAnswers.length).toBeGreaterThan(0);
    for (const { p, l } of dnsAnswers) for (const a of p.dns!.answers.filter((x) => x.type === 'AAAA')) expect(l).toContain(`AAAA ${a.data}`);
  });
});

