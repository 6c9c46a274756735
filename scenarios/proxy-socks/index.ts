// Method 2 with Dante: hosts stay link-local-only and use SOCKS5 at [fe80::1%eth0]:1080.
// socks5h:// lets the proxy resolve names; socks5:// makes the client resolve, which fails here.
import { CURL_EXIT } from '../../lab/checks/http-fetch.js';
import { join } from 'node:path';
import { fetchFailsCheck } from '../../lab/checks/fetch-fails.js';
import { proxyFetchCheck } from '../../lab/checks/proxy.js';
import type { Lab } from '../../lab/lab.js';
import type { ProxyParams } from '../../lab/services/role.js';
import { auditConfigText, type AuditEntry } from '../../lab/services/config-audit.js';
import { renderConfig, type ComposedConfig, type ConfigCorrection } from '../../lab/services/config-text.js';
import { dante, danteService } from '../../lab/services/dante.js';
import { configDir } from '../../lab/services/service.js';
import { WEB_MARKER } from '../common/address-plan.js';
import { GATEWAY } from '../common/lan.js';
import { proxyUrls } from '../common/proxy-lan.js';
import { proxyScenario } from '../common/proxy-method.js';
import { GUIDE_DANTE } from './guide-configs.js';

const PORT = 1080;
const GUIDE_INTERNAL = 'internal: [fe80::1%eth0] port = 1080';

/** The smallest changes that make the guide's Dante config work (shipped in corrected/danted.conf). */
const DANTE_CORRECTIONS: ConfigCorrection[] = [
  { guide: 'logoutput: /var/log/danted.log', use: ['logoutput: stderr'], why: "the lab keeps each daemon's log with the run (logs/gw-danted.log)" },
  {
    guide: GUIDE_INTERNAL,
    use: ['internal: eth0 port = 1080'],
    why: 'Dante cannot parse a scoped link-local address: "[fe80::1%eth0]" is looked up as a hostname and fails, "fe80::1%eth0" trips an internal assertion; naming the interface binds its address, fe80::1',
  },
  { guide: 'method: username none', use: ['socksmethod: username none'], why: '"method" is deprecated in Dante 1.4 (it warns and assumes "socksmethod")' },
];

/** Dante 1.4 passes nothing without rules: the link's clients may connect, and go anywhere. */
const DANTE_RULES = { why: 'Dante passes nothing without client and socks rules: allow the link-local clients', lines: ['client pass {', '  from: fe80::/10 to: 0/0', '}', 'socks pass {', '  from: fe80::/10 to: 0/0', '}'] };

/** The guide's Dante on the proxy's port, as its parameters ask (a fault may open it to the uplink). */
function danteConfig(p: ProxyParams): ComposedConfig {
  const { port } = p;
  // Another port (roles.socks.port): the corrected internal line names it.
  const onPort = DANTE_CORRECTIONS.map((c) => (c.guide === GUIDE_INTERNAL && port !== PORT ? { ...c, use: c.use.map((l) => l.replace(`port = ${PORT}`, `port = ${port}`)), why: `${c.why}; on port ${port}` } : c));
  if (!p.openOn) return { guideText: GUIDE_DANTE, corrections: onPort, additions: [DANTE_RULES] };
  // Fault open-proxy: also listen on the uplink (Dante wants every internal: before the rules).
  const corrections = onPort.map((c) => (c.guide === GUIDE_INTERNAL ? { ...c, use: [...c.use, `internal: eth1 port = ${port}`], why: 'open to the uplink (fault open-proxy)' } : c));
  const anyone = ['client pass {', '  from: 0/0 to: 0/0', '}', 'socks pass {', '  from: 0/0 to: 0/0', '}'];
  return { guideText: GUIDE_DANTE, corrections, additions: [{ why: 'open to the uplink (fault open-proxy): let anyone in', lines: anyone }] };
}

async function auditDante(lab: Lab): Promise<AuditEntry[]> {
  const dir = join(configDir(lab.runtime, GATEWAY), 'guide-verbatim');
  // The guide logs to /var/log/danted.log: read back from a throwaway tmpfs over /var/log.
  const common = { runtime: lab.runtime, node: GATEWAY, daemon: dante, messagesIn: '/var/log/danted.log' };
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
    return { daemon: dante.name, line: `${line}   (spelling tried by the lab)`, ok: !failed, message: failed?.message.replace(/^not judged: the checker failed/, 'danted -V failed') ?? 'accepted by danted -V' };
  };
  return [...entries, tried(scoped, 'internal: fe80::1%eth0 port = 1080'), tried(byName, 'internal: eth0 port = 1080')];
}

export const proxySocksScenario = proxyScenario({
  name: 'proxy-socks',
  title: 'Method 2: Dante SOCKS5 proxy on the link-local address',
  role: 'socks',
  guideImpl: 'dante',
  port: PORT,
  guideService: (lab, p) => danteService({ node: GATEWAY, dir: configDir(lab.runtime, GATEWAY), config: danteConfig(p), port: p.port }),
  audit: auditDante,
  ids: { egress: 'socks-egress-proxy-resolves', pitfall: 'socks-client-resolves-fails' },
  egressCheck: ({ lab, hosts, page, port, wire }) => {
    const socks5h = proxyUrls(lab.plan, 'socks5h', port);
    return proxyFetchCheck({
      id: 'socks-egress-proxy-resolves',
      title: `With socks5h:// the proxy resolves: link-local-only hosts fetch ${page} by name through ${socks5h.scoped}`,
      hosts,
      proxies: [socks5h.scoped, socks5h.encoded],
      url: page,
      bodyMarker: WEB_MARKER,
      wire,
    });
  },
  pitfallCheck: ({ plan, host, page, port }) => {
    const socks5 = proxyUrls(plan, 'socks5', port);
    return fetchFailsCheck({
      id: 'socks-client-resolves-fails',
      title: 'With socks5:// the client resolves, and a link-local-only host has no DNS: "Could not resolve host"; an IPv4 literal still works',
      node: host,
      url: page,
      curlArgs: ['-x', socks5.scoped],
      // curl 7.88 reports a name its SOCKS5 client could not resolve as a proxy error (97); the control (a literal through the same proxy works) rules out the proxy.
      failure: { what: 'the client cannot resolve the name', curlExit: [CURL_EXIT.couldNotResolveHost, CURL_EXIT.proxyHandshake] },
      control: { node: host, url: `http://${plan.internet.web}/`, curlArgs: ['-x', socks5.scoped] },
    });
  },
  notOpen: { scheme: 'socks5', failure: { what: 'refused, or the SOCKS handshake denied', curlExit: [CURL_EXIT.couldNotConnect, CURL_EXIT.proxyHandshake] }, controlCurlArgs: (plan, port) => ['-x', proxyUrls(plan, 'socks5h', port).scoped] },
  faults: {},
  shippedConfigs: {
    'scenarios/proxy-socks/corrected/danted.conf': renderConfig({
      guideText: GUIDE_DANTE,
      // The guide's log file is fine on a real gateway; only the lab sends it to stderr.
      corrections: DANTE_CORRECTIONS.filter((c) => !c.guide.startsWith('logoutput')),
      additions: [DANTE_RULES],
    }),
  },
});
