// The guide's claims about applications, per method: "大半のアプリが透過的に動作" (method 1, most
// apps work transparently) and "プロキシ対応アプリに限定" (method 2, proxy-aware apps only). Each
// kind of application is tried from HOSTA against the lab internet. Two parts: the way out (an
// egress: NAT64, with or without a CLAT, or a proxy) says how an app goes and what the method is
// known to give each kind; the table of app kinds says how each app is run and what the wire
// shows. The run fails where a cell differs from its method's answer.
import { echoRequest, httpConnect, httpProbe, tcpSyn, tlsClientHello, udpDatagram } from '../../lab/capture/match.js';
import { appCheck, appCheckId, commandApp, curlApp, type AppAttempt, type AppCheckId, type AppKind, type AppRun } from '../../lab/checks/app.js';
import type { Expectation } from '../../lab/checks/check.js';
import { checkGroup, type CheckGroup } from '../../lab/checks/check-group.js';
import type { WireExpectation } from '../../lab/checks/wire.js';
import type { Lab } from '../../lab/lab.js';
import { nat64Address } from '../../lab/topology/address.js';
import type { Endpoint } from '../../lab/topology/types.js';
import { FIXED, WEB_MARKER } from './address-plan.js';
import { TCP_BANNER, uplinkGateway, type InternetDeployed, type Subresource } from './internet.js';
import { hostNames } from './lan.js';

/** This host's interface toward the gateway: the zone of a link-local proxy address. */
export const ZONE = 'eth0';
/** Zones of other systems' clients (macOS, a second NIC): what users copy from another guide. */
const WRONG_ZONES = ['en0', 'eth1'];
const NO_PROXY_PATH = 'a link-local-only host has no resolver and no route: an app that does not speak to the proxy has no way out';

/** The method's known answer for an app kind, and why (what the guide implies, or the known truth). */
export interface Answer {
  expectation: Expectation;
  why: string;
}

/** How the method's hosts reach the internet, and what that gives each app kind. */
export interface Egress {
  inside: Endpoint;
  outside: Endpoint;
  /** curl's arguments to go this way (the proxy, with this host's zone); none when routed. */
  curlArgs: string[];
  /** The words a title adds for an app going this way (" through the proxy"). */
  through: string;
  /** How an HTTP proxy is reached: CONNECT tunnels show on the inside link. */
  connect: boolean;
  /** With 464XLAT: the CLAT's IPv6 address on the host (the source of its translated IPv4). */
  clat?: { ipv6: string };
  /** The proxy setting with a given zone (proxies only; zone-wrong tries other systems' zones). */
  proxyUrl?(zone: string): string;
  answers: Partial<Record<AppKind, Answer>>;
  /** What a browser loading the mixed page gets of each picture source (browsers.ts). */
  pictures: Record<Subresource, Answer>;
  /** The proxy as a browser is told it (proxies only). */
  proxy?: { kind: 'http' | 'socks'; address: string; port: number };
}

/** Method 1: NAT64 carries whatever IPv6 the host sends; with a CLAT, IPv4 literals too. */
export function nat64Egress(o: { inside: Endpoint; outside: Endpoint; clat?: { ipv6: string } }): Egress {
  return {
    inside: o.inside,
    outside: o.outside,
    curlArgs: [],
    through: '',
    connect: false,
    ...(o.clat ? { clat: o.clat } : {}),
    answers: {
      'http-name': { expectation: 'pass', why: 'DNS64 gives the name an AAAA, NAT64 carries it' },
      'https-name': { expectation: 'pass', why: 'TLS is only TCP to NAT64' },
      'ipv4-literal': o.clat
        ? { expectation: 'pass', why: `the CLAT translates the host's IPv4 into IPv6 from ${o.clat.ipv6} to the NAT64 prefix (RFC 6877)` }
        : { expectation: 'fail', why: 'the host has no IPv4 at all, and DNS64 never sees a literal: without a CLAT nothing translates it (RFC 6877)' },
      'udp-name': { expectation: 'pass', why: 'NAT64 translates UDP as well as TCP' },
      'icmp-name': { expectation: 'pass', why: 'NAT64 translates ICMPv6 echo into ICMPv4 echo' },
      'tcp-any': { expectation: 'pass', why: 'NAT64 carries any TCP port' },
    },
    pictures: {
      'v4only-name': { expectation: 'pass', why: 'DNS64 gives the name an AAAA, NAT64 carries it' },
      'dual-stack-name': o.clat
        ? { expectation: 'pass', why: "the name's A goes out through the CLAT (the browser tries both families)" }
        : { expectation: 'fail', why: "the name has a real AAAA, so DNS64 synthesizes none (RFC 6147 §5.1.1), and the guide's outside has no IPv6 route to it" },
      'ipv4-literal': o.clat
        ? { expectation: 'pass', why: 'the CLAT translates the literal (RFC 6877)' }
        : { expectation: 'fail', why: 'a literal never meets DNS64, and the host has no IPv4: without a CLAT the picture is lost' },
    },
  };
}

