// ICMPv6 (echo, errors with the packet they quote, RS/RA with options, NS/NA) and ICMPv4.
import { has, ipv6At, macAt } from './bytes.js';
import { decodeIp } from './ip.js';

export interface RaOptions {
  prefixes: { prefix: string; length: number; onLink: boolean; autonomous: boolean; validLifetime: number }[];
  rdnss: string[];
  mtu?: number;
  sourceLinkLayer?: string;
}

export interface IcmpLayer {
  version: 4 | 6;
  type: number;
  code: number;
  /** Echo request/reply identifier and sequence. */
  echo?: { id: number; seq: number };
  /** For errors: the source and destination of the packet that caused it. */
  quoted?: { src: string; dst: string };
  /** Router advertisement fields and options. */
  ra?: RaOptions & { routerLifetime: number };
  /** Neighbour solicitation/advertisement target. */
  target?: string;
}

export const ICMP6 = { DEST_UNREACH: 1, PACKET_TOO_BIG: 2, TIME_EXCEEDED: 3, ECHO_REQUEST: 128, ECHO_REPLY: 129, RS: 133, RA: 134, NS: 135, NA: 136 } as const;
/** Destination-unreachable codes (RFC 4443). */
export const UNREACH6 = { NO_ROUTE: 0, ADMIN_PROHIBITED: 1, BEYOND_SCOPE: 2, ADDRESS: 3, PORT: 4 } as const;

export function decodeIcmp6(b: Buffer, off: number): IcmpLayer | undefined {
  if (!has(b, off, 4)) return undefined;
  const type = b[off] ?? 0;
  const icmp: IcmpLayer = { version: 6, type, code: b[off + 1] ?? 0 };
  if ((type === ICMP6.ECHO_REQUEST || type === ICMP6.ECHO_REPLY) && has(b, off, 8)) icmp.echo = { id: b.readUInt16BE(off + 4), seq: b.readUInt16BE(off + 6) };
  if (type >= 1 && type <= 4) {
    const inner = decodeIp(b, off + 8);
    if (inner) icmp.quoted = { src: inner.src, dst: inner.dst };
  }
  if (type === ICMP6.RA && has(b, off, 16)) icmp.ra = { routerLifetime: b.readUInt16BE(off + 6), ...decodeNdOptions(b, off + 16) };
  if ((type === ICMP6.NS || type === ICMP6.NA) && has(b, off, 24)) icmp.target = ipv6At(b, off + 8);
  return icmp;
}

function decodeNdOptions(b: Buffer, start: number): RaOptions {
  const out: RaOptions = { prefixes: [], rdnss: [] };
  let p = start;
  while (has(b, p, 2)) {
    const type = b[p] ?? 0;
    const len = (b[p + 1] ?? 0) * 8;
    if (len === 0 || !has(b, p, len)) break; // malformed or cut by the snap length: stop, don't guess
    if (type === 1) out.sourceLinkLayer = macAt(b, p + 2);
    if (type === 3 && len >= 32) {
      const flags = b[p + 3] ?? 0;
      out.prefixes.push({ prefix: ipv6At(b, p + 16), length: b[p + 2] ?? 0, onLink: (flags & 0x80) !== 0, autonomous: (flags & 0x40) !== 0, validLifetime: b.readUInt32BE(p + 4) });
    }
    if (type === 5 && len >= 8) out.mtu = b.readUInt32BE(p + 4);
    if (type === 25) for (let a = p + 8; a + 16 <= p + len; a += 16) out.rdnss.push(ipv6At(b, a));
    p += len;
  }
  return out;
}

export function decodeIcmp4(b: Buffer, off: number): IcmpLayer | undefined {
  if (!has(b, off, 4)) return undefined;
  const type = b[off] ?? 0;
  const icmp: IcmpLayer = { version: 4, type, code: b[off + 1] ?? 0 };
  if ((type === 8 || type === 0) && has(b, off, 8)) icmp.echo = { id: b.readUInt16BE(off + 4), seq: b.readUInt16BE(off + 6) };
  if (type === 3 || type === 11) {
    const inner = decodeIp(b, off + 8);
    if (inner) icmp.quoted = { src: inner.src, dst: inner.dst };
  }
  return icmp;
}
