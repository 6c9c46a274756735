// Method 2's skeleton, shared by every proxy (Squid, Dante): link-local-only hosts, the proxy on
// the gateway's link-local address, the lab internet behind an IPv4-only uplink. Each proxy
// brings its daemon, its config and audit, its egress check and the pitfall users hit with it;
// the skeleton adds the checks and faults every proxy shares.
import { httpProbe, ipv6Packet } from '../../lab/capture/match.js';
import type { Check } from '../../lab/checks/check.js';
import { linkLocalOnlyCheck, proxyListensCheck } from '../../lab/checks/proxy.js';
import type { WireExpectation } from '../../lab/checks/wire.js';
import type { Lab } from '../../lab/lab.js';
import { defineScenario, type Fault, type Scenario } from '../../lab/scenario.js';
import type { AuditEntry } from '../../lab/services/config-audit.js';
import type { DaemonSpec } from '../../lab/services/daemon-spec.js';
import type { DaemonName } from '../../lab/services/registry.js';
import type { ServiceDefinition } from '../../lab/services/service.js';
import { PLAN } from './address-plan.js';
import { daemonStoppedFault, hostaUlaFault } from './faults.js';
import { deployInternet } from './internet.js';
import { GATEWAY, hostNames } from './lan.js';
import { gatewayResolvesOutside, PROXY_INSIDE, PROXY_OUTSIDE, proxyNotOpenCheck, proxyTopology } from './proxy-lan.js';

/** The faults every proxy method has; `open-proxy` is the proxy's own config change. */
type SharedFault = 'proxy-stopped' | 'hosta-ula' | 'open-proxy';

export interface ProxyMethod<F extends string> {
  name: string;
  title: string;
  daemon: DaemonName;
  program: DaemonSpec;
  port: number;
  /** The daemon, configured for the lab (and for the faults that change its config). */
  service(lab: Lab<F | SharedFault>): ServiceDefinition;
  /** The guide's config lines tried with the daemon's own checker. */
  audit(lab: Lab<F | SharedFault>): Promise<AuditEntry[]>;
  /** Every host fetches through the proxy; `wire` is what the captures must show for it. */
  egressCheck(o: { lab: Lab<F | SharedFault>; hosts: string[]; page: string; wire: WireExpectation[] }): Check;
  /** The pitfall users hit with this proxy, shown failing (with a control that works). */
  pitfallCheck(o: { host: string; page: string }): Check;
  /** proxy-not-open: the scheme to try from outside, what a refusal looks like, a working control. */
  notOpen: { scheme: string; failure: RegExp; controlCurlArgs: string[] };
  /** What open-proxy changes in this proxy's config. */
  openProxyDescription: string;
  faults: Record<F, Fault<F | SharedFault>>;
  shippedConfigs: Record<string, string>;
}

export function proxyScenario<const F extends string>(m: ProxyMethod<F>): Scenario {
  const page = `http://${PLAN.names.v4only}/`;
  const proxyAt = `[${PLAN.lan.gatewayLinkLocal}]:${m.port}`;
  const wire: WireExpectation[] = [
    { endpoint: PROXY_INSIDE, what: `this check's request to the proxy, fe80::/10 → ${proxyAt}`, match: httpProbe({ src: 'fe80::/10', dst: PLAN.lan.gatewayLinkLocal, dstPort: m.port }) },
    { endpoint: PROXY_OUTSIDE, what: `this check's request from the proxy, ${PLAN.uplink.gateway} → ${PLAN.internet.webV4Only}:80`, match: httpProbe({ src: PLAN.uplink.gateway, dst: PLAN.internet.webV4Only, dstPort: 80 }) },
    { endpoint: PROXY_OUTSIDE, what: 'IPv6 packet (nothing from the link-local LAN is forwarded)', match: ipv6Packet(), absent: true },
  ];
  const shared: Record<SharedFault, Fault<F | SharedFault>> = {
    'proxy-stopped': daemonStoppedFault(GATEWAY, m.program.binary),
    'hosta-ula': hostaUlaFault,
    'open-proxy': { description: m.openProxyDescription },
  };
  return defineScenario<F | SharedFault>({
    name: m.name,
    title: m.title,
    daemons: [m.daemon, 'nsd', 'lighttpd'],
    tools: ['curl'],
    topology: proxyTopology,
    captures: [PROXY_INSIDE, PROXY_OUTSIDE],
    async deploy(lab) {
      await gatewayResolvesOutside(lab);
      await Promise.all([m.audit(lab).then((entries) => lab.audit.push(...entries)), deployInternet(lab), lab.deploy([m.service(lab)])]);
    },
    checks(lab) {
      const hosts = hostNames(lab.options.hosts);
      const host = hosts[0]!;
      return [
        linkLocalOnlyCheck({ id: 'hosts-link-local-only', hosts }),
        proxyListensCheck({ id: 'proxy-listens-lla', node: GATEWAY, daemon: m.program.binary, port: m.port, address: PLAN.lan.gatewayLinkLocal, ifname: 'eth0' }),
        m.egressCheck({ lab, hosts, page, wire }),
        m.pitfallCheck({ host, page }),
        proxyNotOpenCheck({ scheme: m.notOpen.scheme, port: m.port, failure: m.notOpen.failure, control: { node: host, url: page, curlArgs: m.notOpen.controlCurlArgs } }),
      ];
    },
    faults: { ...shared, ...m.faults },
    shippedConfigs: m.shippedConfigs,
  });
}
