// Method 2's skeleton, shared by both proxy methods (HTTP, SOCKS): link-local-only hosts, the
// proxy on the gateway's link-local address, the lab internet behind an IPv4-only uplink. The
// proxy is a role: the guide's implementation (Squid, Dante) runs the guide's config, corrected;
// another (tinyproxy, privoxy, microsocks) runs its own, rendered from the plan. Each method
// brings its guide config and audit, its egress check and the pitfall users hit; the skeleton
// adds the checks and faults every proxy shares.
import type { ExpectedFailure } from '../../lab/checks/http-fetch.js';
import { httpProbe, ipv6Packet } from '../../lab/capture/match.js';
import type { Check } from '../../lab/checks/check.js';
import { checkGroup } from '../../lab/checks/check-group.js';
import { linkLocalOnlyCheck, proxyListensCheck } from '../../lab/checks/proxy.js';
import type { WireExpectation } from '../../lab/checks/wire.js';
import type { Lab } from '../../lab/lab.js';
import type { Plan } from '../../lab/plan/plan.js';
import { defineScenario, type Fault, type Scenario } from '../../lab/scenario.js';
import type { AuditEntry } from '../../lab/services/config-audit.js';
import type { ProxyParams } from '../../lab/services/role.js';
import { roleImpl } from '../../lab/services/roles.js';
import { configDir, type DeployedService, type ServiceDefinition } from '../../lab/services/service.js';
import { loopbackForwarderService, loopbackForwarderUnit } from '../../lab/services/socat.js';
import { probeFetch } from '../../lab/checks/http-fetch.js';
import { withWire } from '../../lab/checks/wire.js';
import { GUIDE_PLAN, WEB_MARKER } from './address-plan.js';
import { hostaUlaFault } from './faults.js';
import { deployInternet, INTERNET_DAEMONS, internetPlanProblems, uplinkGateway, type InternetDeployed } from './internet.js';
import { GATEWAY, hostNames } from './lan.js';
import { appGroup, PROXY_APPS, proxyEgress, ZONE, type Egress } from './apps.js';
import { proxyBrowserGroup } from './browsers.js';
import { largeTransferGroup } from './large-transfer.js';
import { gatewayResolvesOutside, PROXY_INSIDE, PROXY_OUTSIDE, proxyNotOpenCheck, proxyTopology, proxyUrls } from './proxy-lan.js';

/** The faults every proxy method has: the proxy killed, HOSTA given an address, the proxy opened to the uplink. */
type SharedFault = 'proxy-stopped' | 'hosta-ula' | 'open-proxy';

