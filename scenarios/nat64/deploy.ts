// Deploying method 1: the gateway's dnsmasq, Unbound, Tayga and NAT44, the internet's servers,
// then each host's SLAAC address and resolver (from the RA's RDNSS). Addresses from the plan.
import pLimit from 'p-limit';
import type { Lab } from '../../lab/lab.js';
import { isWellKnownPrefix } from '../../lab/plan/plan.js';
import { dnsmasqService } from '../../lab/services/dnsmasq.js';
import { checkRuleArgv, iptables, iptablesService } from '../../lab/services/iptables-rules.js';
import { applyRdnss, waitForSlaac } from '../../lab/services/rdnss-resolver.js';
import { configDir, type ServiceDefinition } from '../../lab/services/service.js';
import { taygaService } from '../../lab/services/tayga.js';
import { probeJool } from '../../lab/services/jool.js';
import { unboundService } from '../../lab/services/unbound.js';
import { FIXED } from '../common/address-plan.js';
import { deployInternet, rootHints, uplinkGateway } from '../common/internet.js';
import { GATEWAY, hostNames } from '../common/lan.js';
import { natTuns } from './topology.js';
import { auditGuide } from './audit.js';
import { dnsmasqConfig, unboundConfig } from './configs.js';
import type { Nat64Fault } from './faults.js';
import type { Nat64Deployed } from './checks.js';
import { GUIDE_NAT44, inboundFilterRules } from './guide-configs.js';

/**
 * Jool as the NAT64: a kernel module. Where the kernel has none (here), the run stops with the
 * kernel's own words — never a translator pretending to be Jool.
 */
async function refuseJool(lab: Lab): Promise<void> {
  const probe = await probeJool(lab.runtime, GATEWAY);
  throw new Error(
    probe.available
      ? 'Jool answers in this kernel, but the lab deploys NAT64 with Tayga only (a Jool deployment is untested here); choose --nat64 tayga'
      : `--nat64 jool: Jool is unavailable — ${probe.reason}. Choose --nat64 tayga (user space), or run on a kernel with the Jool module`,
  );
}

/** How long hosts may take to get their SLAAC address (measured: well under 1 s). */
const SLAAC_TIMEOUT_MS = 5_000;

export async function deploy(lab: Lab<Nat64Fault>): Promise<Nat64Deployed> {
  const { plan } = lab;
  const gwDir = configDir(lab.runtime, GATEWAY);
  const wkp = isWellKnownPrefix(plan.nat64.prefix);
  if (lab.role('nat64') !== 'tayga') await refuseJool(lab);
  // The guide's Unbound runs the guide's config, corrected; another resolver (or your own config) its own.
  const dns64 = lab.roleService(
    'dns64',
    {
      node: GATEWAY,
      dir: gwDir,
      listen: plan.lan.gateway,
      clients: [plan.lan.prefix, 'fe80::/10'],
      nat64Prefix: plan.nat64.prefix,
      root: { name: FIXED.rootServer, address: plan.internet.dns },
      dns64: true,
      synthAll: false,
    },
    (params) => unboundService({ node: GATEWAY, dir: gwDir, config: unboundConfig(plan, params), listen: plan.lan.gateway, rootHints: rootHints(plan) }),
  );
  const gwServices: ServiceDefinition[] = [
    dns64,
    taygaService({
      node: GATEWAY,
      dir: gwDir,
      tun: FIXED.tun.nat64,
      prefix: plan.nat64.prefix,
      ipv4Addr: plan.nat64['tayga-ipv4'],
      // Under a network-specific prefix Tayga derives its IPv6 address from the prefix itself.
      ...(wkp ? { ipv6Addr: plan.nat64['tayga-ipv6'] } : {}),
      dynamicPool: plan.nat64.pool,
      mtu: FIXED.pathMtu,
    }),
    iptablesService({ name: 'nat44', node: GATEWAY, dir: gwDir, rules: [GUIDE_NAT44] }),
  ];
  // v6lab addition: the guide's gateway lets the uplink in through the translator (see guide-configs.ts).
  const tuns = natTuns(plan);
  gwServices.push(iptablesService({ name: 'inbound-filter', node: GATEWAY, dir: gwDir, rules: inboundFilterRules(tuns) }));
  lab.notes.push(
    "v6lab addition: the guide's method 1 as written exposes inside hosts to the uplink segment (Tayga is stateless, MASQUERADE rewrites only outbound): " +
      `a neighbour routing ${plan.nat64.pool} via ${uplinkGateway(plan)} reaches them through their pool addresses. The lab adds \`${inboundFilterRules(tuns)[0]}\` on the gateway (outbound unaffected); --fault no-inbound-filter removes it to show the exposure.`,
  );
  // Beside a well-known-prefix NAT64: the same translator on a network-specific prefix, to show
  // what the well-known prefix refuses (non-global IPv4) and that an NSP lifts it.
  if (wkp) {
    gwServices.push(
      taygaService({ name: 'tayga-nsp', node: GATEWAY, dir: gwDir, tun: FIXED.tun.nsp, prefix: plan.nsp.prefix, ipv4Addr: plan.nsp['tayga-ipv4'], dynamicPool: plan.nsp.pool }),
    );
  }
  const ra = lab.faults.has('no-ra')
    ? []
    : [lab.roleService('ra', { node: GATEWAY, dir: gwDir, ifname: 'eth0', prefix: plan.lan.prefix, rdnss: plan.lan.gateway, pref64: plan.nat64.prefix }, () => dnsmasqService({ node: GATEWAY, dir: gwDir, config: dnsmasqConfig(plan) }))];
  // Hosts take their address and resolver as soon as the RA daemon answers, while the rest of
  // the gateway and the internet come up (at 250 hosts the hosts' part is the longer one).
  const [, internet, gateway] = await Promise.all([auditGuide(lab), deployInternet(lab), lab.deploy(gwServices), lab.deploy(ra).then(() => hostsFromRa(lab))]);
  // Read back from the gateway's kernel: the guide's line counts as applied only if the rule is there.
  const held = await lab.runtime.exec(GATEWAY, checkRuleArgv(GUIDE_NAT44));
  lab.audit.push({ daemon: iptables.name, line: GUIDE_NAT44, ok: held.exitCode === 0, message: held.exitCode === 0 ? `applied as written in the gateway (\`${checkRuleArgv(GUIDE_NAT44).join(' ')}\` finds it)` : `not in the gateway's rules: ${checkRuleArgv(GUIDE_NAT44).join(' ')} → exit ${held.exitCode} ${held.stderr.trim()}` });
  const tayga = gateway[1]?.daemon;
  if (!tayga) throw new Error('the NAT64 service came up without its Tayga daemon');
  return { internet, tayga };
}

/** Each host solicits an RA, writes the RDNSS it carried as its resolver, and waits for its SLAAC address. */
async function hostsFromRa(lab: Lab<Nat64Fault>): Promise<void> {
  const { plan } = lab;
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
        if (!(await waitForSlaac(lab.runtime, h, 'eth0', plan.lan.prefix, waitMs))) lab.notes.push(`${h}: no SLAAC address in ${plan.lan.prefix} (waited ${waitMs} ms)`);
      }),
    ),
  );
}
