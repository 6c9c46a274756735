// The lab's IPv4-only "internet": one namespace with the uplink to the gateway, an authoritative
// server for the root zone "." (so the gateway's resolver iterates as on the real Internet) and
// a web server. It has no IPv6 at all. Its addresses and names come from the plan.
import type { Lab } from '../../lab/lab.js';
import { bare, type Plan, type PlanProblem } from '../../lab/plan/plan.js';
import { labPki, type LabPki } from '../../lab/services/lab-ca.js';
import { lighttpdService, accessLogPath } from '../../lab/services/lighttpd.js';
import { nsdService } from '../../lab/services/nsd.js';
import { rootHintsText } from '../../lab/services/root-hints.js';
import type { DaemonName } from '../../lab/services/registry.js';
import { httpSinkService, tcpBannerService } from '../../lab/services/socat.js';
import { configDir } from '../../lab/services/service.js';
import { parseCidr } from '../../lab/topology/address.js';
import type { NodeSpec } from '../../lab/topology/types.js';
import { FIXED, WEB_MARKER } from './address-plan.js';

export const INTERNET = 'internet';

/** What the internet runs: the root's authoritative server, the web server, a TCP service that is not HTTP. */
export const INTERNET_DAEMONS = ['nsd', 'lighttpd', 'socat'] as const satisfies readonly DaemonName[];

/** The non-HTTP TCP service on the web server's address: an SSH-like greeting on port 22. */
export const TCP_BANNER = { port: 22, banner: 'SSH-2.0-v6lab-internet' } as const;

/** A large transfer each way: a 1 MiB file on the web server, and an HTTP sink that counts 1 MiB posted to it. */
export const LARGE_TRANSFER = { bytes: 1 << 20, page: 'large.bin', sinkPort: 9000 } as const;

/**
 * A page like a user's: its pictures come from another IPv4-only name, a dual-stack name and an
 * IPv4 literal. Its script reports to its own server what loaded (`/report?probe=<the page's
 * probe>&<source>=loaded|failed`), so every browser's verdict lands in the access log.
 */
export const MIXED_PAGE = 'mixed.html';
export const SUBRESOURCES = ['v4only-name', 'dual-stack-name', 'ipv4-literal'] as const;
export type Subresource = (typeof SUBRESOURCES)[number];
const PICTURE = 'picture.svg';

/** The mixed page's other IPv4-only name: a name below the web server's own, on the same server. */
export function otherV4onlyName(plan: Plan): string {
  return `img.${plan.internet.names.v4only}`;
}

function mixedPage(plan: Plan): string {
  const sources: Record<Subresource, string> = {
    'v4only-name': `http://${otherV4onlyName(plan)}/${PICTURE}`,
    'dual-stack-name': `http://${plan.internet.names['dual-stack']}/${PICTURE}`,
    'ipv4-literal': `http://${plan.internet.web}/${PICTURE}`,
  };
  return `<!doctype html>
<html><head><title>${WEB_MARKER}: a page like a user's</title></head>
<body><h1>${WEB_MARKER}</h1><ul id="pictures"></ul>
<script>
// Each picture's fate, shown in the page and reported to this server once all have settled.
const probe = new URLSearchParams(location.search).get('probe') || 'none';
const sources = ${JSON.stringify(sources)};
const seen = {};
function settled(name, what) {
  seen[name] = what;
  const li = document.createElement('li');
  li.id = name;
  li.textContent = name + ': ' + what;
  document.getElementById('pictures').appendChild(li);
  if (Object.keys(seen).length < Object.keys(sources).length) return;
  const report = document.createElement('img');
  report.src = '/report?probe=' + probe + '&' + Object.keys(seen).map((k) => k + '=' + seen[k]).join('&');
  document.body.appendChild(report);
}
for (const [name, url] of Object.entries(sources)) {
  const img = document.createElement('img');
  img.onload = () => settled(name, 'loaded');
  img.onerror = () => settled(name, 'failed');
  img.src = url + '?probe=' + probe + '-' + name;
  document.body.appendChild(img);
}
</script></body></html>
`;
}