export interface ProxyMethod<F extends string, E extends string, P extends string> {
  name: string;
  title: string;
  role: 'http-proxy' | 'socks';
  /** The guide's implementation of the role (its config is the guide's, corrected). */
  guideImpl: string;
  /** The guide's port (a lab file's `roles: { <role>: { port } }` or the user's config may name another). */
  port: number;
  /** The guide's implementation, configured for the lab, for the role's parameters (its port; as the run's faults change them). */
  guideService(lab: Lab<F | SharedFault>, params: ProxyParams): ServiceDefinition;
  /** The guide's config lines tried with the daemon's own checker. */
  audit(lab: Lab<F | SharedFault>): Promise<AuditEntry[]>;
  /** The ids of its egress check and its pitfall check. */
  ids: { egress: E; pitfall: P };
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

/** What a proxy method's deploy made that its checks read: the internet's CA and log, the proxy. */
export interface ProxyDeployed {
  internet: InternetDeployed;
  proxy: DeployedService;
}

export function proxyScenario<const F extends string, const E extends string, const P extends string>(m: ProxyMethod<F, E, P>): Scenario {
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
    denyClients: false,
  });
  const egress = (lab: Lab): Egress =>
    proxyEgress({
      role: m.role,
      inside: PROXY_INSIDE,
      outside: PROXY_OUTSIDE,
      proxyUrl: (zone) => proxyUrls(lab.plan, m.role === 'http-proxy' ? 'http' : 'socks5h', portOf(lab), zone).scoped,
      tunnels: roleImpl(m.role, lab.role(m.role))?.tunnels ?? { anyPort: true, why: "no port restriction in the lab's config for it" },
      proxy: { address: lab.plan.lan['gateway-lla'], port: portOf(lab) },
    });
  const first = (lab: Lab): string => hostNames(lab.options.hosts)[0]!;
  const page = (lab: Lab): string => `http://${lab.plan.internet.names.v4only}/`;
  const checks = [
    checkGroup({
      name: 'link-local-only hosts, the proxy on the link-local address',
      ids: ['hosts-link-local-only', 'proxy-listens-lla'],
      make: (lab: Lab, deployed: ProxyDeployed) => [
        linkLocalOnlyCheck({ id: 'hosts-link-local-only', hosts: hostNames(lab.options.hosts) }),
        proxyListensCheck({ id: 'proxy-listens-lla', node: GATEWAY, daemon: program(lab).binary, service: deployed.proxy.definition.name, port: portOf(lab), address: lab.plan.lan['gateway-lla'], ifname: 'eth0' }),
      ],
    }),
    checkGroup({
      name: 'egress through the proxy, and the pitfall users hit',
      ids: [m.ids.egress, m.ids.pitfall],
      make: (lab: Lab<F | SharedFault>) => [
        m.egressCheck({ lab, hosts: hostNames(lab.options.hosts), page: page(lab), port: portOf(lab), wire: proxyWire(lab.plan, portOf(lab)), guide: lab.role(m.role) === m.guideImpl }),
        m.pitfallCheck({ plan: lab.plan, host: first(lab), page: page(lab), port: portOf(lab) }),
      ],
    }),
    appGroup<(typeof PROXY_APPS)[number], ProxyDeployed>(PROXY_APPS, egress),
    checkGroup({
      name: 'a forwarder on the host for clients that refuse zone ids',
      ids: ['proxy-forwarder'],
      make: (lab: Lab) => [forwarderCheck(lab, egress(lab))],
    }),
    proxyBrowserGroup<ProxyDeployed>(egress),
    largeTransferGroup<ProxyDeployed>(egress, 'the proxy ends TCP on each side, so each connection sizes its own segments'),
    checkGroup({
      name: 'the proxy is not open to the uplink',
      ids: ['proxy-not-open'],
      make: (lab: Lab) => {
        const port = portOf(lab);
        return [proxyNotOpenCheck(lab.plan, { scheme: m.notOpen.scheme, port, failure: m.notOpen.failure, control: { node: first(lab), url: page(lab), curlArgs: m.notOpen.controlCurlArgs(lab.plan, port) } })];
      },
    }),
  ] as const;
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
    'open-proxy': {
      description: 'the proxy also listens on the uplink and lets anyone in',
      transform: { role: m.role, capability: 'open-to-uplink', params: (p: ProxyParams, plan: Plan) => ({ ...p, openOn: uplinkGateway(plan) }) },
    },
  };
  return defineScenario<F | SharedFault, (typeof checks)[number]['ids'][number], ProxyDeployed>({
    name: m.name,
    title: m.title,
    daemons: [...INTERNET_DAEMONS],
    tools: ['curl'],
    defaultPlan: GUIDE_PLAN,
    roles: { [m.role]: m.guideImpl },
    topology: proxyTopology,
    captures: [PROXY_INSIDE, PROXY_OUTSIDE],
    async deploy(lab: Lab<F | SharedFault>): Promise<ProxyDeployed> {
      await gatewayResolvesOutside(lab);
      const proxy = lab.roleService(m.role, params(lab), (p) => m.guideService(lab, p));
      // The forwarder on the first host, for clients that refuse the guide's zone id (browsers.ts).
      const port = portOf(lab);
      const forwarder = loopbackForwarderService({ node: first(lab), port, target: lab.plan.lan['gateway-lla'], zone: ZONE, targetPort: port });
      const [, internet, [deployed]] = await Promise.all([m.audit(lab).then((entries) => lab.audit.push(...entries)), deployInternet(lab), lab.deploy([proxy, forwarder])]);
      return { internet, proxy: deployed! };
    },
    checks,
    planProblems: internetPlanProblems,
    faults: { ...shared, ...m.faults } as Record<F | SharedFault, Fault<F | SharedFault>>,
    shippedConfigs: {
      ...m.shippedConfigs,
      [`scenarios/${m.name}/corrected/proxy-forwarder.service`]: loopbackForwarderUnit({
        port: m.port,
        target: GUIDE_PLAN.lan['gateway-lla'],
        zone: ZONE,
        targetPort: m.port,
        clientHint: m.role === 'http-proxy' ? `Chromium: --proxy-server=http://[::1]:${m.port}` : `Chromium: --proxy-server=socks5://[::1]:${m.port}`,
      }),
    },
  });
}

/**
 * The forwarder on the first host carries a proxy-aware app: curl through [::1] (no zone) reaches
 * the page, and HOSTA's link shows the request going to the proxy on its link-local address.
 */
function forwarderCheck(lab: Lab, egress: Egress): Check {
  const host = hostNames(lab.options.hosts)[0]!;
  const proxy = egress.proxy!;
  const url = `${proxy.kind === 'http' ? 'http' : 'socks5h'}://[::1]:${proxy.port}`;
  const page = `http://${lab.plan.internet.names.v4only}/`;
  return {
    id: 'proxy-forwarder',
    title: `A forwarder on ${host} from [::1]:${proxy.port} to [${proxy.address}%${ZONE}]:${proxy.port} carries a proxy-aware app (what a browser refusing zone ids is given)`,
    expected: `curl -x ${url} ${page} gets the page; ${host}'s link carries the request to [${proxy.address}]:${proxy.port}`,
    async run(ctx) {
      const f = await probeFetch(ctx, host, page, ['-x', url], WEB_MARKER);
      const wire = [{ endpoint: egress.inside, what: `the request from ${host}'s link-local address to [${proxy.address}]:${proxy.port}`, match: httpProbe({ src: 'fe80::/10', dst: proxy.address, dstPort: proxy.port }) }];
      return f.good ? withWire(ctx, { ok: true, observed: f.line }, wire, [f.probe]) : { ok: false, observed: f.line };
    },
  };
}
