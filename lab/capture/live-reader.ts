// Reading a capture that tcpdump is still writing, over and over as checks wait for their
// packets: each read parses and decodes only the records written since the previous one (a run
// re-read its whole captures ~20 times, a third of its checks' CPU). The file only grows; a
// record cut by the end of the file is left for the next read.
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Packet } from './decode/packet.js';
import { decodeRecords, parsePcap } from './pcap-file.js';

const GLOBAL_HEADER = 24;
const RECORD_HEADER = 16;

export class LiveCaptureReader {
  private header: Buffer | undefined;
  /** Where the first record not yet decoded starts. */
  private offset = GLOBAL_HEADER;
  private readonly packets: Packet[] = [];
  private last: Promise<unknown> = Promise.resolve();
  /** The capture's link type (LINKTYPE in decode/link.ts), known once its header has been read. */
  linkType: number | undefined;

  constructor(readonly file: string) {}

  /** Every packet written so far (a fresh array: callers may filter or sort it). */
  read(): Promise<Packet[]> {
    // One read at a time: concurrent checks share the progress instead of racing on the offset.
    const next = this.last.then(
      () => this.readNew(),
      () => this.readNew(),
    );
    this.last = next;
    return next;
  }

  private async readNew(): Promise<Packet[]> {
    const size = (await stat(this.file)).size;
    if (size < GLOBAL_HEADER || (this.header && size <= this.offset)) return [...this.packets];
    const fh = await open(this.file, 'r');
    let fresh: Buffer;
    try {
      if (!this.header) {
        this.header = Buffer.alloc(GLOBAL_HEADER);
        await fh.read(this.header, 0, GLOBAL_HEADER, 0);
        // Known before any packet: the shared parser reads it from the header alone.
        this.linkType = (await parsePcap(this.file, Readable.from([this.header]))).linkType;
      }
      if (size <= this.offset) return [...this.packets];
      fresh = Buffer.alloc(size - this.offset);
      await fh.read(fresh, 0, fresh.length, this.offset);
    } finally {
      await fh.close();
    }
    // The global header again, then the new bytes: a pcap the shared parser reads; a cut last record is left out.
    const pcap = await parsePcap(this.file, Readable.from([Buffer.concat([this.header, fresh])]));
    this.packets.push(...decodeRecords(pcap, this.packets.length + 1));
    for (const r of pcap.records) this.offset += RECORD_HEADER + r.data.length;
    return [...this.packets];
  }
}
