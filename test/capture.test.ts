// The capture layer: our decoders agree with tcpdump on real captures, and real-world damage
// (cut files, snap-length cuts, unknown link and ether types, garbage) never crashes them.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPackets } from '../lab/capture/capture.js';
import { describePacket, type Packet } from '../lab/capture/decode/packet.js';
import { PcapFileError, readPcap } from '../lab/capture/pcap-file.js';
import { runMethod } from './helpers/run.js';
import { findLeftovers, NOTHING_LEFT } from './helpers/leftovers.js';

let dir: string;
const pcaps: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'v6lab-capture-'));
  for (const method of ['nat64', 'lla-only']) {
    const r = await runMethod(method, { artifactsDir: join(dir, method) });
    expect(r.ok, `${method}: ${r.checks.filter((c) => !c.ok).map((c) => c.observed).join('; ')}`).toBe(true);
    pcaps.push(join(dir, method, 'pcap', 'hosta-eth0.pcap'), join(dir, method, 'pcap', 'gw-eth1.pcap'));
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
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
  return String(r.stdout).split('\n').filter(Boolean);
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
          if (p.icmp) expect(t!.rest).toMatch(/ICMP6?,/);
          compared++;
        } else {
          expect(p.ip, theirs[i]).toBeUndefined();
          expect(p.link?.etherType, theirs[i]).toBe(t!.family === 'ARP' ? 0x0806 : p.link?.etherType);
        }
      });
    }
    expect(compared).toBeGreaterThan(50);
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

// A minimal pcap writer for hand-made damage (test only).
function pcapFile(linkType: number, frames: { data: Buffer; originalLength?: number }[], snap = 262144): Buffer {
  const g = Buffer.alloc(24);
  g.writeUInt32LE(0xa1b2c3d4, 0);
  g.writeUInt16LE(2, 4);
  g.writeUInt16LE(4, 6);
  g.writeUInt32LE(snap, 16);
  g.writeUInt32LE(linkType, 20);
  const records = frames.map((f, i) => {
    const h = Buffer.alloc(16);
    h.writeUInt32LE(1_700_000_000 + i, 0);
    h.writeUInt32LE(f.data.length, 8);
    h.writeUInt32LE(f.originalLength ?? f.data.length, 12);
    return Buffer.concat([h, f.data]);
  });
  return Buffer.concat([g, ...records]);
}

describe('robust to real files', () => {
  it('a file cut in the middle of a record: the whole records are read, the cut is reported', async () => {
    const whole = await readFile(pcaps[0]!);
    const cut = join(dir, 'cut.pcap');
    const all = await readPcap(pcaps[0]!);
    await writeFile(cut, whole.subarray(0, whole.length - 7));
    const p = await readPcap(cut);
    expect(p.records.length).toBe(all.records.length - 1);
    expect(p.truncatedTail).toBe(true);
    expect(all.truncatedTail).toBe(false);
  });

  it('snap-length cuts, unknown ethertypes and unknown link types decode as far as they go, never throw', async () => {
    const frames = (await readPcap(pcaps[0]!)).records.map((r) => r.data);
    const ra = frames.find((f) => f.length > 70 && f[54] === 134)!;
    expect(ra).toBeDefined();
    const lldp = Buffer.concat([Buffer.alloc(12, 0xaa), Buffer.from([0x88, 0xcc]), Buffer.alloc(30, 1)]);
    const file = join(dir, 'damaged.pcap');
    await writeFile(file, pcapFile(1, [{ data: ra.subarray(0, 90), originalLength: ra.length }, { data: ra.subarray(0, 30) }, { data: lldp }, { data: Buffer.alloc(3) }], 90));
    const pkts = await readPackets(file);
    expect(pkts).toHaveLength(4);
    expect(pkts[0]!.icmp?.type).toBe(134); // RA header survives, options cut at 90 bytes stop cleanly
    expect(pkts[0]!.originalLength).toBe(ra.length);
    expect(pkts[1]!.ip).toBeUndefined(); // cut inside the IPv6 header
    expect(describePacket(pkts[2]!)).toBe('#3 ethertype 0x88cc');
    expect(describePacket(pkts[3]!)).toBe('#4 undecodable frame');

    const usr = join(dir, 'user0.pcap');
    await writeFile(usr, pcapFile(147, [{ data: ra }]));
    const u = await readPackets(usr);
    expect(u[0]!.link).toBeUndefined();
  });

  it('a file that is not a pcap gives an error naming the file', async () => {
    const junk = join(dir, 'junk.pcap');
    await writeFile(junk, Buffer.from('this is not a capture file at all, just text\n'));
    await expect(readPackets(junk)).rejects.toThrow(PcapFileError);
    await expect(readPackets(junk)).rejects.toThrow(`cannot read capture ${junk}: unknown magic number`);
    const short = join(dir, 'short.pcap');
    await copyFile(junk, short);
    await writeFile(short, Buffer.alloc(5));
    await expect(readPackets(short)).rejects.toThrow(/cannot read capture .*short\.pcap: too short for a pcap global header/);
    await expect(readPackets(join(dir, 'absent.pcap'))).rejects.toThrow(/absent\.pcap: no such file/);
  });
});
