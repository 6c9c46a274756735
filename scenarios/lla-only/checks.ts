// lla-only's checks. The guide's central claim, on the wire: a host with only a link-local address picks it as the
// source, and the router refuses to forward it (ICMPv6 destination unreachable, code 2 "beyond
// scope of source address"). What applications then see, and what a ULA changes.
import type { Packet } from '../../lab/capture/decode/packet.js';
import { UNREACH6 } from '../../lab/capture/decode/icmp.js';
import { icmp6Unreachable, tcpSyn } from '../../lab/capture/match.js';
import { inPrefix, isLinkLocal6, sameAddress } from '../../lab/topology/address.js';
import type { Endpoint } from '../../lab/topology/types.js';
import type { Check, CheckContext, CheckOutcome } from '../../lab/checks/check.js';
import { CURL_EXIT, describeFetch, fetchPage } from '../../lab/checks/http-fetch.js';
import { judgeWire } from '../../lab/checks/wire.js';

/** `ip -6 route get` → the source and next-hop the kernel would use. */
export async function routeGet(ctx: CheckContext, host: string, destination: string): Promise<{ src?: string; via?: string; line: string }> {
  const r = await ctx.run(host, ['ip', '-6', 'route', 'get', destination]);
  return { src: /\bsrc (\S+)/.exec(r.stdout)?.[1], via: /\bvia (\S+)/.exec(r.stdout)?.[1], line: r.stdout.trim() || r.stderr.trim() };
}

async function pingOnce(ctx: CheckContext, host: string, destination: string, waitS = 1): Promise<string> {
  const r = await ctx.run(host, ['ping', '-6', '-n', '-c', '1', '-W', String(waitS), destination]);
  return `${r.stdout}\n${r.stderr}`;
}

export function llaSourceSelectedCheck(o: { id: string; host: string; destination: string; inside: Endpoint }): Check {
  return {
    id: o.id,
    title: `${o.host}'s kernel picks its link-local address as the source toward ${o.destination}`,
    expected: `ip -6 route get ${o.destination} names a fe80:: source; on the wire (${o.inside}) the echo request leaves from fe80::/10`,
    async run(ctx) {
      const route = await routeGet(ctx, o.host, o.destination);
      await pingOnce(ctx, o.host, o.destination);
      const wire = await judgeWire(ctx, [
        { endpoint: o.inside, what: `ICMPv6 echo request fe80::/10 → ${o.destination}`, match: (p) => p.icmp?.type === 128 && !!p.ip && isLinkLocal6(p.ip.src) && sameAddress(p.ip.dst, o.destination) },
      ]);
      const ok = route.src !== undefined && isLinkLocal6(route.src) && wire.ok;
      return { ok, observed: `route: ${route.line}; wire: ${wire.observed}` };
    },
  };
}

export interface RefusalJudgement extends CheckOutcome {
  refusals: Packet[];
  leaked: Packet[];
}

/**
 * Pure judgement over captures, so it can be fed any capture: the refusal must be on the inside
 * (ICMPv6 1/2 from the router to a link-local address, about the destination) and no packet with
 * a link-local source may appear outside.
 */
export function judgeLlaRefusal(inside: Packet[], outside: Packet[], o: { router: string; destination: string }): RefusalJudgement {
  const refusals = inside.filter(icmp6Unreachable({ code: UNREACH6.BEYOND_SCOPE, from: o.router, to: 'fe80::/10', about: o.destination }));
  // Neighbour discovery and MLD are link-scoped by design: the gateway's own fe80:: on the uplink
  // may send them. Anything else with a fe80:: source outside was forwarded, which must never be.
  const leaked = outside.filter((p) => p.ip?.version === 6 && isLinkLocal6(p.ip.src) && !isLinkScopedControl(p));
  return {
    ok: refusals.length > 0 && leaked.length === 0,
    refusals,
    leaked,
    observed: `${refusals.length} ICMPv6 type 1 code 2 from ${o.router} on the inside; ${leaked.length} forwarded link-local-source packets on the outside`,
  };
}

const LINK_SCOPED_ICMP6 = new Set([130, 131, 132, 133, 134, 135, 136, 137, 143]);

function isLinkScopedControl(p: Packet): boolean {
  return p.icmp?.version === 6 && LINK_SCOPED_ICMP6.has(p.icmp.type);
}

export function llaForwardingRefusedCheck(o: { id: string; host: string; destination: string; router: string; inside: Endpoint; outside: Endpoint }): Check {
  return {
    id: o.id,
    title: 'The gateway refuses to forward a link-local source: ICMPv6 destination unreachable, code 2 (beyond scope)',
    expected: `ICMPv6 type 1 code 2 from ${o.router} to ${o.host}'s fe80:: address about ${o.destination} on ${o.inside}; no fe80:: source on ${o.outside}`,
    async run(ctx) {
      await pingOnce(ctx, o.host, o.destination);
      const refusal = icmp6Unreachable({ code: UNREACH6.BEYOND_SCOPE, from: o.router, about: o.destination });
      const inside = await ctx.packets(o.inside, (ps) => ps.some(refusal));
      const outside = await ctx.packets(o.outside);
      const j = judgeLlaRefusal(inside, outside, o);
      ctx.notePackets(o.inside, 'ICMPv6 type 1 code 2 (beyond scope of source address)', j.refusals);
      ctx.notePackets(o.outside, 'forwarded packets with a link-local source (must be none)', j.leaked);
      return { ok: j.ok, observed: j.observed };
    },
  };
}

/** strerror(EHOSTUNREACH) in glibc: the C library's words, the same whatever curl's version. */
const EHOSTUNREACH_TEXT = 'No route to host';
/** dig(1): exit 9, no reply from the server. */
const DIG_NO_REPLY = 9;

