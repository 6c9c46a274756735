// Method 1's checks: SLAAC and the RA, DNS64, reachability by name and by literal, the outside
// IPv4-only and NAT44 — each with packet evidence from the inside and outside captures.
import { CURL_EXIT } from '../../lab/checks/http-fetch.js';
import { UNREACH6 } from '../../lab/capture/decode/icmp.js';
import { dnsAnswer, httpProbe, icmp6Unreachable, ipv4Packet, ipv6Packet, routerAdvert } from '../../lab/capture/match.js';
import { fetchFailsCheck } from '../../lab/checks/fetch-fails.js';
import { notApplicableCheck, type Check } from '../../lab/checks/check.js';
import { dns64RealAaaaCheck, dns64SynthesisCheck } from '../../lab/checks/dns64.js';
import { httpReachCheck } from '../../lab/checks/http-reach.js';
import { ipv4OnlyCheck } from '../../lab/checks/ipv4-only.js';
import { routerAdvertCheck } from '../../lab/checks/router-advert.js';
import { serverSourceCheck } from '../../lab/checks/server-source.js';
import { slaacCheck } from '../../lab/checks/slaac.js';
import type { WireExpectation } from '../../lab/checks/wire.js';
import type { Lab } from '../../lab/lab.js';
import { isWellKnownPrefix, nonGlobalRange, WELL_KNOWN_PREFIX, type Plan } from '../../lab/plan/plan.js';
import { nat64Address, parseCidr, sameAddress } from '../../lab/topology/address.js';
import { FIXED, WEB_MARKER } from '../common/address-plan.js';
import { INTERNET, uplinkGateway, type InternetDeployed } from '../common/internet.js';
import { conformanceGroup } from './conformance.js';
import { appGroup, nat64Egress, ROUTED_APPS, type Egress } from '../common/apps.js';
import { routedBrowserGroup } from '../common/browsers.js';
import { largeTransferGroup } from '../common/large-transfer.js';
import { checkGroup } from '../../lab/checks/check-group.js';
import type { Daemon } from '../../lab/runtime/daemon.js';
import { inboundRefusedCheck, resolverNotOpenCheck, type InboundTarget } from '../../lab/checks/inbound.js';
import type { CheckContext } from '../../lab/checks/check.js';
import { INSIDE, OUTSIDE } from './topology.js';
import { GATEWAY, hostNames } from '../common/lan.js';


/** What method 1's deploy made that its checks read: the internet's CA and access log, Tayga. */
export interface Nat64Deployed {
  internet: InternetDeployed;
  /** The plan's Tayga on the gateway (its log names the pool address each host was given). */
  tayga: Daemon;
}

/** With 464XLAT: the CLAT on the hosts (HOSTA's CLAT address in a plan, its TUN, its route's MTU). */
export interface ClatView {
  ipv6(plan: Plan): string;
  device: string;
  routeMtu: number;
}

/** The addresses the guide's checks use, from the plan. */
function view(lab: Lab) {
  const { plan } = lab;
  const { lan, nat64, internet } = plan;
  const wkp = isWellKnownPrefix(nat64.prefix);
  const synthesized = nat64Address(internet.web, nat64.prefix);
  // The translator that reaches non-global IPv4: the plan's own under a network-specific prefix,
  // the comparison one beside a well-known prefix.
  const nspPrefix = wkp ? plan.nsp.prefix : nat64.prefix;
  return {
    plan,
    hosts: hostNames(lab.options.hosts),
    gateway: uplinkGateway(plan),
    synthesized,
    wkp,
    nspPrefix,
    nspPrivate: nat64Address(plan.uplink.internet, nspPrefix),
    // The uplink's own address, if non-global (TEST-NET-1 in the guide), is refused under the WKP.
    wkpPrivate: nat64Address(plan.uplink.internet, nat64.prefix),
    uplinkRange: nonGlobalRange(plan.uplink.internet),
    // hosta's own request (its probe token in the GET line), from its LAN address to the NAT64 address.
    insideRequest: {
      endpoint: INSIDE,
      what: `this check's HTTP request from ${lan.prefix} to [${synthesized}]:80`,
      match: httpProbe({ src: lan.prefix, dst: synthesized, dstPort: 80 }),
    } satisfies WireExpectation,
  };
}

