// One captured frame, decoded as far as its bytes allow. Unknown or cut-off layers are simply
// absent: a decoder never throws on real-world input.
import { clientHelloSni } from './tls.js';
import { decodeIcmp4, decodeIcmp6, type IcmpLayer } from './icmp.js';
import { decodeIp, type IpLayer } from './ip.js';
import { decodeLink, type LinkLayer } from './link.js';
import { MARKER_ETHERTYPE, markerIn } from '../marker.js';
import { decodeDns, decodeTcp, decodeUdp, type DnsMessage, type TcpLayer, type UdpLayer } from './transport.js';

export interface Packet {
  /** 1-based position in the file, as Wireshark and `tcpdump -r` number them. */
  number: number;
  time: number;
  capturedLength: number;
  originalLength: number;
  link?: LinkLayer;
  ip?: IpLayer;
  icmp?: IcmpLayer;
  udp?: UdpLayer;
  tcp?: TcpLayer;
  dns?: DnsMessage;
  /** TCP/UDP payload bytes as captured (may be cut by the snap length). */
  payload?: Buffer;
  /** A v6lab marker frame's token (see capture/marker.ts): not traffic, a point in the capture. */
  marker?: string;
}

export function decodePacket(number: number, linkType: number, frame: Buffer, time: number, originalLength: number): Packet {
  const pkt: Packet = { number, time, capturedLength: frame.length, originalLength };
  const link = decodeLink(linkType, frame);
  if (!link) return pkt;
  pkt.link = link;
  if (link.etherType === MARKER_ETHERTYPE) pkt.marker = markerIn(frame, link.payloadOffset);
  if (link.etherType !== 0x0800 && link.etherType !== 0x86dd) return pkt;
  const ip = decodeIp(frame, link.payloadOffset);
  if (!ip) return pkt;
  pkt.ip = ip;
  if (ip.laterFragment) return pkt;
  const off = ip.payloadOffset;
  if (ip.protocol === 58) pkt.icmp = decodeIcmp6(frame, off);
  else if (ip.protocol === 1) pkt.icmp = decodeIcmp4(frame, off);
  else if (ip.protocol === 17) pkt.udp = decodeUdp(frame, off);
  else if (ip.protocol === 6) pkt.tcp = decodeTcp(frame, off);
  const ports = pkt.udp ?? pkt.tcp;
  if (ports && ports.payloadOffset < frame.length) pkt.payload = frame.subarray(ports.payloadOffset);
  if (ports && (ports.srcPort === 53 || ports.dstPort === 53)) {
    // DNS over TCP carries a 2-byte length prefix.
    const start = pkt.tcp ? ports.payloadOffset + 2 : ports.payloadOffset;
    if (start < frame.length) pkt.dns = decodeDns(frame.subarray(start));
  }
  return pkt;
}

/** A one-line description, close to tcpdump's, for evidence. */
export function describePacket(p: Packet): string {
  if (p.marker !== undefined) return `#${p.number} v6lab marker ${p.marker}`;
  if (!p.ip) return `#${p.number} ${p.link ? `ethertype 0x${p.link.etherType.toString(16).padStart(4, '0')}` : 'undecodable frame'}`;
  const { src, dst } = p.ip;
  const head = `#${p.number} IPv${p.ip.version} ${src}`;
  if (p.icmp) {
    const extra = p.icmp.quoted ? ` (about ${p.icmp.quoted.src} > ${p.icmp.quoted.dst})` : p.icmp.ra ? ` RA prefixes ${p.icmp.ra.prefixes.map((x) => `${x.prefix}/${x.length}`).join(',')} rdnss ${p.icmp.ra.rdnss.join(',')}${p.icmp.ra.pref64.length ? ` pref64 ${p.icmp.ra.pref64.map((x) => `${x.prefix}/${x.length}`).join(',')}` : ''}` : '';
    return `${head} > ${dst}: ICMPv${p.icmp.version} type ${p.icmp.type} code ${p.icmp.code}${extra}`;
  }
  if (p.dns) {
    const q = p.dns.questions.map((x) => `${x.type} ${x.name}`).join(', ');
    const a = p.dns.response ? ` → ${p.dns.answers.map((x) => `${x.type} ${x.data}`).join(', ') || p.dns.rcode}` : '';
    return `${head}.${(p.udp ?? p.tcp)?.srcPort} > ${dst}.${(p.udp ?? p.tcp)?.dstPort}: DNS ${p.dns.response ? 'response' : 'query'} ${q}${a}`;
  }
  if (p.tcp) {
    const sni = clientHelloSni(p.payload);
    if (sni !== undefined) return `TLS ClientHello${sni ? ` SNI ${sni}` : ''} (:${p.tcp.srcPort} → :${p.tcp.dstPort})`;
    const f = p.tcp.flags;
    const flags = [f.syn && 'S', f.fin && 'F', f.rst && 'R', f.psh && 'P', f.ack && '.'].filter(Boolean).join('');
    return `${head}.${p.tcp.srcPort} > ${dst}.${p.tcp.dstPort}: TCP [${flags}]`;
  }
  if (p.udp) return `${head}.${p.udp.srcPort} > ${dst}.${p.udp.dstPort}: UDP`;
  return `${head} > ${dst}: protocol ${p.ip.protocol}`;
}

/** A few words for one arrow of a packet ladder (addresses are the arrow's ends). */
export function ladderLabel(p: Packet): string {
  if (p.icmp) {
    if (p.icmp.type === 134) return `RA ${p.icmp.ra?.prefixes.map((x) => `${x.prefix}/${x.length}`).join(' ') ?? ''} RDNSS ${p.icmp.ra?.rdnss.join(' ') ?? ''}`.trim();
    if (p.icmp.version === 6 && p.icmp.type === 1) return `ICMPv6 unreachable code ${p.icmp.code}${p.icmp.code === 2 ? ' (beyond scope)' : p.icmp.code === 0 ? ' (no route)' : ''}`;
    if (p.icmp.type === 128 || p.icmp.type === 8) return 'echo request';
    if (p.icmp.type === 129 || p.icmp.type === 0) return 'echo reply';
    return `ICMPv${p.icmp.version} ${p.icmp.type}/${p.icmp.code}`;
  }
  if (p.dns) return p.dns.response ? `DNS ${p.dns.answers.map((a) => `${a.type} ${a.data}`).join(', ') || p.dns.rcode}` : `DNS ? ${p.dns.questions.map((q) => `${q.type} ${q.name}`).join(', ')}`;
  if (p.tcp) {
    const sni = clientHelloSni(p.payload);
    if (sni !== undefined) return `TLS ClientHello${sni ? ` SNI ${sni}` : ''} (:${p.tcp.srcPort} → :${p.tcp.dstPort})`;
    const f = p.tcp.flags;
    const http = p.payload ? /^(?:GET|POST|HEAD|CONNECT|PUT) \S+|^HTTP\/1\.\d \d{3}/.exec(p.payload.subarray(0, 200).toString('latin1'))?.[0] : undefined;
    if (http) return `${http.length > 48 ? `${http.slice(0, 47)}…` : http} (:${p.tcp.srcPort} → :${p.tcp.dstPort})`;
    return `TCP ${f.syn && f.ack ? 'SYN-ACK' : f.syn ? 'SYN' : f.rst ? 'RST' : f.fin ? 'FIN' : 'data'} :${p.tcp.srcPort} → :${p.tcp.dstPort}`;
  }
  if (p.udp) return `UDP :${p.udp.srcPort} → :${p.udp.dstPort}`;
  return `protocol ${p.ip?.protocol ?? '?'}`;
}
