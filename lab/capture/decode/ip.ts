// Network layer: IPv4 and IPv6 (walking IPv6 extension headers to the upper-layer protocol).
import { has, ipv4At, ipv6At } from './bytes.js';

export interface IpLayer {
  version: 4 | 6;
  src: string;
  dst: string;
  /** Upper-layer protocol (after IPv6 extension headers): 1 ICMP, 6 TCP, 17 UDP, 58 ICMPv6. */
  protocol: number;
  hopLimit: number;
  /** Offset of the upper-layer header in the buffer. */
  payloadOffset: number;
  /** A non-first fragment: no upper-layer header here. */
  laterFragment: boolean;
}

const EXTENSION = new Set([0, 43, 60, 135, 139, 140]); // hop-by-hop, routing, dest opts, mobility, HIP, shim6
const FRAGMENT = 44;
const AH = 51;

export function decodeIp(b: Buffer, off: number): IpLayer | undefined {
  if (!has(b, off, 1)) return undefined;
  const version = (b[off] ?? 0) >> 4;
  if (version === 4) {
    if (!has(b, off, 20)) return undefined;
    const ihl = ((b[off] ?? 0) & 0x0f) * 4;
    const fragOffset = b.readUInt16BE(off + 6) & 0x1fff;
    return { version: 4, src: ipv4At(b, off + 12), dst: ipv4At(b, off + 16), protocol: b[off + 9] ?? 0, hopLimit: b[off + 8] ?? 0, payloadOffset: off + ihl, laterFragment: fragOffset !== 0 };
  }
  if (version === 6) {
    if (!has(b, off, 40)) return undefined;
    let next = b[off + 6] ?? 0;
    let p = off + 40;
    let laterFragment = false;
    while ((EXTENSION.has(next) || next === FRAGMENT || next === AH) && has(b, p, 2)) {
      const header = next;
      next = b[p] ?? 0;
      if (header === FRAGMENT) {
        if (has(b, p, 4) && (b.readUInt16BE(p + 2) & 0xfff8) !== 0) laterFragment = true;
        p += 8;
      } else if (header === AH) p += ((b[p + 1] ?? 0) + 2) * 4;
      else p += ((b[p + 1] ?? 0) + 1) * 8;
    }
    return { version: 6, src: ipv6At(b, off + 8), dst: ipv6At(b, off + 24), protocol: next, hopLimit: b[off + 7] ?? 0, payloadOffset: p, laterFragment };
  }
  return undefined;
}