/** Hosts take an address and a resolver from the RA. */
const addressing = (clat?: ClatView) =>
  checkGroup({
    name: 'addressing (SLAAC and the RA)',
    ids: ['slaac-ula', 'ra-rdnss'],
    make: (lab: Lab) => {
      const { plan, hosts } = view(lab);
      const { lan } = plan;
      return [
        slaacCheck({ id: 'slaac-ula', hosts, ifname: 'eth0', prefix: lan.prefix, router: lan['gateway-lla'], ...(clat ? { ipv4In: clat.device } : {}) }),
        routerAdvertCheck({
          id: 'ra-rdnss',
          host: hosts[0]!,
          ifname: 'eth0',
          prefix: lan.prefix,
          rdnss: lan.gateway,
          router: lan['gateway-lla'],
          wire: [{ endpoint: INSIDE, what: `RA from ${lan['gateway-lla']} with prefix ${lan.prefix} and RDNSS ${lan.gateway}`, match: routerAdvert({ from: lan['gateway-lla'], prefix: lan.prefix, rdnss: lan.gateway }) }],
        }),
      ];
    },
  });

/** DNS64 synthesizes for an IPv4-only name and leaves a real AAAA alone. */
const dns64 = checkGroup({
  name: 'DNS64',
  ids: ['dns64-synthesis', 'dns64-real-aaaa'],
  make: (lab: Lab) => {
    const { plan, hosts, synthesized } = view(lab);
    const { internet, nat64 } = plan;
    const authoritative = { node: INTERNET, server: internet.dns };
    return [
      dns64SynthesisCheck({
        id: 'dns64-synthesis',
        host: hosts[0]!,
        name: internet.names.v4only,
        nat64Prefix: nat64.prefix,
        authoritative,
        wire: [{ endpoint: INSIDE, what: `DNS response carrying AAAA ${synthesized} for ${internet.names.v4only}`, match: dnsAnswer({ type: 'AAAA', data: synthesized, name: internet.names.v4only }) }],
      }),
      dns64RealAaaaCheck({
        id: 'dns64-real-aaaa',
        host: hosts[0]!,
        name: internet.names['dual-stack'],
        nat64Prefix: nat64.prefix,
        authoritative,
        wire: [{ endpoint: INSIDE, what: `DNS response carrying AAAA ${internet['dual-web-ipv6']}`, match: dnsAnswer({ type: 'AAAA', data: internet['dual-web-ipv6'], name: internet.names['dual-stack'] }) }],
      }),
    ];
  },
});

/** Every host reaches the IPv4-only site by name and by its NAT64 literal. */
const reach = checkGroup({
  name: 'reachability',
  ids: ['reach-by-name', 'reach-by-literal'],
  make: (lab: Lab) => {
    const { plan, hosts, synthesized, insideRequest } = view(lab);
    const { nat64, internet } = plan;
    // How a user writes it under a /96: the IPv4 address in dotted form after the prefix.
    const literal = parseCidr(nat64.prefix).prefixLength === 96 ? `http://[${parseCidr(nat64.prefix).address}${internet.web}]/` : `http://[${synthesized}]/`;
    return [
      httpReachCheck({ id: 'reach-by-name', title: `Every host fetches http://${internet.names.v4only}/ (an IPv4-only site) by name`, hosts, urls: [`http://${internet.names.v4only}/`], bodyMarker: WEB_MARKER, wire: [insideRequest] }),
      httpReachCheck({ id: 'reach-by-literal', title: `Every host fetches the site by its NAT64 literal ${literal} (${synthesized})`, hosts, urls: [literal], bodyMarker: WEB_MARKER, wire: [insideRequest] }),
    ];
  },
});