/** Method 2: only what speaks to the proxy gets out. */
export function proxyEgress(o: { role: 'http-proxy' | 'socks'; inside: Endpoint; outside: Endpoint; proxyUrl(zone: string): string; tunnels: { anyPort: boolean; why: string }; proxy: { address: string; port: number } }): Egress {
  return {
    proxy: { kind: o.role === 'http-proxy' ? 'http' : 'socks', ...o.proxy },
    inside: o.inside,
    outside: o.outside,
    curlArgs: ['-x', o.proxyUrl(ZONE)],
    through: o.role === 'http-proxy' ? ' through the proxy' : ' through SOCKS',
    connect: o.role === 'http-proxy',
    proxyUrl: o.proxyUrl,
    answers: {
      'http-name': { expectation: 'pass', why: 'curl is proxy-aware: told the proxy, it works' },
      'https-name': { expectation: 'pass', why: `the guide's method 2 is an "HTTP/HTTPS プロキシ"` },
      'ipv4-literal': { expectation: 'pass', why: 'the proxy connects to the literal itself' },
      'udp-name': { expectation: 'fail', why: `${NO_PROXY_PATH} (neither proxy relays a plain app's datagrams)` },
      'icmp-name': { expectation: 'fail', why: `${NO_PROXY_PATH}; ICMP has no proxy` },
      'tcp-any': { expectation: o.tunnels.anyPort ? 'pass' : 'fail', why: o.tunnels.why },
      'proxy-unaware': { expectation: 'fail', why: `the guide: "プロキシ対応アプリに限定" (proxy-aware apps only) — ${NO_PROXY_PATH}` },
      'zone-wrong': { expectation: 'fail', why: `a link-local address means nothing without this host's interface (%${ZONE} here; %en0 is macOS's, %Ethernet Windows')` },
    },
    pictures: {
      'v4only-name': { expectation: 'pass', why: 'the proxy resolves the name and fetches it over IPv4' },
      'dual-stack-name': { expectation: 'pass', why: "the proxy resolves the name and falls back to its IPv4 address (the outside has no IPv6)" },
      'ipv4-literal': { expectation: 'pass', why: 'the proxy connects to the literal itself' },
    },
  };
}

/** What an app kind needs to be tried: the lab, the host it runs on, the way out, the internet's CA. */
interface AppInputs {
  lab: Lab;
  host: string;
  egress: Egress;
  internet: InternetDeployed;
}

/** One app kind: its title, the command a user types, how it runs, what the wire shows when it worked. */
interface AppKindSpec {
  title(x: AppInputs): string;
  how(x: AppInputs): string;
  run(x: AppInputs): AppRun;
  wire?(x: AppInputs): WireExpectation[];
}

const curlLine = (e: Egress, rest: string): string => ['curl', ...e.curlArgs, rest].join(' ');

