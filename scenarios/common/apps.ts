// The guide's claims about applications, per method: "大半のアプリが透過的に動作" (method 1, most
// apps work transparently) and "プロキシ対応アプリに限定" (method 2, proxy-aware apps only). Each
// kind of application is tried from HOSTA against the lab internet; each method states what it is
// known to give, and the run fails where a cell differs.
import { echoRequest, httpConnect, httpProbe, tcpSyn, tlsClientHello, udpDatagram } from '../../lab/capture/match.js';
import { appCheck, commandApp, curlApp, type AppAttempt, type AppRun } from '../../lab/checks/app.js';
import type { Check } from '../../lab/checks/check.js';
import type { WireExpectation } from '../../lab/checks/wire.js';
import type { Lab } from '../../lab/lab.js';
import { nat64Address } from '../../lab/topology/address.js';
import type { Endpoint } from '../../lab/topology/types.js';
import { FIXED, WEB_MARKER } from './address-plan.js';
import { internetPki, TCP_BANNER, uplinkGateway } from './internet.js';

/** How the method's hosts reach the internet. */
export type Egress =
  | {
      kind: 'nat64';
      inside: Endpoint;
      outside: Endpoint;
      /** With 464XLAT: the CLAT's IPv6 address on the host (the source of its translated IPv4). */
      clat?: { ipv6: string };
    }
  | {
      kind: 'proxy';
      role: 'http-proxy' | 'socks';
      inside: Endpoint;
      outside: Endpoint;
      /** The client setting, with the zone, and with a zone the host does not have. */
      proxyUrl(zone: string): string;
      /** Whether the proxy tunnels (CONNECT) to ports other than 443, as deployed, and why. */
      tunnels: { anyPort: boolean; why: string };
    };

const ZONE = 'eth0';
/** Zones of other systems' clients (macOS, a second NIC): what users copy from another guide. */
const WRONG_ZONES = ['en0', 'eth1'];

