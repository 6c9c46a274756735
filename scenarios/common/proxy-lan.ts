// Method 2's network: hosts with nothing but link-local addresses, the gateway with its
// link-local address on the LAN and only IPv4 outside. Nothing is routed: traffic leaves through
// the proxy alone.
import type { ExpectedFailure } from '../../lab/checks/http-fetch.js';
import type { Check } from '../../lab/checks/check.js';
import { fetchFailsCheck } from '../../lab/checks/fetch-fails.js';
import type { Lab } from '../../lab/lab.js';
import type { Plan } from '../../lab/plan/plan.js';
import type { ScenarioOptions } from '../../lab/scenario.js';
import type { Endpoint, Topology } from '../../lab/topology/types.js';
import { INTERNET, internetNode, uplinkGateway } from './internet.js';
import { GATEWAY, hostNames, hostNode, lanSegment } from './lan.js';

export const PROXY_INSIDE: Endpoint = 'hosta:eth0';
export const PROXY_OUTSIDE: Endpoint = `${GATEWAY}:eth1`;

/** How users spell the proxy address: with the zone, and with the zone's "%" URL-encoded. */
export function proxyUrls(plan: Plan, scheme: string, port: number, zone = 'eth0'): { scoped: string; encoded: string; unscoped: string } {
  const lla = plan.lan['gateway-lla'];
  return { scoped: `${scheme}://[${lla}%${zone}]:${port}`, encoded: `${scheme}://[${lla}%25${zone}]:${port}`, unscoped: `${scheme}://[${lla}]:${port}` };
}

export function proxyTopology({ hosts: count, plan }: ScenarioOptions): Topology {
  const hosts = hostNames(count);
  const noRa = { 'net.ipv6.conf.all.accept_ra': '0', 'net.ipv6.conf.default.accept_ra': '0' };
  return {
    nodes: [
      ...hosts.map((h) => hostNode(h, { sysctls: { ...hostNode(h).sysctls, ...noRa } })),
      {
        name: GATEWAY,
        role: 'router',
        interfaces: {
          eth0: { addrGenMode: 'none', addresses: [{ cidr: `${plan.lan['gateway-lla']}/64`, nodad: true }] },
          eth1: { addresses: [{ cidr: plan.uplink.gateway }] },
        },
        routes: [{ to: 'default', via: plan.uplink.internet, dev: 'eth1' }],
        // No forwarding at all: only the proxy's own connections leave. The outside is IPv4-only.
        sysctls: { 'net.ipv6.conf.eth1.disable_ipv6': '1' },
      },
      internetNode(plan),
    ],
    segments: [lanSegment(hosts)],
    links: [{ ends: [`${GATEWAY}:eth1`, `${INTERNET}:eth0`] }],
  };
}

/**
 * The proxy is not an open proxy on the uplink: from the internet, the gateway's address on the
 * proxy's port is refused or denied — while the same proxy works from the LAN (the control).
 */
export function proxyNotOpenCheck(plan: Plan, o: { scheme: string; port: number; failure: ExpectedFailure; control: { node: string; url: string; curlArgs: string[] } }): Check {
  const gateway = uplinkGateway(plan);
  return fetchFailsCheck({
    id: 'proxy-not-open',
    title: `Nobody outside the link can use the proxy: ${gateway}:${o.port} from the internet is refused or denied`,
    node: INTERNET,
    url: `http://${plan.internet.web}/`,
    curlArgs: ['-x', `${o.scheme}://${gateway}:${o.port}`],
    failure: o.failure,
    control: o.control,
  });
}

/** The proxies resolve names against the lab internet's DNS (its authoritative root server). */
export async function gatewayResolvesOutside(lab: Lab): Promise<void> {
  await lab.runtime.setResolvConf(GATEWAY, `nameserver ${lab.plan.internet.dns}\n`);
}
