// Method 2 with Squid: hosts stay link-local-only and browse through http://[fe80::1%eth0]:3128.
import { join } from 'node:path';
import { httpProbe, ipv6Packet } from '../../lab/capture/match.js';
import type { Check } from '../../lab/checks/check.js';
import { fetchFailsCheck } from '../../lab/checks/fetch-fails.js';
import { linkLocalOnlyCheck, proxyFetchCheck, proxyListensCheck } from '../../lab/checks/proxy.js';
import type { Lab } from '../../lab/lab.js';
import type { Scenario } from '../../lab/scenario.js';
import { auditConfigText } from '../../lab/services/config-audit.js';
import type { ComposedConfig, ConfigCorrection } from '../../lab/services/config-text.js';
import { configDir } from '../../lab/services/service.js';
import { squidAccessLog, squidService } from '../../lab/services/squid.js';
import { PLAN, WEB_MARKER } from '../common/address-plan.js';
import { daemonStoppedFault, hostaUlaFault } from '../common/faults.js';
import { deployInternet } from '../common/internet.js';
import { GATEWAY, hostNames } from '../common/lan.js';
import { gatewayResolvesOutside, PROXY_INSIDE, PROXY_OUTSIDE, proxyNotOpenCheck, proxyTopology, proxyUrls } from '../common/proxy-lan.js';
import { GUIDE_BROWSER_PROXY, GUIDE_SQUID } from './guide-configs.js';

const PORT = 3128;

/** The smallest change that makes the guide's Squid config work (shipped in corrected/squid.conf). */
export const SQUID_CORRECTIONS: ConfigCorrection[] = [
  { guide: 'acl localv6 localnet', use: ['acl localv6 src fe80::/10'], why: 'Squid has no ACL type "localnet" (FATAL: Invalid ACL type); "src fe80::/10" names the link-local clients' },
];

function squidConfig(lab: Lab): ComposedConfig {
  const corrections = [...SQUID_CORRECTIONS];
  if (lab.faults.has('acl-deny')) corrections.push({ guide: 'http_access allow localv6', use: ['http_access deny localv6'], why: 'fault acl-deny: link-local clients denied on purpose' });
  const additions = lab.faults.has('open-proxy')
    ? [{ why: 'fault open-proxy: also listen on the uplink and allow everyone (the classic mistake)', lines: [`http_port ${PLAN.uplink.gateway}:${PORT}`, 'http_access allow all'] }]
    : [];
  return { guideText: GUIDE_SQUID, corrections, additions };
}

async function deploy(lab: Lab): Promise<void> {
  const dir = configDir(lab.runtime, GATEWAY);
  const audit = auditConfigText({
    runtime: lab.runtime,
    node: GATEWAY,
    daemon: 'squid',
    text: GUIDE_SQUID,
    path: join(dir, 'guide-verbatim', 'squid.conf'),
    checker: ['squid', '-k', 'parse', '-f'],
    reportsAllErrors: false,
  });
  await gatewayResolvesOutside(lab);
  await Promise.all([
    audit.then((entries) => lab.audit.push(...entries)),
    deployInternet(lab),
    lab.deploy([squidService({ node: GATEWAY, dir, config: squidConfig(lab), port: PORT, listen: PLAN.lan.gatewayLinkLocal, dnsServer: PLAN.internet.rootDns })]),
  ]);
}

function checks(lab: Lab): Check[] {
  const hosts = hostNames(lab.options.hosts);
  const urls = proxyUrls('http', PORT);
  const page = `http://${PLAN.names.v4only}/`;
  return [
    linkLocalOnlyCheck({ id: 'hosts-link-local-only', hosts }),
    proxyListensCheck({ id: 'proxy-listens-lla', node: GATEWAY, daemon: 'squid', port: PORT, address: PLAN.lan.gatewayLinkLocal, ifname: 'eth0' }),
    proxyFetchCheck({
      id: 'proxy-egress-http',
      title: `Link-local-only hosts fetch ${page} through Squid at ${urls.scoped} (and ${urls.encoded})`,
      hosts,
      // The guide's own client setting, as written, and the same with the zone's "%" URL-encoded.
      proxies: [GUIDE_BROWSER_PROXY, urls.encoded],
      url: page,
      bodyMarker: WEB_MARKER,
      accessLog: { node: GATEWAY, path: squidAccessLog(configDir(lab.runtime, GATEWAY)), clientField: 2 },
      wire: [
        { endpoint: PROXY_INSIDE, what: `this check's proxy request fe80::/10 → [${PLAN.lan.gatewayLinkLocal}]:${PORT}`, match: httpProbe({ src: 'fe80::/10', dst: PLAN.lan.gatewayLinkLocal, dstPort: PORT }) },
        { endpoint: PROXY_OUTSIDE, what: `this check's request from the proxy, ${PLAN.uplink.gateway} → ${PLAN.internet.webV4Only}:80`, match: httpProbe({ src: PLAN.uplink.gateway, dst: PLAN.internet.webV4Only, dstPort: 80 }) },
        { endpoint: PROXY_OUTSIDE, what: 'IPv6 packet (nothing from the link-local LAN is forwarded)', match: ipv6Packet(), absent: true },
      ],
    }),
    fetchFailsCheck({
      id: 'proxy-unscoped-fails',
      title: `Without a zone, ${urls.unscoped} fails — the pitfall users hit`,
      node: hosts[0]!,
      url: page,
      curlArgs: ['-x', urls.unscoped],
      failure: /curl: \(7\)/,
      control: { node: hosts[0]!, url: page, curlArgs: ['-x', urls.scoped] },
    }),
    proxyNotOpenCheck({ scheme: 'http', port: PORT, failure: /Connection refused|Couldn't connect|HTTP 403/, control: { node: hosts[0]!, url: page, curlArgs: ['-x', urls.scoped] } }),
  ];
}

export const proxyHttpScenario: Scenario = {
  name: 'proxy-http',
  title: 'Method 2: Squid HTTP proxy on the link-local address',
  binaries: ['ip', 'tcpdump', 'squid', 'nsd', 'lighttpd', 'curl', 'ss'],
  topology: proxyTopology,
  captures: [PROXY_INSIDE, PROXY_OUTSIDE],
  deploy,
  checks,
  faults: {
    'proxy-stopped': daemonStoppedFault(GATEWAY, 'squid'),
    'hosta-ula': hostaUlaFault,
    'acl-deny': { description: 'Squid denies fe80::/10 (http_access deny localv6)' },
    'open-proxy': { description: 'Squid also listens on the uplink and allows everyone' },
  },
};