/** The table of app kinds (lab/checks/app.ts orders them). */
const APPS: Record<AppKind, AppKindSpec> = {
  'http-name': {
    title: ({ host, lab, egress }) => `An HTTP client by name: ${host} fetches http://${lab.plan.internet.names.v4only}/${egress.through}`,
    how: ({ lab, egress }) => curlLine(egress, `http://${lab.plan.internet.names.v4only}/`),
    run: ({ host, lab, egress }) => curlApp({ node: host, url: `http://${lab.plan.internet.names.v4only}/`, curlArgs: egress.curlArgs, bodyMarker: WEB_MARKER }),
    wire: ({ lab, egress }) => [leftAs(lab, egress, 80, 'this request', 'http')],
  },
  'https-name': {
    title: ({ host, lab, egress }) => `HTTPS by name: ${host} fetches https://${lab.plan.internet.names.v4only}/ (the run's own CA)${egress.connect ? ' with CONNECT' : egress.through || ' through NAT64'}; the uplink carries the TLS ClientHello from ${uplinkGateway(lab.plan)}`,
    how: ({ lab, egress }) => curlLine(egress, `--cacert ca.pem https://${lab.plan.internet.names.v4only}/`),
    run: ({ host, lab, egress, internet }) => curlApp({ node: host, url: `https://${lab.plan.internet.names.v4only}/`, curlArgs: ['--cacert', internet.pki.ca, ...egress.curlArgs], bodyMarker: WEB_MARKER }),
    wire: ({ lab, egress }) => {
      const name = lab.plan.internet.names.v4only;
      const gateway = uplinkGateway(lab.plan);
      return [
        ...connectSeen(egress, `${name}:443`),
        { endpoint: egress.outside, what: `TLS ClientHello for ${name}, ${gateway} → ${lab.plan.internet.web}:443`, match: tlsClientHello({ src: gateway, dst: lab.plan.internet.web, dstPort: 443, sni: name }) },
      ];
    },
  },
  'ipv4-literal': {
    title: ({ host, lab, egress }) => `An IPv4 literal: ${host} fetches http://${lab.plan.internet.web}/${egress.through}`,
    how: ({ lab, egress }) => curlLine(egress, `http://${lab.plan.internet.web}/`),
    run: ({ host, lab, egress }) => curlApp({ node: host, url: `http://${lab.plan.internet.web}/`, curlArgs: egress.curlArgs, bodyMarker: WEB_MARKER }),
    wire: ({ lab, egress }) => {
      const { web } = lab.plan.internet;
      const translated = nat64Address(web, lab.plan.nat64.prefix);
      return [
        ...(egress.clat ? [{ endpoint: egress.inside, what: `the request as IPv6, ${egress.clat.ipv6} → [${translated}]:80`, match: httpProbe({ src: egress.clat.ipv6, dst: translated, dstPort: 80 }) }] : []),
        leftAs(lab, egress, 80, 'the request as IPv4', 'http'),
      ];
    },
  },
  'udp-name': {
    title: ({ host, lab }) => `A UDP app by name: ${host} asks the internet's own DNS server ${FIXED.rootServer} (found by name) for ${lab.plan.internet.names.v4only}`,
    how: ({ lab }) => `dig @${FIXED.rootServer} ${lab.plan.internet.names.v4only} A +norec`,
    // The answer must be authoritative (flag aa): it came from the internet's server itself, not the gateway's resolver.
    run: ({ host, lab }) => commandApp({ node: host, argv: ['dig', '+time=2', '+tries=1', '+norec', `@${FIXED.rootServer}`, lab.plan.internet.names.v4only, 'A'], worked: (r) => r.exitCode === 0 && /flags: qr aa/.test(r.stdout) && r.stdout.includes(lab.plan.internet.web) }),
    // Inside, to the server's own (synthesized) address: the gateway's resolver never sends that.
    wire: ({ lab, egress }) => {
      const { dns } = lab.plan.internet;
      const gateway = uplinkGateway(lab.plan);
      const synthesized = nat64Address(dns, lab.plan.nat64.prefix);
      return [
        { endpoint: egress.inside, what: `the query to [${synthesized}]:53`, match: udpDatagram({ dst: synthesized, dstPort: 53 }) },
        { endpoint: egress.outside, what: `the query translated, ${gateway} → ${dns}:53`, match: udpDatagram({ src: gateway, dst: dns, dstPort: 53 }) },
      ];
    },
  },
  'icmp-name': {
    title: ({ host, lab }) => `ping by name: ${host} pings ${lab.plan.internet.names.v4only}`,
    how: ({ lab }) => `ping -c1 ${lab.plan.internet.names.v4only}`,
    run: ({ host, lab }) => commandApp({ node: host, argv: ['ping', '-c1', '-W2', lab.plan.internet.names.v4only], worked: (r) => r.exitCode === 0 && / 0% packet loss/.test(r.stdout) }),
    wire: ({ lab, egress }) => [{ endpoint: egress.outside, what: `an ICMPv4 echo request ${uplinkGateway(lab.plan)} → ${lab.plan.internet.web}`, match: echoRequest({ src: uplinkGateway(lab.plan), dst: lab.plan.internet.web }) }],
  },
  'tcp-any': {
    title: ({ host, lab, egress }) => `Any TCP service: ${host} reads the SSH-like greeting of ${lab.plan.internet.names.v4only}:${TCP_BANNER.port}${egress.connect ? ' through a CONNECT tunnel' : egress.through}`,
    how: ({ lab, egress }) => curlLine(egress, `${egress.connect ? '-p ' : ''}telnet://${lab.plan.internet.names.v4only}:${TCP_BANNER.port}`),
    run: ({ host, lab, egress }) =>
      commandApp({
        node: host,
        // -p: through an HTTP proxy, tunnel with CONNECT (curl's telnet cannot be proxied otherwise).
        argv: ['curl', '-sS', '--max-time', '5', ...(egress.connect ? ['-p'] : []), ...egress.curlArgs, `telnet://${lab.plan.internet.names.v4only}:${TCP_BANNER.port}`],
        stdin: '',
        worked: (r) => r.stdout.includes(TCP_BANNER.banner),
      }),
    wire: ({ lab, egress }) => [...connectSeen(egress, `${lab.plan.internet.names.v4only}:${TCP_BANNER.port}`), leftAs(lab, egress, TCP_BANNER.port, 'a TCP connection', 'syn')],
  },
  'proxy-unaware': {
    title: ({ host, lab }) => `An app without proxy settings: ${host} fetches http://${lab.plan.internet.names.v4only}/ directly`,
    how: ({ lab }) => `curl http://${lab.plan.internet.names.v4only}/`,
    run: ({ host, lab }) => curlApp({ node: host, url: `http://${lab.plan.internet.names.v4only}/`, bodyMarker: WEB_MARKER }),
  },
  'zone-wrong': {
    title: () => `The proxy setting with another system's zone (${WRONG_ZONES.map((z) => `%${z}`).join(', ')})`,
    how: ({ lab, egress }) => WRONG_ZONES.map((z) => `curl -x ${proxyUrl(egress, z)} http://${lab.plan.internet.names.v4only}/`).join('; '),
    run: ({ host, lab, egress }) => anyOf(WRONG_ZONES.map((z) => curlApp({ node: host, url: `http://${lab.plan.internet.names.v4only}/`, curlArgs: ['-x', proxyUrl(egress, z)], bodyMarker: WEB_MARKER }))),
  },
};

