// Method 1 of the guide (recommended): hosts with a ULA only, DNS64 on the gateway's Unbound,
// NAT64 (Tayga here; Jool where the kernel has it) and NAT44 toward an IPv4-only outside.
import { join } from 'node:path';
import pLimit from 'p-limit';
import type { Check } from '../../lab/checks/check.js';
import { dns64RealAaaaCheck, dns64SynthesisCheck } from '../../lab/checks/dns64.js';
import { httpReachCheck } from '../../lab/checks/http-reach.js';
import { ipv4OnlyCheck } from '../../lab/checks/ipv4-only.js';
import { routerAdvertCheck } from '../../lab/checks/router-advert.js';
import { serverSourceCheck } from '../../lab/checks/server-source.js';
import { slaacCheck } from '../../lab/checks/slaac.js';
import type { Lab } from '../../lab/lab.js';
import type { Scenario, ScenarioOptions } from '../../lab/scenario.js';
import { auditCommand, auditConfigText } from '../../lab/services/config-audit.js';
import type { ComposedConfig } from '../../lab/services/config-text.js';
import { dnsmasqService } from '../../lab/services/dnsmasq.js';
import { deleteRuleArgv, iptablesService } from '../../lab/services/iptables-rules.js';
import { probeJool } from '../../lab/services/jool.js';
import { applyRdnss, waitForSlaac } from '../../lab/services/rdnss-resolver.js';
import { configDir, type ServiceDefinition } from '../../lab/services/service.js';
import { taygaService } from '../../lab/services/tayga.js';
import { unboundService } from '../../lab/services/unbound.js';
import { nat64Address } from '../../lab/topology/address.js';
import type { Endpoint, NodeSpec, Topology } from '../../lab/topology/types.js';
import { dnsAnswer, httpProbe, ipv4Packet, ipv6Packet, routerAdvert } from '../../lab/capture/match.js';
import type { WireExpectation } from '../../lab/checks/wire.js';
import { PLAN, WEB_MARKER } from '../common/address-plan.js';
import { deployInternet, INTERNET, internetAccessLog, internetNode, rootHints } from '../common/internet.js';
import { GATEWAY, hostNames, hostNode, lanSegment } from '../common/lan.js';
import { GUIDE_DNSMASQ, GUIDE_JOOL, GUIDE_NAT44, GUIDE_UNBOUND } from './guide-configs.js';

/** How long hosts may take to get their SLAAC address (measured: well under 1 s). */
const SLAAC_TIMEOUT_MS = 5_000;

export function gatewayNode(extra: Partial<NodeSpec> = {}): NodeSpec {
  return {
    name: GATEWAY,
    role: 'router',
    interfaces: {
      // No kernel-made LLA: RAs come from fe80::1, the guide's next-hop, and daemons bind at once.
      eth0: {
        addrGenMode: 'none',
        addresses: [
          { cidr: `${PLAN.lan.gatewayLinkLocal}/64`, nodad: true },
          { cidr: `${PLAN.lan.gatewayUla}/64`, nodad: true },
        ],
      },
      eth1: { addresses: [{ cidr: `${PLAN.uplink.gateway}/${PLAN.uplink.prefixLength}` }] },
    },
    routes: [{ to: 'default', via: PLAN.uplink.internet, dev: 'eth1' }],
    sysctls: {
      'net.ipv6.conf.all.forwarding': '1',
      'net.ipv4.ip_forward': '1',
      // Deterministic ICMP errors for the checks (the default rate limit drops some).
      'net.ipv6.icmp.ratelimit': '0',
      // The outside is IPv4-only, as the guide draws it: not even a link-local address there.
      'net.ipv6.conf.eth1.disable_ipv6': '1',
    },
    ...extra,
  };
}

export function nat64Topology(options: ScenarioOptions): Topology {
  const hosts = hostNames(options.hosts ?? 2);
  return {
    nodes: [...hosts.map((h) => hostNode(h)), gatewayNode(), internetNode()],
    segments: [lanSegment(hosts)],
    links: [{ ends: [`${GATEWAY}:eth1`, `${INTERNET}:eth0`] }],
  };
}

function dnsmasqConfig(): ComposedConfig {
  return {
    guideText: GUIDE_DNSMASQ,
    corrections: [],
    additions: [{ why: 'dnsmasq would also serve DNS on port 53 of every address and keep Unbound from binding fd00:1::1', lines: ['port=0'] }],
  };
}

function unboundConfig(lab: Lab): ComposedConfig {
  return {
    guideText: GUIDE_UNBOUND,
    corrections: [
      { guide: 'dns64:', use: [], why: 'Unbound has no "dns64:" clause (unbound-checkconf: unknown keyword); the prefix is a server option' },
      { guide: 'prefix: 64:ff9b::/96', use: ['dns64-prefix: 64:ff9b::/96'], why: 'the server option is named dns64-prefix' },
      ...(lab.faults.has('no-dns64')
        ? [{ guide: 'module-config: "dns64 validator iterator"', use: ['module-config: "validator iterator"'], why: 'fault no-dns64: DNS64 module removed on purpose' }]
        : []),
    ],
    additions: [
      {
        why: 'Unbound refuses queries from anyone not listed; the LAN is fd00:1::/64 (and fe80::/10 for link-local clients)',
        lines: ['  access-control: fd00:1::/64 allow', '  access-control: fe80::/10 allow'],
      },
    ],
  };
}

