// Method 2 with Dante: hosts stay link-local-only and use SOCKS5 at [fe80::1%eth0]:1080.
// socks5h:// lets the proxy resolve names; socks5:// makes the client resolve, which fails here.
import { join } from 'node:path';
import { httpProbe, ipv6Packet } from '../../lab/capture/match.js';
import type { Check } from '../../lab/checks/check.js';
import { fetchFailsCheck } from '../../lab/checks/fetch-fails.js';
import { linkLocalOnlyCheck, proxyFetchCheck, proxyListensCheck } from '../../lab/checks/proxy.js';
import type { AuditEntry, Lab } from '../../lab/lab.js';
import type { Scenario } from '../../lab/scenario.js';
import { auditConfigText } from '../../lab/services/config-audit.js';
import { renderConfig, type ComposedConfig, type ConfigCorrection } from '../../lab/services/config-text.js';
import { danteService } from '../../lab/services/dante.js';
import { configDir } from '../../lab/services/service.js';
import { PLAN, WEB_MARKER } from '../common/address-plan.js';
import { daemonStoppedFault, hostaUlaFault } from '../common/faults.js';
import { deployInternet } from '../common/internet.js';
import { GATEWAY, hostNames } from '../common/lan.js';
import { gatewayResolvesOutside, PROXY_INSIDE, PROXY_OUTSIDE, proxyNotOpenCheck, proxyTopology, proxyUrls } from '../common/proxy-lan.js';
import { GUIDE_DANTE } from './guide-configs.js';

const PORT = 1080;
const GUIDE_INTERNAL = 'internal: [fe80::1%eth0] port = 1080';

/** The smallest changes that make the guide's Dante config work (shipped in corrected/danted.conf). */
export const DANTE_CORRECTIONS: ConfigCorrection[] = [
  { guide: 'logoutput: /var/log/danted.log', use: ['logoutput: stderr'], why: "the lab keeps each daemon's log with the run (logs/gw-danted.log)" },
  {
    guide: GUIDE_INTERNAL,
    use: ['internal: eth0 port = 1080'],
    why: 'Dante cannot parse a scoped link-local address: "[fe80::1%eth0]" is looked up as a hostname and fails, "fe80::1%eth0" trips an internal assertion; naming the interface binds its address, fe80::1',
  },
  { guide: 'method: username none', use: ['socksmethod: username none'], why: '"method" is deprecated in Dante 1.4 (it warns and assumes "socksmethod")' },
];

/** Dante 1.4 passes nothing without rules: the link's clients may connect, and go anywhere. */
export const DANTE_RULES = ['client pass {', '  from: fe80::/10 to: 0/0', '}', 'socks pass {', '  from: fe80::/10 to: 0/0', '}'];

function danteConfig(lab: Lab): ComposedConfig {
  if (!lab.faults.has('open-proxy')) {
    return { guideText: GUIDE_DANTE, corrections: DANTE_CORRECTIONS, additions: [{ why: 'Dante passes nothing without client and socks rules: allow the link-local clients', lines: DANTE_RULES }] };
  }
  // Fault open-proxy: also listen on the uplink (Dante wants every internal: before the rules).
  const corrections = DANTE_CORRECTIONS.map((c) => (c.guide === GUIDE_INTERNAL ? { ...c, use: [...c.use, 'internal: eth1 port = 1080'], why: 'fault open-proxy: also on the uplink' } : c));
  const anyone = ['client pass {', '  from: 0/0 to: 0/0', '}', 'socks pass {', '  from: 0/0 to: 0/0', '}'];
  return { guideText: GUIDE_DANTE, corrections, additions: [{ why: 'fault open-proxy: let anyone in', lines: anyone }] };
}

