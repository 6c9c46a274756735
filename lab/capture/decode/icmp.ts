// ICMPv6 (echo, errors with the packet they quote, RS/RA with options, NS/NA) and ICMPv4.
import { has, ipv6At, macAt } from './bytes.js';
import { decodeIp } from './ip.js';

export interface RaOptions {
  prefixes: { prefix: string; length: number; onLink: boolean; autonomous: boolean; validLifetime: number }[];
  rdnss: string[];
  /** RFC 8781 PREF64 (option 38): the NAT64 prefix a host may use, and for how long. */
  pref64: { prefix: string; length: number; lifetime: number }[];
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

/** RFC 8781 §4: the prefix length code (PLC) → the NAT64 prefix length. */
const PREF64_LENGTHS: Record<number, number> = { 0: 96, 1: 64, 2: 56, 3: 48, 4: 40, 5: 32 };

function decodeNdOptions(b: Buffer, start: number): RaOptions {
  const out: RaOptions = { prefixes: [], rdnss: [], pref64: [] };
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
    if (type === 38 && len >= 16) {
      // 13 bits of lifetime in units of 8 s, 3 bits of prefix length code, then the prefix's first 96 bits.
      const word = b.readUInt16BE(p + 2);
      const length = PREF64_LENGTHS[word & 0x7];
      if (length !== undefined) out.pref64.push({ prefix: ipv6At(Buffer.concat([b.subarray(p + 4, p + 16), Buffer.alloc(4)]), 0), length, lifetime: (word >> 3) * 8 });
    }
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
