// Marker frames: what an absent-packet judgement reads up to. A marker decodes as a marker (not
// as traffic), no packet predicate matches it, and a live capture knows its link type from its
// header alone (a marker is only ever sent on Ethernet).
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINKTYPE } from '../../lab/capture/decode/link.js';
import { decodePacket, describePacket } from '../../lab/capture/decode/packet.js';
import { LiveCaptureReader } from '../../lab/capture/live-reader.js';
import { markerFrame, newMarkerToken, sendMarkerCommand } from '../../lab/capture/marker.js';
import { icmp6Unreachable, ipv4Packet, ipv6Packet, tcpSyn, udpDatagram } from '../../lab/capture/match.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { scratchDir } from '../helpers/scratch.js';

const dir = scratchDir('marker');

/** A pcap record for a frame (little-endian, microseconds). */
function record(frame: Buffer): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt32LE(1, 0);
  h.writeUInt32LE(frame.length, 8);
  h.writeUInt32LE(frame.length, 12);
  return Buffer.concat([h, frame]);
}

describe('marker frames', () => {
  it('decode as a marker with its token, described as one, matched by no packet predicate', () => {
    const token = newMarkerToken();
    const frame = markerFrame(token);
    const p = decodePacket(7, LINKTYPE.ETHERNET, frame, 0, frame.length);
    expect(p.marker).toBe(token);
    expect(p.ip).toBeUndefined();
    expect(describePacket(p)).toBe(`#7 v6lab marker ${token}`);
    for (const match of [ipv6Packet(), ipv4Packet(), tcpSyn({}), udpDatagram({}), icmp6Unreachable({ code: 2 })]) expect(match(p)).toBe(false);
    // Padded to Ethernet's minimum by some drivers: the token is the same.
    expect(decodePacket(1, LINKTYPE.ETHERNET, Buffer.concat([frame, Buffer.alloc(60 - frame.length)]), 0, 60).marker).toBe(token);
  });

  it("is sent by socat in the endpoint's node, out of its interface, the frame's bytes on stdin", () => {
    const cmd = sendMarkerCommand('gw:eth1', 'abc123');
    expect(cmd.node).toBe('gw');
    expect(cmd.argv).toEqual(['socat', '-u', 'STDIN', 'INTERFACE:eth1']);
    expect(cmd.input).toEqual(markerFrame('abc123'));
  });

  it('a live capture knows its link type from the header alone, and reads a marker written after traffic', async () => {
    const real = await readFile(FIXTURES.nat64Inside);
    const file = join(dir(), 'live.pcap');
    await writeFile(file, real.subarray(0, 24)); // tcpdump has started: header, no packet yet
    const reader = new LiveCaptureReader(file);
    expect(await reader.read()).toEqual([]);
    expect(reader.linkType).toBe(LINKTYPE.ETHERNET);
    await appendFile(file, real.subarray(24));
    const before = (await reader.read()).length;
    await appendFile(file, record(markerFrame('feed01')));
    const after = await reader.read();
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)?.marker).toBe('feed01');
  });
});