async function auditDante(lab: Lab): Promise<AuditEntry[]> {
  const dir = join(configDir(lab.runtime, GATEWAY), 'guide-verbatim');
  // The guide logs to /var/log/danted.log: read back from a throwaway tmpfs over /var/log.
  const common = { runtime: lab.runtime, node: GATEWAY, daemon: 'dante', checker: ['danted', '-V', '-f'], reportsAllErrors: false, messagesIn: '/var/log/danted.log' };
  const withInternal = (line: string): string => renderConfig({ guideText: GUIDE_DANTE, corrections: [{ guide: GUIDE_INTERNAL, use: [line], why: 'the lab tries this spelling' }], additions: [] }).trimEnd();
  // One at a time: in a container the three share the node's /var/log/danted.log.
  const verbatim = await auditConfigText({ ...common, text: GUIDE_DANTE, path: join(dir, 'danted.conf') });
  // The next spelling a user would try for the internal line, and the one that works.
  const scoped = await auditConfigText({ ...common, text: withInternal('internal: fe80::1%eth0 port = 1080'), path: join(dir, 'danted-try-scoped.conf') });
  const byName = await auditConfigText({ ...common, text: withInternal('internal: eth0 port = 1080'), path: join(dir, 'danted-try-interface.conf') });
  // Dante stops at the first bad line; the guide's later lines are judged in the file that
  // differs only by "internal: eth0".
  const judgedLater = new Map(byName.map((e) => [e.line, e]));
  const entries = verbatim.map((e) => (e.message.startsWith('not judged') && judgedLater.has(e.line) ? { ...judgedLater.get(e.line)!, message: `${judgedLater.get(e.line)!.message} (judged with "internal: eth0")` } : e));
  const tried = (all: AuditEntry[], line: string): AuditEntry => {
    const failed = all.find((e) => !e.ok);
    return { daemon: 'dante', line: `${line}   (spelling tried by the lab)`, ok: !failed, message: failed?.message.replace(/^not judged: the checker failed/, 'danted -V failed') ?? 'accepted by danted -V' };
  };
  return [...entries, tried(scoped, 'internal: fe80::1%eth0 port = 1080'), tried(byName, 'internal: eth0 port = 1080')];
}

async function deploy(lab: Lab): Promise<void> {
  await gatewayResolvesOutside(lab);
  await Promise.all([
    auditDante(lab).then((e) => lab.audit.push(...e)),
    deployInternet(lab),
    lab.deploy([danteService({ node: GATEWAY, dir: configDir(lab.runtime, GATEWAY), config: danteConfig(lab), port: PORT })]),
  ]);
}

function checks(lab: Lab): Check[] {
  const hosts = hostNames(lab.options.hosts);
  const h = proxyUrls('socks5h', PORT);
  const c = proxyUrls('socks5', PORT);
  const page = `http://${PLAN.names.v4only}/`;
  return [
    linkLocalOnlyCheck({ id: 'hosts-link-local-only', hosts }),
    proxyListensCheck({ id: 'proxy-listens-lla', node: GATEWAY, daemon: 'danted', port: PORT, address: PLAN.lan.gatewayLinkLocal, ifname: 'eth0' }),
    proxyFetchCheck({
      id: 'socks-egress-proxy-resolves',
      title: `With socks5h:// the proxy resolves: link-local-only hosts fetch ${page} by name through ${h.scoped}`,
      hosts,
      proxies: [h.scoped, h.encoded],
      url: page,
      bodyMarker: WEB_MARKER,
      wire: [
        { endpoint: PROXY_INSIDE, what: `this check's request inside the SOCKS session, fe80::/10 → [${PLAN.lan.gatewayLinkLocal}]:${PORT}`, match: httpProbe({ src: 'fe80::/10', dst: PLAN.lan.gatewayLinkLocal, dstPort: PORT }) },
        { endpoint: PROXY_OUTSIDE, what: `this check's request from the proxy, ${PLAN.uplink.gateway} → ${PLAN.internet.webV4Only}:80`, match: httpProbe({ src: PLAN.uplink.gateway, dst: PLAN.internet.webV4Only, dstPort: 80 }) },
        { endpoint: PROXY_OUTSIDE, what: 'IPv6 packet (nothing from the link-local LAN is forwarded)', match: ipv6Packet(), absent: true },
      ],
    }),
    fetchFailsCheck({
      id: 'socks-client-resolves-fails',
      title: 'With socks5:// the client resolves, and a link-local-only host has no DNS: "Could not resolve host"; an IPv4 literal still works',
      node: hosts[0]!,
      url: page,
      curlArgs: ['-x', c.scoped],
      failure: /Could not resolve host/,
      control: { node: hosts[0]!, url: `http://${PLAN.internet.webV4Only}/`, curlArgs: ['-x', c.scoped] },
    }),
    proxyNotOpenCheck({ scheme: 'socks5', port: PORT, failure: /Connection refused|Couldn't connect|connection to proxy closed|SOCKS/, control: { node: hosts[0]!, url: page, curlArgs: ['-x', h.scoped] } }),
  ];
}

export const proxySocksScenario: Scenario = {
  name: 'proxy-socks',
  title: 'Method 2: Dante SOCKS5 proxy on the link-local address',
  binaries: ['ip', 'tcpdump', 'danted', 'nsd', 'lighttpd', 'curl', 'ss'],
  topology: proxyTopology,
  captures: [PROXY_INSIDE, PROXY_OUTSIDE],
  deploy,
  checks,
  faults: {
    'proxy-stopped': daemonStoppedFault(GATEWAY, 'danted'),
    'hosta-ula': hostaUlaFault,
    'open-proxy': { description: 'Dante also listens on the uplink and lets anyone in' },
  },
};
