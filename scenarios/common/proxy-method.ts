// Method 2's skeleton, shared by both proxy methods (HTTP, SOCKS): link-local-only hosts, the
// proxy on the gateway's link-local address, the lab internet behind an IPv4-only uplink. The
// proxy is a role: the guide's implementation (Squid, Dante) runs the guide's config, corrected;
// another (tinyproxy, privoxy, microsocks) runs its own, rendered from the plan. Each method
// brings its guide config and audit, its egress check and the pitfall users hit; the skeleton
// adds the checks and faults every proxy shares.
import type { ExpectedFailure } from '../../lab/checks/http-fetch.js';
import { httpProbe, ipv6Packet } from '../../lab/capture/match.js';
import type { Check } from '../../lab/checks/check.js';
import { linkLocalOnlyCheck, proxyListensCheck } from '../../lab/checks/proxy.js';
import type { WireExpectation } from '../../lab/checks/wire.js';
import type { Lab } from '../../lab/lab.js';
import type { Plan } from '../../lab/plan/plan.js';
import { defineScenario, type Fault, type Scenario } from '../../lab/scenario.js';
import type { AuditEntry } from '../../lab/services/config-audit.js';
import type { ProxyParams } from '../../lab/services/role.js';
import { roleImpl } from '../../lab/services/roles.js';
import { configDir, type ServiceDefinition } from '../../lab/services/service.js';
import { GUIDE_PLAN } from './address-plan.js';
import { hostaUlaFault } from './faults.js';
import { deployInternet, INTERNET_DAEMONS, uplinkGateway } from './internet.js';
import { GATEWAY, hostNames } from './lan.js';
import { appMatrix, type Egress } from './apps.js';
import { largeTransfer } from './large-transfer.js';
import { gatewayResolvesOutside, PROXY_INSIDE, PROXY_OUTSIDE, proxyNotOpenCheck, proxyTopology, proxyUrls } from './proxy-lan.js';

/** The faults every proxy method has: the proxy killed, HOSTA given an address, the proxy opened to the uplink. */
type SharedFault = 'proxy-stopped' | 'hosta-ula' | 'open-proxy';

export interface ProxyMethod<F extends string> {
  name: string;
  title: string;
  role: 'http-proxy' | 'socks';
  /** The guide's implementation of the role (its config is the guide's, corrected). */
  guideImpl: string;
  /** The guide's port (a lab file's `roles: { <role>: { port } }` or the user's config may name another). */
  port: number;
  /** The guide's implementation, configured for the lab, on `port` (and for the faults that change its config). */
  guideService(lab: Lab<F | SharedFault>, port: number): ServiceDefinition;
  /** The guide's config lines tried with the daemon's own checker. */
  audit(lab: Lab<F | SharedFault>): Promise<AuditEntry[]>;
  /** Every host fetches through the proxy; `wire` is what the captures must show for it. */
  egressCheck(o: { lab: Lab<F | SharedFault>; hosts: string[]; page: string; port: number; wire: WireExpectation[]; guide: boolean }): Check;
  /** The pitfall users hit with this proxy, shown failing (with a control that works). */
  pitfallCheck(o: { plan: Plan; host: string; page: string; port: number }): Check;
  /** proxy-not-open: the scheme to try from outside, what a refusal looks like, a working control. */
  notOpen: { scheme: string; failure: ExpectedFailure; controlCurlArgs(plan: Plan, port: number): string[] };
  faults: Record<F, Fault<F | SharedFault>>;
  shippedConfigs: Record<string, string>;
}

/** What the captures must show for every request through the proxy. */
function proxyWire(plan: Plan, port: number): WireExpectation[] {
  const lla = plan.lan['gateway-lla'];
  const gateway = uplinkGateway(plan);
  return [
    { endpoint: PROXY_INSIDE, what: `this check's request to the proxy, fe80::/10 → [${lla}]:${port}`, match: httpProbe({ src: 'fe80::/10', dst: lla, dstPort: port }) },
    { endpoint: PROXY_OUTSIDE, what: `this check's request from the proxy, ${gateway} → ${plan.internet.web}:80`, match: httpProbe({ src: gateway, dst: plan.internet.web, dstPort: 80 }) },
    { endpoint: PROXY_OUTSIDE, what: 'IPv6 packet (nothing from the link-local LAN is forwarded)', match: ipv6Packet(), absent: true },
  ];
}