async function auditGuide(lab: Lab): Promise<void> {
  const dir = join(configDir(lab.runtime, GATEWAY), 'guide-verbatim');
  const entries = await Promise.all([
    auditConfigText({ runtime: lab.runtime, node: GATEWAY, daemon: 'unbound', text: GUIDE_UNBOUND, path: join(dir, 'unbound.conf'), checker: ['unbound-checkconf'], reportsAllErrors: true }),
    auditConfigText({ runtime: lab.runtime, node: GATEWAY, daemon: 'dnsmasq', text: GUIDE_DNSMASQ, path: join(dir, 'dnsmasq.conf'), checker: ['dnsmasq', '--test', '-C'], reportsAllErrors: false }),
  ]);
  lab.audit.push(...entries.flat());
  // Jool's lines change kernel state when they work, so they are run only to show why they don't.
  const jool = await probeJool(lab.runtime, GATEWAY);
  if (!jool.available) for (const line of GUIDE_JOOL) lab.audit.push(await auditCommand(lab.runtime, GATEWAY, 'jool', line));
  lab.notes.push(jool.available ? 'Jool: available in this kernel; this lab still translates with Tayga' : `Jool: unavailable — ${jool.reason}; NAT64 by Tayga`);
}

async function deploy(lab: Lab): Promise<void> {
  const gwDir = configDir(lab.runtime, GATEWAY);
  const gwServices: ServiceDefinition[] = [
    unboundService({ node: GATEWAY, dir: gwDir, config: unboundConfig(lab), listen: PLAN.lan.gatewayUla, rootHints: rootHints() }),
    taygaService({
      node: GATEWAY,
      dir: gwDir,
      tun: 'nat64',
      prefix: PLAN.nat64.prefix,
      ipv4Addr: PLAN.nat64.taygaIpv4,
      ipv6Addr: PLAN.nat64.taygaIpv6,
      dynamicPool: PLAN.nat64.dynamicPool,
    }),
    iptablesService({ name: 'nat44', node: GATEWAY, dir: gwDir, rules: [GUIDE_NAT44] }),
  ];
  if (!lab.faults.has('no-ra')) gwServices.push(dnsmasqService({ node: GATEWAY, dir: gwDir, config: dnsmasqConfig() }));
  await Promise.all([auditGuide(lab), deployInternet(lab), lab.deploy(gwServices)]);
  lab.audit.push({ daemon: 'iptables', line: GUIDE_NAT44, ok: true, message: 'applied as written in the gateway' });

  const hosts = hostNames(lab.options.hosts);
  const limit = pLimit(32);
  await Promise.all(
    hosts.map((h) =>
      limit(async () => {
        // Soliciting first (as rdnssd would) makes dnsmasq answer at once instead of at its next
        // unsolicited RA; the kernel takes the prefix from that same RA.
        const dns = await applyRdnss(lab.runtime, h, 'eth0');
        if (dns.length === 0) lab.notes.push(`${h}: no RA with RDNSS answered its solicitation, so the host has no resolver`);
        // Without an RA daemon there is nothing to wait for; the checks show what hosts lack.
        const waitMs = lab.faults.has('no-ra') ? 0 : SLAAC_TIMEOUT_MS;
        if (!(await waitForSlaac(lab.runtime, h, 'eth0', PLAN.lan.prefix, waitMs))) lab.notes.push(`${h}: no SLAAC address in ${PLAN.lan.prefix} (waited ${waitMs} ms)`);
      }),
    ),
  );
}

/** Where the run captures: HOSTA's side of the LAN, and the gateway's IPv4-only uplink. */
export const INSIDE: Endpoint = 'hosta:eth0';
export const OUTSIDE: Endpoint = `${GATEWAY}:eth1`;

function checks(lab: Lab): Check[] {
  const hosts = hostNames(lab.options.hosts);
  const authoritative = { node: INTERNET, server: PLAN.internet.rootDns };
  const synthesized = nat64Address(PLAN.internet.webV4Only, PLAN.nat64.prefix);
  const literal = `http://[${PLAN.nat64.prefix.replace('::/96', '')}::${PLAN.internet.webV4Only}]/`;
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

export const nat64Scenario: Scenario = {
  name: 'nat64',
  title: 'Method 1: ULA + DNS64/NAT64 (recommended)',
  binaries: ['ip', 'tcpdump', 'dnsmasq', 'unbound', 'unbound-checkconf', 'tayga', 'iptables', 'nsd', 'lighttpd', 'dig', 'curl', 'rdisc6', 'ss', 'jool'],
  topology: nat64Topology,
  captures: [INSIDE, OUTSIDE],
  deploy,
  checks,
  faults: {
    'no-nat44': {
      description: "delete the guide's MASQUERADE rule from the running gateway",
      apply: async (lab) => {
        const r = await lab.runtime.exec(GATEWAY, deleteRuleArgv(GUIDE_NAT44));
        if (r.exitCode !== 0) throw new Error(`could not delete the NAT44 rule: ${r.stderr.trim()}`);
      },
    },
    'no-dns64': { description: 'Unbound deployed without the dns64 module (module-config "validator iterator")' },
    'no-ra': { description: 'dnsmasq (the RA daemon) not started: hosts get no prefix and no RDNSS' },
    'outside-ipv6': {
      description: 'enable IPv6 on the internet and the gateway uplink (no longer IPv4-only)',
      apply: async (lab) => {
        for (const [node, keys] of [
          [INTERNET, ['net.ipv6.conf.all.disable_ipv6=0', 'net.ipv6.conf.lo.disable_ipv6=0', 'net.ipv6.conf.eth0.disable_ipv6=0']],
          [GATEWAY, ['net.ipv6.conf.eth1.disable_ipv6=0']],
        ] as const) {
          const r = await lab.runtime.exec(node, ['sysctl', '-q', '-w', ...keys]);
          if (r.exitCode !== 0) throw new Error(`could not enable IPv6 in ${node}: ${r.stderr.trim()}`);
        }
      },
    },
  },
};
