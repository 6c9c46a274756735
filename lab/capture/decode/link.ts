// Link layer: Ethernet (DLT_EN10MB, with 802.1Q tags), Linux cooked (DLT_LINUX_SLL) and raw IP.
import { has, macAt } from './bytes.js';

export const LINKTYPE = { ETHERNET: 1, RAW: 101, LINUX_SLL: 113 } as const;

export interface LinkLayer {
  src?: string;
  dst?: string;
  etherType: number;
  /** Offset of the network-layer header in the frame. */
  payloadOffset: number;
}

/** Undefined when the link type is unknown or the frame too short to say. */
export function decodeLink(linkType: number, frame: Buffer): LinkLayer | undefined {
  if (linkType === LINKTYPE.ETHERNET) {
    if (!has(frame, 0, 14)) return undefined;
    let type = frame.readUInt16BE(12);
    let off = 14;
    while ((type === 0x8100 || type === 0x88a8) && has(frame, off, 4)) {
      type = frame.readUInt16BE(off + 2);
      off += 4;
    }
    return { dst: macAt(frame, 0), src: macAt(frame, 6), etherType: type, payloadOffset: off };
  }
  if (linkType === LINKTYPE.LINUX_SLL) {
    if (!has(frame, 0, 16)) return undefined;
    return { etherType: frame.readUInt16BE(14), payloadOffset: 16 };
  }
  if (linkType === LINKTYPE.RAW) {
    if (!has(frame, 0, 1)) return undefined;
    const v = (frame[0] ?? 0) >> 4;
    return { etherType: v === 6 ? 0x86dd : v === 4 ? 0x0800 : 0, payloadOffset: 0 };
  }
  return undefined;
}