/** What the uplink shows for a request that left: from the gateway's address toward the web server. */
function leftAs(lab: Lab, egress: Egress, port: number, what: string, as: 'http' | 'syn'): WireExpectation {
  const gateway = uplinkGateway(lab.plan);
  const { web } = lab.plan.internet;
  return { endpoint: egress.outside, what: `${what}, ${gateway} → ${web}:${port}`, match: as === 'http' ? httpProbe({ src: gateway, dst: web, dstPort: port }) : tcpSyn({ src: gateway, dst: web, dstPort: port }) };
}

/** Through an HTTP proxy, a tunnel shows as CONNECT on the inside link. */
function connectSeen(egress: Egress, target: string): WireExpectation[] {
  return egress.connect ? [{ endpoint: egress.inside, what: `CONNECT ${target} to the proxy`, match: httpConnect({ src: 'fe80::/10', target }) }] : [];
}

function proxyUrl(egress: Egress, zone: string): string {
  if (!egress.proxyUrl) throw new Error('zone-wrong is an app of the proxy methods only');
  return egress.proxyUrl(zone);
}

/**
 * The app matrix as a check group: one check per app kind the egress answers, tried from the
 * first host. `egressOf` is the method's way out on the deployed lab.
 */
export function appGroup<const K extends AppKind, D extends { internet: InternetDeployed }>(kinds: readonly K[], egressOf: (lab: Lab, deployed: D) => Egress): CheckGroup<AppCheckId<K>, D> {
  return checkGroup({
    name: 'the app matrix',
    ids: kinds.map((k) => appCheckId(k)),
    make: (lab, deployed) => {
      const egress = egressOf(lab, deployed);
      const x: AppInputs = { lab, host: hostNames(lab.options.hosts)[0]!, egress, internet: deployed.internet };
      return kinds.map((kind) => {
        const answer = egress.answers[kind];
        if (!answer) throw new Error(`the egress gives no answer for app ${kind}`);
        const app = APPS[kind];
        return appCheck({ kind, title: app.title(x), how: app.how(x), ...answer, run: app.run(x), ...(app.wire ? { wire: app.wire(x) } : {}) });
      });
    },
  });
}

/** The kinds every method tries, and those only a proxy has (an app that ignores it; another system's zone). */
export const ROUTED_APPS = ['http-name', 'https-name', 'ipv4-literal', 'udp-name', 'icmp-name', 'tcp-any'] as const satisfies readonly AppKind[];
export const PROXY_APPS = [...ROUTED_APPS, 'proxy-unaware', 'zone-wrong'] as const satisfies readonly AppKind[];

/** Several tries of one app (several spellings): it works if any of them does. */
function anyOf(runs: AppRun[]): AppRun {
  return async (ctx) => {
    const tries: AppAttempt[] = [];
    for (const r of runs) tries.push(await r(ctx));
    return { worked: tries.some((t) => t.worked), observed: tries.map((t) => t.observed).join(' | '), probes: tries.flatMap((t) => t.probes ?? []) };
  };
}
