// Transport layer: UDP and TCP headers; DNS payloads through dns-packet.
import dnsPacket from 'dns-packet';
import { has } from './bytes.js';

export interface UdpLayer {
  srcPort: number;
  dstPort: number;
  payloadOffset: number;
}

export interface TcpLayer {
  srcPort: number;
  dstPort: number;
  flags: { syn: boolean; ack: boolean; fin: boolean; rst: boolean; psh: boolean };
  payloadOffset: number;
}

export interface DnsMessage {
  id: number;
  response: boolean;
  rcode: string;
  questions: { name: string; type: string }[];
  answers: { name: string; type: string; data: string }[];
}

export function decodeUdp(b: Buffer, off: number): UdpLayer | undefined {
  if (!has(b, off, 8)) return undefined;
  return { srcPort: b.readUInt16BE(off), dstPort: b.readUInt16BE(off + 2), payloadOffset: off + 8 };
}

export function decodeTcp(b: Buffer, off: number): TcpLayer | undefined {
  if (!has(b, off, 20)) return undefined;
  const f = b[off + 13] ?? 0;
  return {
    srcPort: b.readUInt16BE(off),
    dstPort: b.readUInt16BE(off + 2),
    flags: { fin: (f & 1) !== 0, syn: (f & 2) !== 0, rst: (f & 4) !== 0, psh: (f & 8) !== 0, ack: (f & 16) !== 0 },
    payloadOffset: off + ((b[off + 12] ?? 0) >> 4) * 4,
  };
}

/** Decode a DNS message; undefined when the bytes are not one (or are cut short). */
export function decodeDns(payload: Buffer): DnsMessage | undefined {
  try {
    const m = dnsPacket.decode(payload);
    return {
      id: m.id ?? 0,
      response: m.type === 'response',
      // dns-packet decodes the rcode but its types omit it.
      rcode: (m as { rcode?: string }).rcode ?? 'NOERROR',
      questions: (m.questions ?? []).map((q) => ({ name: q.name, type: q.type })),
      answers: (m.answers ?? []).map((a) => {
        const data = 'data' in a ? (a as { data: unknown }).data : undefined;
        return { name: a.name, type: a.type, data: typeof data === 'string' ? data : JSON.stringify(data) };
      }),
    };
  } catch {
    return undefined;
  }
}