export function proxyScenario<const F extends string>(m: ProxyMethod<F>): Scenario {
  const program = (lab: Lab) => roleImpl(m.role, lab.role(m.role))!.daemon;
  const portOf = (lab: Lab): number => lab.port(m.role, m.port, lab.plan.lan['gateway-lla']);
  const params = (lab: Lab<F | SharedFault>): ProxyParams => ({
    node: GATEWAY,
    dir: configDir(lab.runtime, GATEWAY),
    ifname: 'eth0',
    address: lab.plan.lan['gateway-lla'],
    port: portOf(lab),
    dnsServer: lab.plan.internet.dns,
    clients: 'fe80::/10',
    ...(lab.faults.has('open-proxy') ? { openOn: uplinkGateway(lab.plan) } : {}),
    denyClients: (lab.faults as { has(f: string): boolean }).has('acl-deny'),
  });
  const egress = (lab: Lab): Egress => ({
    kind: 'proxy',
    role: m.role,
    inside: PROXY_INSIDE,
    outside: PROXY_OUTSIDE,
    proxyUrl: (zone) => proxyUrls(lab.plan, m.role === 'http-proxy' ? 'http' : 'socks5h', portOf(lab), zone).scoped,
    tunnels: roleImpl(m.role, lab.role(m.role))?.tunnels ?? { anyPort: true, why: "no port restriction in the lab's config for it" },
  });
  const shared: Record<SharedFault, Fault<F | SharedFault>> = {
    'proxy-stopped': {
      description: 'kill the proxy after it came up',
      apply: async (lab) => {
        const d = lab.serviceOf(program(lab))?.daemon;
        if (!d) throw new Error(`no ${lab.role(m.role)} daemon in this lab`);
        d.kill();
        await d.stop();
      },
    },
    'hosta-ula': hostaUlaFault,
    'open-proxy': { description: 'the proxy also listens on the uplink and lets anyone in', needs: { role: m.role, param: 'openOn' } },
  };
  return defineScenario<F | SharedFault>({
    name: m.name,
    title: m.title,
    daemons: [...INTERNET_DAEMONS],
    tools: ['curl'],
    defaultPlan: GUIDE_PLAN,
    roles: { [m.role]: m.guideImpl },
    topology: proxyTopology,
    captures: [PROXY_INSIDE, PROXY_OUTSIDE],
    async deploy(lab) {
      await gatewayResolvesOutside(lab);
      const proxy = lab.roleService(m.role, params(lab), () => m.guideService(lab, portOf(lab)));
      await Promise.all([m.audit(lab).then((entries) => lab.audit.push(...entries)), deployInternet(lab), lab.deploy([proxy])]);
    },
    checks(lab) {
      const { plan } = lab;
      const hosts = hostNames(lab.options.hosts);
      const host = hosts[0]!;
      const out = egress(lab);
      const page = `http://${plan.internet.names.v4only}/`;
      const port = portOf(lab);
      return [
        linkLocalOnlyCheck({ id: 'hosts-link-local-only', hosts }),
        proxyListensCheck({ id: 'proxy-listens-lla', node: GATEWAY, daemon: program(lab).binary, service: lab.serviceOf(program(lab))?.definition.name, port, address: plan.lan['gateway-lla'], ifname: 'eth0' }),
        m.egressCheck({ lab, hosts, page, port, wire: proxyWire(plan, port), guide: lab.role(m.role) === m.guideImpl }),
        m.pitfallCheck({ plan, host, page, port }),
        ...appMatrix(lab, host, out),
        largeTransfer(lab, host, out, 'the proxy ends TCP on each side, so each connection sizes its own segments'),
        proxyNotOpenCheck(plan, { scheme: m.notOpen.scheme, port, failure: m.notOpen.failure, control: { node: host, url: page, curlArgs: m.notOpen.controlCurlArgs(plan, port) } }),
      ];
    },
    faults: { ...shared, ...m.faults },
    shippedConfigs: m.shippedConfigs,
  });
}