/** `queryName`: a name the UDP query asks for (any: no answer is expected to come back). */
export function llaAppErrorsCheck(o: { id: string; host: string; destination: string; queryName: string }): Check {
  return {
    id: o.id,
    title: 'What a user sees from a link-local-only host: TCP fails fast, ping says beyond scope, UDP hears nothing',
    expected: `curl to [${o.destination}] fails within 4 s with "No route to host" (EHOSTUNREACH, not a timeout: Linux gives up when the SYN's retransmission, ~1 s on, draws the second "beyond scope" error); ping prints "Beyond scope of source address"; a UDP DNS query gets no answer`,
    async run(ctx) {
      // The three tries side by side: each waits on the network (TCP gives up when its SYN's
      // retransmission draws the second ICMP error, ~1 s; hearing nothing over UDP takes dig's second).
      const tcp = (async () => {
        const started = performance.now();
        // -v: curl's summary words differ by version ("Couldn't connect", "Could not connect"); its
        // verbose connect line carries the C library's text for the errno (EHOSTUNREACH), in 7.88's
        // "connect to A port P failed: …" and 8.14's "connect to A port P from B port Q failed: …".
        const fetched = await fetchPage(ctx, o.host, `http://[${o.destination}]/`, ['-v'], 8);
        return { f: fetched, tcpMs: Math.round(performance.now() - started) };
      })();
      const [{ f, tcpMs }, ping, udp] = await Promise.all([tcp, pingOnce(ctx, o.host, o.destination, 2), ctx.run(o.host, ['dig', '+tries=1', '+time=1', `@${o.destination}`, 'A', o.queryName])]);
      const errno = /connect to \S+ port \d+(?: from \S+ port \d+)? failed: (.*)/.exec(f.error)?.[1] ?? 'no connect error reported';
      const tcpOk = f.exitCode === CURL_EXIT.couldNotConnect && errno === EHOSTUNREACH_TEXT && tcpMs < 4_000;
      const pingOk = /Beyond scope of source address/i.test(ping);
      // dig's exit 9 is "no reply from server" in 9.18 and 9.20 alike; 9.20 also says it saw the ICMP error ("host unreachable").
      const udpSilent = udp.exitCode === DIG_NO_REPLY;
      return {
        ok: tcpOk && pingOk && udpSilent,
        observed: `TCP: curl exit ${f.exitCode}, connect failed: ${errno}, after ${tcpMs} ms; ping: ${/Destination unreachable: (.*)/.exec(ping)?.[1] ?? ping.trim().split('\n').slice(-2).join(' ')}; UDP: ${udpSilent ? `no answer (dig exit ${udp.exitCode}${/host unreachable/.test(udp.stdout) ? ', after an ICMP error: "host unreachable"' : ''})` : `dig exit ${udp.exitCode}: ${(udp.stdout + udp.stderr).trim().split('\n').pop()}`}`,
      };
    },
  };
}

export function noRouteCode0Check(o: { id: string; host: string; destination: string; router: string; inside: Endpoint }): Check {
  return {
    id: o.id,
    title: `With no outside IPv6 route (the guide's IPv4-only outside) the gateway answers code 0, "no route", instead`,
    expected: `ICMPv6 type 1 code 0 from ${o.router} about ${o.destination} (a destination the gateway has no route for), and none with code 2`,
    async run(ctx) {
      const ping = await pingOnce(ctx, o.host, o.destination);
      const wire = await judgeWire(ctx, [
        { endpoint: o.inside, what: `ICMPv6 type 1 code 0 from ${o.router} about ${o.destination}`, match: icmp6Unreachable({ code: UNREACH6.NO_ROUTE, from: o.router, about: o.destination }) },
        { endpoint: o.inside, what: `ICMPv6 type 1 code 2 about ${o.destination}`, match: icmp6Unreachable({ code: UNREACH6.BEYOND_SCOPE, about: o.destination }), absent: true },
      ]);
      return { ok: wire.ok, observed: `ping: ${/Destination unreachable: (.*)/.exec(ping)?.[1] ?? 'no ICMP error reported'}; wire: ${wire.observed}` };
    },
  };
}

export function ulaFixesItCheck(o: {
  id: string;
  host: string;
  ifname: string;
  ula: string;
  destination: string;
  router: string;
  bodyMarker: string;
  outside: Endpoint;
}): Check {
  const ula = o.ula.split('/')[0] ?? o.ula;
  return {
    id: o.id,
    exclusive: true,
    title: `The FAQ's fix: with a ULA, ${o.host} reaches the same destination through the same link-local next-hop`,
    expected: `after adding ${o.ula}: route to ${o.destination} via ${o.router} src ${ula}; HTTP 200 from [${o.destination}]; the outside sees the SYN from ${ula}`,
    async run(ctx) {
      await ctx.run(o.host, ['ip', '-6', 'addr', 'add', o.ula, 'dev', o.ifname, 'nodad']);
      const route = await routeGet(ctx, o.host, o.destination);
      const f = await fetchPage(ctx, o.host, `http://[${o.destination}]/`);
      const wire = await judgeWire(ctx, [{ endpoint: o.outside, what: `TCP SYN ${ula} → ${o.destination}:80`, match: tcpSyn({ src: ula, dst: o.destination, dstPort: 80 }) }]);
      const ok = route.via !== undefined && sameAddress(route.via, o.router) && route.src !== undefined && inPrefix(route.src, o.ula) && f.ok && f.body.includes(o.bodyMarker) && wire.ok;
      return { ok, observed: `route: ${route.line}; ${describeFetch(o.host, `http://[${o.destination}]/`, f)}; wire: ${wire.observed}` };
    },
  };
}