/** What the prefix may translate: the well-known prefix refuses non-global IPv4, a network-specific one reaches it. */
const prefixLimits = checkGroup({
  name: "the NAT64 prefix's limits (RFC 6052 §3.1)",
  ids: ['wkp-refuses-private', 'nsp-reaches-private'],
  make: (lab: Lab) => {
    const { plan, hosts, gateway, wkp, nspPrefix, nspPrivate, wkpPrivate, uplinkRange } = view(lab);
    const { lan, nat64 } = plan;
    const wkpRefuses = {
      id: 'wkp-refuses-private',
      title: `Tayga refuses non-global IPv4 under the well-known prefix: [${wkpPrivate}] (${plan.uplink.internet}) fails with an ICMPv6 error from Tayga`,
      expected: `curl to http://[${wkpPrivate}]/ fails (7); ICMPv6 destination unreachable from Tayga; the same server through ${nspPrefix} answers`,
    };
    return [
      !wkp
        ? notApplicableCheck({ ...wkpRefuses, reason: `the plan's NAT64 prefix ${nat64.prefix} is network-specific; RFC 6052 §3.1 restricts only the well-known prefix ${WELL_KNOWN_PREFIX}` })
        : !uplinkRange
          ? notApplicableCheck({ ...wkpRefuses, reason: `the uplink's ${plan.uplink.internet} is global-looking (outside RFC 6052 §3.1's ranges), so the well-known prefix may translate it` })
          : fetchFailsCheck({
              id: wkpRefuses.id,
              title: wkpRefuses.title,
              node: hosts[0]!,
              url: `http://[${wkpPrivate}]/`,
              curlArgs: [],
              failure: { what: 'no connection (Tayga refuses the destination)', curlExit: [CURL_EXIT.couldNotConnect] },
              // The same server through the network-specific prefix works: the refusal is the prefix's.
              control: { node: hosts[0]!, url: `http://[${nspPrivate}]/`, curlArgs: [] },
              wire: [{ endpoint: INSIDE, what: `ICMPv6 destination unreachable from Tayga (${nat64['tayga-ipv6']}) about ${wkpPrivate}`, match: icmp6Unreachable({ code: UNREACH6.NO_ROUTE, from: nat64['tayga-ipv6'], about: wkpPrivate }) }],
            }),
      httpReachCheck({
        id: 'nsp-reaches-private',
        title: `A network-specific prefix reaches ${uplinkRange ? 'non-global IPv4' : 'the uplink'}: ${hosts[0]} fetches http://[${nspPrivate}]/ (${plan.uplink.internet}) through ${wkp ? 'the second Tayga' : "the plan's NAT64"}`,
        hosts: [hosts[0]!],
        urls: [`http://[${nspPrivate}]/`],
        bodyMarker: WEB_MARKER,
        wire: [
          { endpoint: INSIDE, what: `this check's HTTP request from ${lan.prefix} to [${nspPrivate}]:80`, match: httpProbe({ src: lan.prefix, dst: nspPrivate, dstPort: 80 }) },
          { endpoint: OUTSIDE, what: `this check's request ${gateway} → ${plan.uplink.internet}:80`, match: httpProbe({ src: gateway, dst: plan.uplink.internet, dstPort: 80 }) },
        ],
      }),
    ];
  },
});

/** The outside stays IPv4-only: nothing IPv6 on it. */
const outsideIpv4Only = checkGroup({
  name: 'the IPv4-only outside',
  ids: ['outside-ipv4-only'],
  make: () => [
    ipv4OnlyCheck({
      id: 'outside-ipv4-only',
      title: 'The outside is IPv4-only: the internet and the gateway uplink have no IPv6 at all',
      interfaces: [`${INTERNET}:eth0`, `${INTERNET}:lo`, OUTSIDE],
      wire: [{ endpoint: OUTSIDE, what: 'IPv6 packet', match: ipv6Packet(), absent: true }],
    }),
  ],
});

/** Nothing from outside gets in: not through the translator's pool, not to the resolver. */
const exposure = checkGroup({
  name: 'inbound exposure',
  ids: ['inbound-refused', 'resolver-not-open'],
  make: (lab: Lab, deployed: Nat64Deployed) => {
    const { plan, hosts, gateway } = view(lab);
    const { nat64, internet } = plan;
    return [
      inboundUnlessUntranslated(
        plan,
        inboundRefusedCheck({
          id: 'inbound-refused',
          outside: INTERNET,
          via: gateway,
          pool: nat64.pool,
          source: internet.web,
          translatedSource: nat64Address(internet.web, nat64.prefix),
          port: 2222,
          inside: INSIDE,
          target: (ctx) => mappedPoolAddress(ctx, plan, deployed.tayga, hosts[0]!),
        }),
      ),
      resolverNotOpenCheck({ id: 'resolver-not-open', outside: INTERNET, address: gateway, name: internet.names.v4only, control: { node: hosts[0]! } }),
    ];
  },
});