/** The ports the internet's own services take: DNS, the SSH-like greeting, HTTP, HTTPS, the upload sink. */
const OWN_PORTS = [53, TCP_BANNER.port, 80, 443, LARGE_TRANSFER.sinkPort];
/** Its own services' names (deployInternet): yours are named otherwise. */
const OWN_SERVICES = ['nsd', 'lighttpd', 'tcp-banner', 'http-sink'];

/** What the internet needs of a plan beyond any plan's basics: your services beside its own, never on their ports. */
export function internetPlanProblems(plan: Plan): PlanProblem[] {
  return (plan.internet.services ?? []).flatMap((svc, i) => {
    const at = (key: string) => ({ path: `plan.internet.services.${i}.${key}`, keys: ['plan', 'internet', 'services', String(i), key] });
    return [
      ...(OWN_PORTS.includes(svc.port) ? [{ ...at('port'), message: `port ${svc.port} is the lab internet's own (${OWN_PORTS.join(', ')}: DNS, the SSH-like greeting, HTTP, HTTPS, the upload sink): choose another` }] : []),
      ...(OWN_SERVICES.includes(svc.name) ? [{ ...at('name'), message: `${svc.name} is a service of the lab internet's own (${OWN_SERVICES.join(', ')}): choose another name` }] : []),
    ];
  });
}

/** The internet's side of the uplink: the plan's address with the gateway's prefix length. */
export function internetUplinkCidr(plan: Plan): string {
  return `${plan.uplink.internet}/${parseCidr(plan.uplink.gateway).prefixLength}`;
}

/** IPv4-only as the guide draws it; `dualStack` gives it IPv6 too (only the lla-only scenario does). */
export function internetNode(plan: Plan, o: { dualStack?: boolean } = {}): NodeSpec {
  const { internet } = plan;
  const { uplink6 } = FIXED;
  const v4 = [internet.dns, internet.web, internet['dual-web']].map((a) => ({ cidr: `${a}/32` }));
  if (!o.dualStack) {
    return {
      name: INTERNET,
      role: 'server',
      interfaces: { eth0: { addresses: [{ cidr: internetUplinkCidr(plan) }] } },
      loopback: v4,
      sysctls: { 'net.ipv6.conf.all.disable_ipv6': '1', 'net.ipv6.conf.default.disable_ipv6': '1' },
    };
  }
  return {
    name: INTERNET,
    role: 'server',
    interfaces: {
      eth0: { addresses: [{ cidr: internetUplinkCidr(plan) }, { cidr: `${uplink6.internet}/${uplink6.prefixLength}`, nodad: true }] },
    },
    loopback: [...v4, { cidr: `${internet['dual-web-ipv6']}/128` }],
    // Replies to the LAN go back through the gateway.
    routes: [{ to: plan.lan.prefix, via: uplink6.gateway, dev: 'eth0' }],
    sysctls: { 'net.ipv6.conf.all.accept_dad': '0', 'net.ipv6.conf.default.accept_dad': '0' },
  };
}

/** "192.88.99.80" → "80.99.88.192.in-addr.arpa." */
function reverseName(ipv4: string): string {
  return `${ipv4.split('.').reverse().join('.')}.in-addr.arpa.`;
}

