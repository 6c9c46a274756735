// Method 1's checks: SLAAC and the RA, DNS64, reachability by name and by literal, the outside
// IPv4-only and NAT44 — each with packet evidence from the inside and outside captures.
import { UNREACH6 } from '../../lab/capture/decode/icmp.js';
import { dnsAnswer, httpProbe, icmp6Unreachable, ipv4Packet, ipv6Packet, routerAdvert } from '../../lab/capture/match.js';
import { fetchFailsCheck } from '../../lab/checks/fetch-fails.js';
import type { Check } from '../../lab/checks/check.js';
import { dns64RealAaaaCheck, dns64SynthesisCheck } from '../../lab/checks/dns64.js';
import { httpReachCheck } from '../../lab/checks/http-reach.js';
import { ipv4OnlyCheck } from '../../lab/checks/ipv4-only.js';
import { routerAdvertCheck } from '../../lab/checks/router-advert.js';
import { serverSourceCheck } from '../../lab/checks/server-source.js';
import { slaacCheck } from '../../lab/checks/slaac.js';
import type { WireExpectation } from '../../lab/checks/wire.js';
import type { Lab } from '../../lab/lab.js';
import { nat64Address } from '../../lab/topology/address.js';
import type { Endpoint } from '../../lab/topology/types.js';
import { PLAN, WEB_MARKER } from '../common/address-plan.js';
import { INTERNET, internetAccessLog } from '../common/internet.js';
import { GATEWAY, hostNames } from '../common/lan.js';

/** Where the run captures: HOSTA's side of the LAN, and the gateway's IPv4-only uplink. */
export const INSIDE: Endpoint = 'hosta:eth0';
export const OUTSIDE: Endpoint = `${GATEWAY}:eth1`;