/** NAT44: the web server sees the gateway's address, never the pool's, never IPv6. */
const nat44 = checkGroup({
  name: 'NAT44',
  ids: ['nat44-source'],
  make: (lab: Lab, deployed: Nat64Deployed) => {
    const { plan, hosts, gateway } = view(lab);
    const { nat64, internet } = plan;
    return [
      serverSourceCheck({
        id: 'nat44-source',
        title: `The internet's web server sees the request from ${gateway}: the outside stays IPv4-only`,
        client: hosts[0]!,
        url: `http://${internet.names.v4only}/`,
        webNode: INTERNET,
        accessLog: deployed.internet.accessLog,
        expectedSource: gateway,
        wire: [
          { endpoint: OUTSIDE, what: `this check's HTTP request ${gateway} → ${internet.web}:80`, match: httpProbe({ src: gateway, dst: internet.web, dstPort: 80 }) },
          { endpoint: OUTSIDE, what: 'IPv6 packet (the outside is IPv4-only)', match: ipv6Packet(), absent: true },
          { endpoint: OUTSIDE, what: `packet from Tayga's pool ${nat64.pool} (un-NATed)`, match: ipv4Packet({ src: nat64.pool }), absent: true },
        ],
      }),
    ];
  },
});

/** The guide's claims, checked on every run, in named groups; with a CLAT on the hosts (464XLAT), its address. */
export function guideChecks(clat?: ClatView) {
  const egress = (lab: Lab): Egress => nat64Egress({ inside: INSIDE, outside: OUTSIDE, ...(clat ? { clat: { ipv6: clat.ipv6(lab.plan) } } : {}) });
  return [
    addressing(clat),
    dns64,
    reach,
    prefixLimits,
    outsideIpv4Only,
    appGroup<(typeof ROUTED_APPS)[number], Nat64Deployed>(ROUTED_APPS, egress),
    routedBrowserGroup<Nat64Deployed>(egress),
    largeTransferGroup<Nat64Deployed>(egress, `Tayga's TUN is ${FIXED.pathMtu} bytes, so the path needs Path MTU discovery both ways${clat ? ` (IPv4 apps: the CLAT route's MTU ${clat.routeMtu} keeps their segments within it)` : ''}`),
    exposure,
    nat44,
  ] as const;
}

/** Method 1's checks: the guide's, and with --conformance the RFC corner cases per implementation. */
export const nat64Checks = [...guideChecks(), conformanceGroup] as const;
export type Nat64CheckId = (typeof nat64Checks)[number]['ids'][number];

/**
 * Under the well-known prefix with a non-global web server, Tayga translates nothing to or from it
 * (RFC 6052 §3.1): no host gets a pool mapping, so the inbound attempt has nothing to go through.
 */
function inboundUnlessUntranslated(plan: Plan, check: Check): Check {
  const range = nonGlobalRange(plan.internet.web);
  if (!isWellKnownPrefix(plan.nat64.prefix) || !range) return check;
  return notApplicableCheck({
    id: check.id,
    title: check.title,
    expected: check.expected,
    reason: `under the well-known prefix ${WELL_KNOWN_PREFIX} Tayga translates nothing to or from ${plan.internet.web} (non-global, ${range}, RFC 6052 §3.1): no host gets a pool mapping, so there is nothing to reach it through`,
  });
}

/**
 * The pool address Tayga mapped to a host: the host fetches through NAT64 first (so a mapping
 * exists), then Tayga's own log line names it ("assigned new pool address A (host's IPv6)").
 */
async function mappedPoolAddress(ctx: CheckContext, plan: Plan, tayga: Daemon, host: string): Promise<InboundTarget | string> {
  // By its NAT64 literal: a mapping is made whether or not DNS64 works.
  await ctx.run(host, ['curl', '-s', '-o', '/dev/null', '--max-time', '3', `http://[${nat64Address(plan.internet.web, plan.nat64.prefix)}]/`]);
  const addrs = await ctx.run(host, ['ip', '-6', '-o', 'addr', 'show', 'dev', 'eth0', 'scope', 'global']);
  const mine = [...addrs.stdout.matchAll(/inet6 ([0-9a-f:]+)\//g)].map((m) => m[1]!);
  const log = await ctx.run(GATEWAY, ['grep', 'assigned new pool address', tayga.logFile]);
  const lines = [...log.stdout.matchAll(/assigned new pool address (\S+) \((\S+)\)/g)];
  for (const m of lines) {
    if (mine.some((a) => sameAddress(a, m[2]!))) return { host, outsideAddress: m[1]!, learnt: `Tayga's log: "assigned new pool address ${m[1]} (${m[2]})"` };
  }
  // Not found is not a pass: without the host's outside address the refusal cannot be shown.
  return `Tayga's log names no pool address for ${host} (${mine.join(', ') || 'no global address'}): ${lines.length} "assigned new pool address" line(s) for other addresses`;
}