export function rootZone(plan: Plan): string {
  const { names, ...a } = plan.internet;
  const c = FIXED.conformance;
  return [
    '$TTL 300',
    // The last field, the SOA minimum, is the TTL of negative answers (what caps a DNS64's TTL, RFC 6147 §5.1.7).
    `. IN SOA ${FIXED.rootServer} hostmaster.lab. 1 3600 600 86400 ${c.soaMinimum}`,
    `. IN NS ${FIXED.rootServer}`,
    `${FIXED.rootServer} IN A ${a.dns}`,
    `${names.v4only}. IN A ${a.web}`,
    `${otherV4onlyName(plan)}. IN A ${a.web}`,
    `${names['dual-stack']}. IN A ${a['dual-web']}`,
    `${names['dual-stack']}. IN AAAA ${a['dual-web-ipv6']}`,
    // As on the real Internet: RFC 7050/8880's well-known name, and reverse names for the services.
    'ipv4only.arpa. IN A 192.0.0.170',
    'ipv4only.arpa. IN A 192.0.0.171',
    `${reverseName(a.web)} IN PTR ${names.v4only}.`,
    `${reverseName(a['dual-web'])} IN PTR ${names['dual-stack']}.`,
    // Your own names (plan.internet.records).
    ...Object.entries(a.records ?? {}).flatMap(([name, r]) => [...(r.A ? [`${name}. IN A ${r.A}`] : []), ...(r.AAAA ? [`${name}. IN AAAA ${r.AAAA}`] : [])]),
    // For the DNS64 conformance checks.
    `${c.ttlName}. ${c.ttlA} IN A ${a.web}`,
    `${c.mappedName}. IN A ${a.web}`,
    `${c.mappedName}. IN AAAA ::ffff:${a.web}`,
    `${c.privateName}. IN A ${c.privateIpv4}`,
    '',
  ].join('\n');
}

/** Root hints for a resolver: the lab's root server only. */
export function rootHints(plan: Plan): string {
  return rootHintsText({ name: FIXED.rootServer, address: plan.internet.dns });
}

/** What the internet's deploy made that checks read: the run's CA and the web server's access log. */
export interface InternetDeployed {
  pki: LabPki;
  /** lighttpd's access log in the internet node (the client address of each request). */
  accessLog: string;
}

/** The run's own CA and the web server's certificate (for its names and addresses): what HTTPS clients trust. */
function internetPki(lab: Lab): LabPki {
  const { internet } = lab.plan;
  return labPki(configDir(lab.runtime, INTERNET), { names: [internet.names.v4only, internet.names['dual-stack'], ...Object.keys(internet.records ?? {})], addresses: [internet.web, internet['dual-web'], internet['dual-web-ipv6']] });
}

export async function deployInternet(lab: Lab, o: { dualStack?: boolean } = {}): Promise<InternetDeployed> {
  const dir = configDir(lab.runtime, INTERNET);
  const pki = internetPki(lab);
  // Your own HTTPS checks trust it too.
  lab.trustedCa = pki.ca;
  await lab.deploy([
    nsdService({ node: INTERNET, dir, listen: lab.plan.internet.dns, zones: [{ name: '.', text: rootZone(lab.plan) }] }),
    lighttpdService({
      node: INTERNET,
      dir,
      port: 80,
      ipv6: o.dualStack ?? false,
      pages: {
        'index.html': `<html><body><h1>${WEB_MARKER}</h1></body></html>\n`,
        [MIXED_PAGE]: mixedPage(lab.plan),
        [PICTURE]: '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="#2a7"/></svg>\n',
        [LARGE_TRANSFER.page]: 'v6lab'.repeat(LARGE_TRANSFER.bytes / 8).padEnd(LARGE_TRANSFER.bytes, '.'),
      },
      tls: { port: 443, pki },
    }),
    tcpBannerService({ node: INTERNET, listen: lab.plan.internet.web, ...TCP_BANNER }),
    httpSinkService({ node: INTERNET, dir, listen: lab.plan.internet.web, port: LARGE_TRANSFER.sinkPort, bytes: LARGE_TRANSFER.bytes }),
    // Your own services (plan.internet.services).
    ...(lab.plan.internet.services ?? []).map((s) => tcpBannerService({ name: s.name, node: INTERNET, listen: s.address, port: s.port, banner: s.banner })),
  ]);
  return { pki, accessLog: accessLogPath(dir) };
}

/** The uplink gateway's bare address (plan.uplink.gateway carries its prefix length). */
export function uplinkGateway(plan: Plan): string {
  return bare(plan.uplink.gateway);
}
