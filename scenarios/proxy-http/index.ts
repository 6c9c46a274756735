// Method 2 with Squid: hosts stay link-local-only and browse through http://[fe80::1%eth0]:3128.
import { CURL_EXIT } from '../../lab/checks/http-fetch.js';
import { join } from 'node:path';
import { fetchFailsCheck } from '../../lab/checks/fetch-fails.js';
import { proxyFetchCheck } from '../../lab/checks/proxy.js';
import { auditConfigText } from '../../lab/services/config-audit.js';
import { renderConfig, type ComposedConfig, type ConfigCorrection } from '../../lab/services/config-text.js';
import { configDir } from '../../lab/services/service.js';
import { squid, SQUID_DENY_UNMATCHED, squidAccessLog, squidService } from '../../lab/services/squid.js';
import type { Plan } from '../../lab/plan/plan.js';
import type { ProxyParams } from '../../lab/services/role.js';
import { planCorrections } from '../../lab/services/config-text.js';
import { GUIDE_PLAN, WEB_MARKER } from '../common/address-plan.js';
import { GATEWAY } from '../common/lan.js';
import { proxyUrls } from '../common/proxy-lan.js';
import { proxyScenario } from '../common/proxy-method.js';
import { GUIDE_BROWSER_PROXY, GUIDE_SQUID } from './guide-configs.js';

const PORT = 3128;
const GUIDE_HTTP_PORT = 'http_port [fe80::1%eth0]:3128';

/** The smallest change that makes the guide's Squid config work (shipped in corrected/squid.conf). */
const SQUID_CORRECTIONS: ConfigCorrection[] = [
  { guide: 'acl localv6 localnet', use: ['acl localv6 src fe80::/10'], why: 'Squid has no ACL type "localnet" (FATAL: Invalid ACL type); "src fe80::/10" names the link-local clients' },
];

/** The guide's link-local address in its Squid config, as the plan has it. */
function onPlan(plan: Plan, port: number, corrections: ConfigCorrection[]): ConfigCorrection[] {
  const lla = plan.lan['gateway-lla'];
  // Another port (roles.http-proxy.port): the guide's listen line names it (and the plan's address).
  const listen = port === PORT ? [] : [{ guide: GUIDE_HTTP_PORT, use: [`http_port [${lla}%eth0]:${port}`], why: `the proxy listens on port ${port}, as the lab asks (roles.http-proxy.port)` }];
  const all = [...corrections, ...listen];
  return [...all, ...planCorrections(GUIDE_SQUID, [{ guide: GUIDE_PLAN.lan['gateway-lla'], plan: lla, what: "the gateway's link-local address" }], all)];
}

/** The guide's Squid for the plan, as the proxy's parameters ask (a fault may deny the clients, open it to the uplink). */
function squidConfig(plan: Plan, p: ProxyParams): ComposedConfig {
  const corrections = [...SQUID_CORRECTIONS];
  if (p.denyClients) corrections.push({ guide: 'http_access allow localv6', use: ['http_access deny localv6'], why: 'clients denied (fault acl-deny): link-local clients denied on purpose' });
  const additions = p.openOn
    ? [{ why: 'open to the uplink (fault open-proxy): also listen there and allow everyone (the classic mistake)', lines: [`http_port ${p.openOn}:${p.port}`, 'http_access allow all'] }]
    : [];
  return { guideText: GUIDE_SQUID, corrections: onPlan(plan, p.port, corrections), additions };
}

/** The guide's client setting, with the plan's link-local address. */
function browserProxy(plan: Plan, port: number): string {
  return GUIDE_BROWSER_PROXY.replace(GUIDE_PLAN.lan['gateway-lla'], plan.lan['gateway-lla']).replace(`]:${PORT}`, `]:${port}`);
}

export const proxyHttpScenario = proxyScenario({
  name: 'proxy-http',
  title: 'Method 2: Squid HTTP proxy on the link-local address',
  role: 'http-proxy',
  guideImpl: 'squid',
  port: PORT,
  guideService: (lab, p) => squidService({ node: GATEWAY, dir: configDir(lab.runtime, GATEWAY), config: squidConfig(lab.plan, p), port: p.port, listen: lab.plan.lan['gateway-lla'], dnsServer: lab.plan.internet.dns }),
  audit: (lab) => auditConfigText({ runtime: lab.runtime, node: GATEWAY, daemon: squid, text: GUIDE_SQUID, path: join(configDir(lab.runtime, GATEWAY), 'guide-verbatim', 'squid.conf') }),
  ids: { egress: 'proxy-egress-http', pitfall: 'proxy-unscoped-fails' },
  egressCheck: ({ lab, hosts, page, port, wire, guide }) => {
    const urls = proxyUrls(lab.plan, 'http', port);
    return proxyFetchCheck({
      id: 'proxy-egress-http',
      title: `Link-local-only hosts fetch ${page} through Squid at ${urls.scoped} (and ${urls.encoded})`,
      hosts,
      // The guide's own client setting, as written, and the same with the zone's "%" URL-encoded.
      proxies: [browserProxy(lab.plan, port), urls.encoded],
      url: page,
      bodyMarker: WEB_MARKER,
      // Squid's access log names each client; the other proxies' logs are not read.
      ...(guide ? { accessLog: { node: GATEWAY, path: squidAccessLog(configDir(lab.runtime, GATEWAY)), clientField: 2 } } : {}),
      wire,
    });
  },
  pitfallCheck: ({ plan, host, page, port }) => {
    const urls = proxyUrls(plan, 'http', port);
    return fetchFailsCheck({
      id: 'proxy-unscoped-fails',
      title: `Without a zone, ${urls.unscoped} fails — the pitfall users hit`,
      node: host,
      url: page,
      curlArgs: ['-x', urls.unscoped],
      failure: { what: 'no connection (an unscoped link-local address names no interface)', curlExit: [CURL_EXIT.couldNotConnect] },
      control: { node: host, url: page, curlArgs: ['-x', urls.scoped] },
    });
  },
  notOpen: { scheme: 'http', failure: { what: 'refused, or denied by the proxy', curlExit: [CURL_EXIT.couldNotConnect], httpStatus: [403] }, controlCurlArgs: (plan, port) => ['-x', proxyUrls(plan, 'http', port).scoped] },
  faults: {
    'acl-deny': {
      description: 'the proxy denies fe80::/10 (Squid: http_access deny localv6)',
      transform: { role: 'http-proxy', capability: 'deny-clients', params: (p: ProxyParams) => ({ ...p, denyClients: true }) },
    },
  },
  shippedConfigs: {
    'scenarios/proxy-http/corrected/squid.conf': renderConfig({ guideText: GUIDE_SQUID, corrections: SQUID_CORRECTIONS, additions: [SQUID_DENY_UNMATCHED] }),
  },
});