export function checks(lab: Lab): Check[] {
  const hosts = hostNames(lab.options.hosts);
  const authoritative = { node: INTERNET, server: PLAN.internet.rootDns };
  const synthesized = nat64Address(PLAN.internet.webV4Only, PLAN.nat64.prefix);
  const literal = `http://[${PLAN.nat64.prefix.replace('::/96', '')}::${PLAN.internet.webV4Only}]/`;
  // The uplink's own address is TEST-NET-1: non-global, so refused under the well-known prefix.
  const wkpPrivate = nat64Address(PLAN.uplink.internet, PLAN.nat64.prefix);
  const nspPrivate = nat64Address(PLAN.uplink.internet, PLAN.nat64Nsp.prefix);
  // hosta's own request (its probe token in the GET line), from its ULA to the NAT64 address.
  const insideRequest: WireExpectation = {
    endpoint: INSIDE,
    what: `this check's HTTP request from a ULA in ${PLAN.lan.prefix} to [${synthesized}]:80`,
    match: httpProbe({ src: PLAN.lan.prefix, dst: synthesized, dstPort: 80 }),
  };
  return [
    slaacCheck({ id: 'slaac-ula', hosts, ifname: 'eth0', prefix: PLAN.lan.prefix, router: PLAN.lan.gatewayLinkLocal }),
    routerAdvertCheck({
      id: 'ra-rdnss',
      host: hosts[0]!,
      ifname: 'eth0',
      prefix: PLAN.lan.prefix,
      rdnss: PLAN.lan.gatewayUla,
      router: PLAN.lan.gatewayLinkLocal,
      wire: [
        {
          endpoint: INSIDE,
          what: `RA from ${PLAN.lan.gatewayLinkLocal} with prefix ${PLAN.lan.prefix} and RDNSS ${PLAN.lan.gatewayUla}`,
          match: routerAdvert({ from: PLAN.lan.gatewayLinkLocal, prefix: PLAN.lan.prefix, rdnss: PLAN.lan.gatewayUla }),
        },
      ],
    }),
    dns64SynthesisCheck({
      id: 'dns64-synthesis',
      host: hosts[0]!,
      name: PLAN.names.v4only,
      nat64Prefix: PLAN.nat64.prefix,
      authoritative,
      wire: [{ endpoint: INSIDE, what: `DNS response carrying AAAA ${synthesized} for ${PLAN.names.v4only}`, match: dnsAnswer({ type: 'AAAA', data: synthesized, name: PLAN.names.v4only }) }],
    }),
    dns64RealAaaaCheck({
      id: 'dns64-real-aaaa',
      host: hosts[0]!,
      name: PLAN.names.dualStack,
      nat64Prefix: PLAN.nat64.prefix,
      authoritative,
      wire: [{ endpoint: INSIDE, what: `DNS response carrying AAAA ${PLAN.internet.webDualV6}`, match: dnsAnswer({ type: 'AAAA', data: PLAN.internet.webDualV6, name: PLAN.names.dualStack }) }],
    }),
    httpReachCheck({
      id: 'reach-by-name',
      title: `Every host fetches http://${PLAN.names.v4only}/ (an IPv4-only site) by name`,
      hosts,
      urls: [`http://${PLAN.names.v4only}/`],
      bodyMarker: WEB_MARKER,
      wire: [insideRequest],
    }),
    httpReachCheck({
      id: 'reach-by-literal',
      title: `Every host fetches the site by its NAT64 literal ${literal} (${nat64Address(PLAN.internet.webV4Only, PLAN.nat64.prefix)})`,
      hosts,
      urls: [literal],
      bodyMarker: WEB_MARKER,
      wire: [insideRequest],
    }),
    fetchFailsCheck({
      id: 'wkp-refuses-private',
      title: `Tayga refuses non-global IPv4 under the well-known prefix: [${wkpPrivate}] (${PLAN.uplink.internet}) fails with an ICMPv6 error from Tayga`,
      node: hosts[0]!,
      url: `http://[${wkpPrivate}]/`,
      curlArgs: [],
      failure: /curl: \(7\)/,
      // The same server through the network-specific prefix works: the refusal is the prefix's.
      control: { node: hosts[0]!, url: `http://[${nspPrivate}]/`, curlArgs: [] },
      wire: [
        {
          endpoint: INSIDE,
          what: `ICMPv6 destination unreachable from Tayga (${PLAN.nat64.taygaIpv6}) about ${wkpPrivate}`,
          match: icmp6Unreachable({ code: UNREACH6.NO_ROUTE, from: PLAN.nat64.taygaIpv6, about: wkpPrivate }),
        },
      ],
    }),
    httpReachCheck({
      id: 'nsp-reaches-private',
      title: `A network-specific prefix lifts that: ${hosts[0]} fetches http://[${nspPrivate}]/ (${PLAN.uplink.internet}) through the second Tayga`,
      hosts: [hosts[0]!],
      urls: [`http://[${nspPrivate}]/`],
      bodyMarker: WEB_MARKER,
      wire: [
        { endpoint: INSIDE, what: `this check's HTTP request from a ULA to [${nspPrivate}]:80`, match: httpProbe({ src: PLAN.lan.prefix, dst: nspPrivate, dstPort: 80 }) },
        { endpoint: OUTSIDE, what: `this check's request ${PLAN.uplink.gateway} → ${PLAN.uplink.internet}:80`, match: httpProbe({ src: PLAN.uplink.gateway, dst: PLAN.uplink.internet, dstPort: 80 }) },
      ],
    }),
    ipv4OnlyCheck({
      id: 'outside-ipv4-only',
      title: 'The outside is IPv4-only: the internet and the gateway uplink have no IPv6 at all',
      interfaces: [`${INTERNET}:eth0`, `${INTERNET}:lo`, OUTSIDE],
      wire: [{ endpoint: OUTSIDE, what: 'IPv6 packet', match: ipv6Packet(), absent: true }],
    }),
    serverSourceCheck({
      id: 'nat44-source',
      title: `The internet's web server sees the request from ${PLAN.uplink.gateway}: the outside stays IPv4-only`,
      client: hosts[0]!,
      url: `http://${PLAN.names.v4only}/`,
      webNode: INTERNET,
      accessLog: internetAccessLog(lab),
      expectedSource: PLAN.uplink.gateway,
      wire: [
        { endpoint: OUTSIDE, what: `this check's HTTP request ${PLAN.uplink.gateway} → ${PLAN.internet.webV4Only}:80`, match: httpProbe({ src: PLAN.uplink.gateway, dst: PLAN.internet.webV4Only, dstPort: 80 }) },
        { endpoint: OUTSIDE, what: 'IPv6 packet (the outside is IPv4-only)', match: ipv6Packet(), absent: true },
        { endpoint: OUTSIDE, what: `packet from Tayga's pool ${PLAN.nat64.dynamicPool} (un-NATed)`, match: ipv4Packet({ src: PLAN.nat64.dynamicPool }), absent: true },
      ],
    }),
  ];
}
