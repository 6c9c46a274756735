// Reading a capture while it grows, as checks do during a run: the file is written in pieces
// (one cut inside a record) and each read must give exactly what a full read of the same bytes
// gives — every record once, in order, numbered as Wireshark would.
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPackets } from '../../lab/capture/capture.js';
import { describePacket } from '../../lab/capture/decode/packet.js';
import { LiveCaptureReader } from '../../lab/capture/live-reader.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { scratchDir } from '../helpers/scratch.js';

const dir = scratchDir('live');

describe('a live capture read as it grows', () => {
  it('gives, after each piece, the packets a full read of those bytes gives — a record cut at the end waits for the next read', async () => {
    const whole = await readFile(FIXTURES.nat64Inside);
    const all = (await readPackets(FIXTURES.nat64Inside)).map(describePacket);
    expect(all.length).toBeGreaterThan(10);
    const file = join(dir(), 'live.pcap');
    await writeFile(file, whole.subarray(0, 10)); // not even the global header yet
    const reader = new LiveCaptureReader(file);
    expect(await reader.read()).toEqual([]);
    // Cut points: inside the first records, then the rest in uneven pieces.
    const cuts = [24 + 7, 300, 301, 1500, Math.floor(whole.length / 2) + 3, whole.length];
    let written = 10;
    for (const cut of cuts) {
      await appendFile(file, whole.subarray(written, cut));
      written = cut;
      const seen = await reader.read();
      const full = await readPackets(file);
      expect(seen.map(describePacket)).toEqual(full.map(describePacket));
      expect(seen.map((p) => p.number)).toEqual(full.map((p) => p.number));
    }
    expect((await reader.read()).map(describePacket)).toEqual(all);
  });

  it('concurrent reads share one pass and agree', async () => {
    const reader = new LiveCaptureReader(FIXTURES.nat64Outside);
    const [a, b, c] = await Promise.all([reader.read(), reader.read(), reader.read()]);
    const full = (await readPackets(FIXTURES.nat64Outside)).map(describePacket);
    expect(a.map(describePacket)).toEqual(full);
    expect(b.map(describePacket)).toEqual(full);
    expect(c.map(describePacket)).toEqual(full);
  });
});
