// The capture layer on its own: pcap files cut, damaged or not pcaps at all, and the packet
// judgements made on real captures (fixtures cut from real runs) — no lab needed.
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPackets } from '../../lab/capture/capture.js';
import { describePacket, ladderLabel } from '../../lab/capture/decode/packet.js';
import { clientHelloSni } from '../../lab/capture/decode/tls.js';
import { tlsClientHello } from '../../lab/capture/match.js';
import { PcapFileError, readPcap } from '../../lab/capture/pcap-file.js';
import { judgeLlaRefusal } from '../../scenarios/lla-only/checks.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { scratchDir } from '../helpers/scratch.js';

const dir = scratchDir('capture');

describe('decoding real captures', () => {
  it('RA from fe80::1 with the prefix and RDNSS; the DNS64 answer; requests to the NAT64 prefix', async () => {
    const inside = await readPackets(FIXTURES.nat64Inside);
    const ra = inside.find((p) => p.icmp?.type === 134);
    expect(ra?.ip?.src).toBe('fe80::1');
    expect(ra?.icmp?.ra?.prefixes.map((x) => `${x.prefix}/${x.length}`)).toEqual(['fd00:1::/64']);
    expect(ra?.icmp?.ra?.rdnss).toEqual(['fd00:1::1']);
    const aaaa = inside.flatMap((p) => p.dns?.answers.filter((a) => a.type === 'AAAA').map((a) => `${a.name} ${a.data}`) ?? []);
    expect(aaaa).toContain('www.v4only.lab 64:ff9b::c058:6350');
    expect(inside.some((p) => p.tcp?.dstPort === 80 && p.ip?.dst === '64:ff9b::c058:6350')).toBe(true);
    const outside = await readPackets(FIXTURES.nat64Outside);
    expect(outside.some((p) => p.tcp?.dstPort === 80 && p.ip?.src === '192.0.2.2' && p.ip.dst === '192.88.99.80')).toBe(true);
    expect(outside.filter((p) => p.ip?.version === 6)).toEqual([]);
  });
});

describe('TLS on the wire', () => {
  it("a ClientHello's server name (SNI) is read from a real capture; anything else is not a ClientHello", async () => {
    const outside = await readPackets(join(import.meta.dirname, '..', 'fixtures', 'nat64-https-gw-eth1.pcap'));
    const hellos = outside.filter(tlsClientHello({ src: '192.0.2.2', dstPort: 443, sni: 'www.v4only.lab' }));
    expect(hellos.length).toBeGreaterThan(0);
    expect(ladderLabel(hellos[0]!)).toMatch(/^TLS ClientHello SNI www\.v4only\.lab \(:\d+ → :443\)$/);
    expect(outside.filter(tlsClientHello({ sni: 'www.example.org' }))).toEqual([]);
    expect(clientHelloSni(Buffer.from('GET / HTTP/1.1\r\n'))).toBeUndefined();
    expect(clientHelloSni(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01]))).toBeNull();
  });
});

describe('judging the link-local refusal on a capture', () => {
  it('passes on lla-only\'s capture: ICMPv6 1/2 from fe80::1 inside, nothing link-local outside', async () => {
    const j = judgeLlaRefusal(await readPackets(FIXTURES.llaInside), await readPackets(FIXTURES.llaOutside), { router: 'fe80::1', destination: '2001:db8:46::81' });
    expect(j.ok).toBe(true);
    expect(j.refusals.length).toBeGreaterThan(0);
    expect(j.leaked).toEqual([]);
  });

  it('fails on a capture without the refusal (nat64, where HOSTA has a ULA)', async () => {
    const inside = await readPackets(FIXTURES.nat64Inside);
    expect(inside.length).toBeGreaterThan(10);
    const j = judgeLlaRefusal(inside, await readPackets(FIXTURES.nat64Outside), { router: 'fe80::1', destination: '64:ff9b::c058:6350' });
    expect(j.ok).toBe(false);
    expect(j.refusals).toHaveLength(0);
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
    const whole = await readFile(FIXTURES.nat64Inside);
    const cut = join(dir(), 'cut.pcap');
    const all = await readPcap(FIXTURES.nat64Inside);
    await writeFile(cut, whole.subarray(0, whole.length - 7));
    const p = await readPcap(cut);
    expect(p.records.length).toBe(all.records.length - 1);
    expect(p.truncatedTail).toBe(true);
    expect(all.truncatedTail).toBe(false);
  });

  it('snap-length cuts, unknown ethertypes and unknown link types decode as far as they go, never throw', async () => {
    const frames = (await readPcap(FIXTURES.nat64Inside)).records.map((r) => r.data);
    const ra = frames.find((f) => f.length > 70 && f[54] === 134)!;
    expect(ra).toBeDefined();
    const lldp = Buffer.concat([Buffer.alloc(12, 0xaa), Buffer.from([0x88, 0xcc]), Buffer.alloc(30, 1)]);
    const file = join(dir(), 'damaged.pcap');
    await writeFile(file, pcapFile(1, [{ data: ra.subarray(0, 90), originalLength: ra.length }, { data: ra.subarray(0, 30) }, { data: lldp }, { data: Buffer.alloc(3) }], 90));
    const pkts = await readPackets(file);
    expect(pkts).toHaveLength(4);
    expect(pkts[0]!.icmp?.type).toBe(134); // RA header survives, options cut at 90 bytes stop cleanly
    expect(pkts[0]!.originalLength).toBe(ra.length);
    expect(pkts[1]!.ip).toBeUndefined(); // cut inside the IPv6 header
    expect(describePacket(pkts[2]!)).toBe('#3 ethertype 0x88cc');
    expect(describePacket(pkts[3]!)).toBe('#4 undecodable frame');

    const usr = join(dir(), 'user0.pcap');
    await writeFile(usr, pcapFile(147, [{ data: ra }]));
    const u = await readPackets(usr);
    expect(u[0]!.link).toBeUndefined();
  });

  it('a file that is not a pcap gives an error naming the file', async () => {
    const junk = join(dir(), 'junk.pcap');
    await writeFile(junk, Buffer.from('this is not a capture file at all, just text\n'));
    await expect(readPackets(junk)).rejects.toThrow(PcapFileError);
    await expect(readPackets(junk)).rejects.toThrow(`cannot read capture ${junk}: unknown magic number`);
    const short = join(dir(), 'short.pcap');
    await copyFile(junk, short);
    await writeFile(short, Buffer.alloc(5));
    await expect(readPackets(short)).rejects.toThrow(/cannot read capture .*short\.pcap: too short for a pcap global header/);
    await expect(readPackets(join(dir(), 'absent.pcap'))).rejects.toThrow(/absent\.pcap: no such file/);
  });
});