export function appMatrix(lab: Lab, host: string, egress: Egress): Check[] {
  const { plan } = lab;
  const { names, web, dns } = plan.internet;
  const gateway = uplinkGateway(plan);
  const proxy = egress.kind === 'proxy' ? egress : undefined;
  const viaProxy = proxy ? ['-x', proxy.proxyUrl(ZONE)] : [];
  const how = (cmd: string): string => (proxy ? cmd.replace(/^curl /, `curl -x ${proxy.proxyUrl(ZONE)} `) : cmd);
  const page = `http://${names.v4only}/`;
  const outside = egress.outside;
  const routed = egress.kind === 'nat64';
  const clat = egress.kind === 'nat64' ? egress.clat : undefined;
  const literalWorks = !routed || !!clat;
  const noProxyPath = 'a link-local-only host has no resolver and no route: an app that does not speak to the proxy has no way out';
  // What the uplink shows for any request that left: the gateway's address toward the server.
  const leftAs = (port: number, what: string): WireExpectation => ({ endpoint: outside, what: `${what}, ${gateway} → ${web}:${port}`, match: tcpSyn({ src: gateway, dst: web, dstPort: port }) });

  const checks: Check[] = [
    appCheck({
      kind: 'http-name',
      title: `An HTTP client by name: ${host} fetches ${page}${proxy ? ' through the proxy' : ''}`,
      how: how(`curl ${page}`),
      expectation: 'pass',
      why: proxy ? 'curl is proxy-aware: told the proxy, it works' : 'DNS64 gives the name an AAAA, NAT64 carries it',
      run: curlApp({ node: host, url: page, curlArgs: viaProxy, bodyMarker: WEB_MARKER }),
      wire: [{ endpoint: outside, what: `this request ${gateway} → ${web}:80`, match: httpProbe({ src: gateway, dst: web, dstPort: 80 }) }],
    }),
    appCheck({
      kind: 'https-name',
      title: `HTTPS by name: ${host} fetches https://${names.v4only}/ (the run's own CA)${proxy?.role === 'http-proxy' ? ' with CONNECT' : proxy ? ' through SOCKS' : ' through NAT64'}; the uplink carries the TLS ClientHello from ${gateway}`,
      how: how(`curl --cacert ca.pem https://${names.v4only}/`),
      expectation: 'pass',
      why: proxy ? `the guide's method 2 is an "HTTP/HTTPS プロキシ"` : 'TLS is only TCP to NAT64',
      run: curlApp({ node: host, url: `https://${names.v4only}/`, curlArgs: ['--cacert', internetPki(lab).ca, ...viaProxy], bodyMarker: WEB_MARKER }),
      wire: [
        ...(proxy?.role === 'http-proxy'
          ? [{ endpoint: egress.inside, what: `CONNECT ${names.v4only}:443 to the proxy`, match: httpConnect({ src: 'fe80::/10', target: `${names.v4only}:443` }) }]
          : []),
        { endpoint: outside, what: `TLS ClientHello for ${names.v4only}, ${gateway} → ${web}:443`, match: tlsClientHello({ src: gateway, dst: web, dstPort: 443, sni: names.v4only }) },
      ],
    }),
    appCheck({
      kind: 'ipv4-literal',
      title: `An IPv4 literal: ${host} fetches http://${web}/${proxy ? ' through the proxy' : ''}`,
      how: how(`curl http://${web}/`),
      expectation: literalWorks ? 'pass' : 'fail',
      why: proxy
        ? 'the proxy connects to the literal itself'
        : clat
          ? `the CLAT translates the host's IPv4 into IPv6 from ${clat.ipv6} to the NAT64 prefix (RFC 6877)`
          : 'the host has no IPv4 at all, and DNS64 never sees a literal: without a CLAT nothing translates it (RFC 6877)',
      run: curlApp({ node: host, url: `http://${web}/`, curlArgs: viaProxy, bodyMarker: WEB_MARKER }),
      wire: [
        ...(clat
          ? [{ endpoint: egress.inside, what: `the request as IPv6, ${clat.ipv6} → [${nat64Address(web, plan.nat64.prefix)}]:80`, match: httpProbe({ src: clat.ipv6, dst: nat64Address(web, plan.nat64.prefix), dstPort: 80 }) }]
          : []),
        { endpoint: outside, what: `the request as IPv4, ${gateway} → ${web}:80`, match: httpProbe({ src: gateway, dst: web, dstPort: 80 }) },
      ],
    }),
    appCheck({
      kind: 'udp-name',
      title: `A UDP app by name: ${host} asks the internet's own DNS server ${FIXED.rootServer} (found by name) for ${names.v4only}`,
      how: `dig @${FIXED.rootServer} ${names.v4only} A +norec`,
      expectation: routed ? 'pass' : 'fail',
      why: routed ? 'NAT64 translates UDP as well as TCP' : `${noProxyPath} (neither proxy relays a plain app's datagrams)`,
      // The answer must be authoritative (flag aa): it came from the internet's server itself, not the gateway's resolver.
      run: commandApp({ node: host, argv: ['dig', '+time=2', '+tries=1', '+norec', `@${FIXED.rootServer}`, names.v4only, 'A'], worked: (r) => r.exitCode === 0 && /flags: qr aa/.test(r.stdout) && r.stdout.includes(web) }),
      // Inside, to the server's own (synthesized) address: the gateway's resolver never sends that.
      wire: [
        { endpoint: egress.inside, what: `the query to [${nat64Address(dns, plan.nat64.prefix)}]:53`, match: udpDatagram({ dst: nat64Address(dns, plan.nat64.prefix), dstPort: 53 }) },
        { endpoint: outside, what: `the query translated, ${gateway} → ${dns}:53`, match: udpDatagram({ src: gateway, dst: dns, dstPort: 53 }) },
      ],
    }),
    appCheck({
      kind: 'icmp-name',
      title: `ping by name: ${host} pings ${names.v4only}`,
      how: `ping -c1 ${names.v4only}`,
      expectation: routed ? 'pass' : 'fail',
      why: routed ? 'NAT64 translates ICMPv6 echo into ICMPv4 echo' : `${noProxyPath}; ICMP has no proxy`,
      run: commandApp({ node: host, argv: ['ping', '-c1', '-W2', names.v4only], worked: (r) => r.exitCode === 0 && / 0% packet loss/.test(r.stdout) }),
      wire: [{ endpoint: outside, what: `an ICMPv4 echo request ${gateway} → ${web}`, match: echoRequest({ src: gateway, dst: web }) }],
    }),
    appCheck({
      kind: 'tcp-any',
      title: `Any TCP service: ${host} reads the SSH-like greeting of ${names.v4only}:${TCP_BANNER.port}${proxy?.role === 'http-proxy' ? ' through a CONNECT tunnel' : proxy ? ' through SOCKS' : ''}`,
      how: how(`curl ${proxy?.role === 'http-proxy' ? '-p ' : ''}telnet://${names.v4only}:${TCP_BANNER.port}`),
      expectation: proxy && !proxy.tunnels.anyPort ? 'fail' : 'pass',
      why: proxy ? proxy.tunnels.why : 'NAT64 carries any TCP port',
      run: commandApp({
        node: host,
        // -p: through an HTTP proxy, tunnel with CONNECT (curl's telnet cannot be proxied otherwise).
        argv: ['curl', '-sS', '--max-time', '5', ...(proxy?.role === 'http-proxy' ? ['-p'] : []), ...viaProxy, `telnet://${names.v4only}:${TCP_BANNER.port}`],
        stdin: '',
        worked: (r) => r.stdout.includes(TCP_BANNER.banner),
      }),
      wire: [
        ...(proxy?.role === 'http-proxy'
          ? [{ endpoint: egress.inside, what: `CONNECT ${names.v4only}:${TCP_BANNER.port} to the proxy`, match: httpConnect({ src: 'fe80::/10', target: `${names.v4only}:${TCP_BANNER.port}` }) }]
          : []),
        leftAs(TCP_BANNER.port, 'a TCP connection'),
      ],
    }),
  ];
  if (!proxy) return checks;
  return [
    ...checks,
    appCheck({
      kind: 'proxy-unaware',
      title: `An app without proxy settings: ${host} fetches ${page} directly`,
      how: `curl ${page}`,
      expectation: 'fail',
      why: `the guide: "プロキシ対応アプリに限定" (proxy-aware apps only) — ${noProxyPath}`,
      run: curlApp({ node: host, url: page, bodyMarker: WEB_MARKER }),
    }),
    appCheck({
      kind: 'zone-wrong',
      title: `The proxy setting with another system's zone (${WRONG_ZONES.map((z) => `%${z}`).join(', ')})`,
      how: WRONG_ZONES.map((z) => `curl -x ${proxy.proxyUrl(z)} ${page}`).join('; '),
      expectation: 'fail',
      why: `a link-local address means nothing without this host's interface (%${ZONE} here; %en0 is macOS's, %Ethernet Windows')`,
      run: anyOf(WRONG_ZONES.map((z) => curlApp({ node: host, url: page, curlArgs: ['-x', proxy.proxyUrl(z)], bodyMarker: WEB_MARKER }))),
    }),
  ];
}

/** Several tries of one app (several spellings): it works if any of them does. */
function anyOf(runs: AppRun[]): AppRun {
  return async (ctx) => {
    const tries: AppAttempt[] = [];
    for (const r of runs) tries.push(await r(ctx));
    return { worked: tries.some((t) => t.worked), observed: tries.map((t) => t.observed).join(' | '), probes: tries.flatMap((t) => t.probes ?? []) };
  };
}
