// Reading a capture file with pcap-parser. A file that tcpdump is still writing may end in the
// middle of a record: that is reported (truncatedTail), not an error. A file that is not a pcap
// at all gives an error naming the file.
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import pcapParser, { type GlobalHeader, type PcapPacket } from 'pcap-parser';
import { decodePacket, type Packet } from './decode/packet.js';

export class PcapFileError extends Error {
  constructor(file: string, reason: string) {
    super(`cannot read capture ${file}: ${reason}`);
    this.name = 'PcapFileError';
  }
}

export interface PcapContents {
  file: string;
  linkType: number;
  snapLength: number;
  records: PcapPacket[];
  /** The file ended inside a record (a live capture, or a cut file). */
  truncatedTail: boolean;
}

export function readPcap(file: string): Promise<PcapContents> {
  if (!existsSync(file)) return Promise.reject(new PcapFileError(file, 'no such file'));
  return parsePcap(file, file);
}

/** Parse pcap bytes from a file or a stream (`file` names it in errors). */
export function parsePcap(file: string, input: string | Readable): Promise<PcapContents> {
  return new Promise((resolve, reject) => {
    const parser = pcapParser.parse(input);
    let header: GlobalHeader | undefined;
    const records: PcapPacket[] = [];
    let headersSeen = 0;
    let failed = false;
    parser.on('globalHeader', (h) => (header = h));
    parser.on('packetHeader', () => headersSeen++);
    parser.on('packet', (p) => records.push(p));
    parser.on('error', (e) => {
      failed = true;
      reject(new PcapFileError(file, e.message));
    });
    parser.on('end', () => {
      if (failed) return;
      if (!header) {
        reject(new PcapFileError(file, 'too short for a pcap global header (24 bytes)'));
        return;
      }
      resolve({ file, linkType: header.linkLayerType, snapLength: header.snapshotLength, records, truncatedTail: headersSeen > records.length });
    });
  });
}

/** The records decoded, numbered from `first` as Wireshark and `tcpdump -r` number them. */
export function decodeRecords(pcap: Pick<PcapContents, 'linkType' | 'records'>, first = 1): Packet[] {
  return pcap.records.map((r, i) => decodePacket(first + i, pcap.linkType, r.data, r.header.timestampSeconds + r.header.timestampMicroseconds / 1e6, r.header.originalLength));
}
