// Packet predicates that read like the sentence they test ("a TCP SYN from fd00:1::/64 to X:80").
import { clientHelloSni } from './decode/tls.js';
import { inPrefix, sameAddress } from '../topology/address.js';
import type { Packet } from './decode/packet.js';
import { ICMP6 } from './decode/icmp.js';

/** An address or a prefix ("fd00:1::/64"); undefined matches anything. */
function addrMatches(actual: string, wanted: string | undefined): boolean {
  if (wanted === undefined) return true;
  return wanted.includes('/') ? inPrefix(actual, wanted) : sameAddress(actual, wanted);
}

export function tcpSyn(o: { src?: string; dst?: string; dstPort?: number }): (p: Packet) => boolean {
  return (p) =>
    !!p.ip && !!p.tcp && p.tcp.flags.syn && !p.tcp.flags.ack && addrMatches(p.ip.src, o.src) && addrMatches(p.ip.dst, o.dst) && (o.dstPort === undefined || p.tcp.dstPort === o.dstPort);
}

/**
 * A TCP segment to dst:port whose payload carries one of this check's probe tokens
 * ("GET /?probe=<token>"): the check's own request, not some other check's traffic.
 */
export function httpProbe(o: { src?: string; dst?: string; dstPort?: number }): (p: Packet, probes: readonly string[]) => boolean {
  return (p, probes) =>
    !!p.ip &&
    !!p.tcp &&
    !!p.payload &&
    addrMatches(p.ip.src, o.src) &&
    addrMatches(p.ip.dst, o.dst) &&
    (o.dstPort === undefined || p.tcp.dstPort === o.dstPort) &&
    probes.some((t) => p.payload!.includes(`probe=${t}`));
}

export function dnsAnswer(o: { type: string; data: string; name?: string }): (p: Packet) => boolean {
  return (p) =>
    !!p.dns?.response && p.dns.answers.some((a) => a.type === o.type && sameAddress(a.data, o.data) && (o.name === undefined || a.name.replace(/\.$/, '') === o.name.replace(/\.$/, '')));
}

export function routerAdvert(o: { from: string; prefix: string; rdnss: string }): (p: Packet) => boolean {
  const [prefix, len] = o.prefix.split('/');
  return (p) =>
    !!p.ip &&
    p.icmp?.type === ICMP6.RA &&
    sameAddress(p.ip.src, o.from) &&
    !!p.icmp.ra?.prefixes.some((x) => sameAddress(x.prefix, prefix ?? '') && x.length === Number(len)) &&
    !!p.icmp.ra?.rdnss.some((d) => sameAddress(d, o.rdnss));
}

export function icmp6Unreachable(o: { code: number; from?: string; to?: string; about?: string }): (p: Packet) => boolean {
  return (p) =>
    !!p.ip && p.icmp?.version === 6 && p.icmp.type === ICMP6.DEST_UNREACH && p.icmp.code === o.code && addrMatches(p.ip.src, o.from) && addrMatches(p.ip.dst, o.to) && (o.about === undefined || (!!p.icmp.quoted && addrMatches(p.icmp.quoted.dst, o.about)));
}

export function ipv6Packet(o: { src?: string; dst?: string } = {}): (p: Packet) => boolean {
  return (p) => p.ip?.version === 6 && addrMatches(p.ip.src, o.src) && addrMatches(p.ip.dst, o.dst);
}

export function ipv4Packet(o: { src?: string; dst?: string } = {}): (p: Packet) => boolean {
  return (p) => p.ip?.version === 4 && addrMatches(p.ip.src, o.src) && addrMatches(p.ip.dst, o.dst);
}

/** A TLS ClientHello (the start of an HTTPS connection), optionally for one server name. */
export function tlsClientHello(o: { src?: string; dst?: string; dstPort?: number; sni?: string }): (p: Packet) => boolean {
  return (p) => {
    if (!p.ip || !p.tcp || !addrMatches(p.ip.src, o.src) || !addrMatches(p.ip.dst, o.dst) || (o.dstPort !== undefined && p.tcp.dstPort !== o.dstPort)) return false;
    const sni = clientHelloSni(p.payload);
    return sni !== undefined && (o.sni === undefined || sni === o.sni);
  };
}

/** An HTTP proxy's CONNECT request for a host and port (the tunnel an HTTPS client asks a proxy for). */
export function httpConnect(o: { src?: string; dst?: string; dstPort?: number; target: string }): (p: Packet) => boolean {
  return (p) =>
    !!p.ip && !!p.tcp && !!p.payload && addrMatches(p.ip.src, o.src) && addrMatches(p.ip.dst, o.dst) && (o.dstPort === undefined || p.tcp.dstPort === o.dstPort) && p.payload.subarray(0, 200).toString('latin1').startsWith(`CONNECT ${o.target} `);
}

/** A UDP datagram to dst:port (a DNS query, an app's own protocol). */
export function udpDatagram(o: { src?: string; dst?: string; dstPort?: number }): (p: Packet) => boolean {
  return (p) => !!p.ip && !!p.udp && addrMatches(p.ip.src, o.src) && addrMatches(p.ip.dst, o.dst) && (o.dstPort === undefined || p.udp.dstPort === o.dstPort);
}

/** An ICMP echo request (ping), IPv4 or IPv6. */
export function echoRequest(o: { src?: string; dst?: string }): (p: Packet) => boolean {
  return (p) => !!p.ip && !!p.icmp && p.icmp.type === (p.icmp.version === 6 ? ICMP6.ECHO_REQUEST : 8) && addrMatches(p.ip.src, o.src) && addrMatches(p.ip.dst, o.dst);
}

/** A packet as a lab file's `wire` check states it: source and destination (address or prefix), protocol, port. */
export function packetMatching(o: { src?: string; dst?: string; proto?: 'tcp' | 'udp' | 'icmp'; port?: number }): (p: Packet) => boolean {
  return (p) => {
    if (!p.ip || !addrMatches(p.ip.src, o.src) || !addrMatches(p.ip.dst, o.dst)) return false;
    if (o.proto === 'tcp' && !p.tcp) return false;
    if (o.proto === 'udp' && !p.udp) return false;
    if (o.proto === 'icmp' && !p.icmp) return false;
    const ports = p.tcp ?? p.udp;
    return o.port === undefined || (!!ports && (ports.dstPort === o.port || ports.srcPort === o.port));
  };
}
