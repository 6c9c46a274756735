// Method 2 as a user meets it: the hosts stay link-local-only, the proxy listens on the router's
// link-local address, and every host fetches through it (its log naming each host's fe80::).
import { randomBytes } from 'node:crypto';
import pLimit from 'p-limit';
import { parseSsLocal } from '../runtime/daemon.js';
import { inPrefix, isLoopback, sameAddress } from '../topology/address.js';
import type { Check } from './check.js';
import { describeFetch, fetchPage, withProbe } from './http-fetch.js';
import { withWire, type WireExpectation } from './wire.js';

/** Hosts that have nothing but link-local IPv6: no ULA/GUA, no IPv4. */
export function linkLocalOnlyCheck(o: { id: string; hosts: string[] }): Check {
  return {
    id: o.id,
    title: 'Hosts keep only their link-local address (no RA, no ULA, no IPv4)',
    expected: `on ${o.hosts.join(', ')}: every IPv6 address outside lo is in fe80::/10, and no IPv4 address outside lo`,
    async run(ctx) {
      const seen: string[] = [];
      let ok = true;
      for (const host of o.hosts) {
        const r = await ctx.run(host, ['ip', '-o', 'addr', 'show']);
        const addrs = [...r.stdout.matchAll(/^\d+:\s+(\S+)\s+(inet6?) (\S+)/gm)].filter((m) => m[1] !== 'lo').map((m) => ({ family: m[2], cidr: m[3] ?? '' }));
        const bad = addrs.filter((a) => a.family === 'inet' || !inPrefix(a.cidr.split('/')[0] ?? '', 'fe80::/10'));
        ok &&= bad.length === 0 && addrs.length > 0;
        seen.push(`${host}: ${addrs.map((a) => a.cidr).join(', ') || 'no address'}${bad.length > 0 ? ` (not link-local: ${bad.map((a) => a.cidr).join(', ')})` : ''}`);
      }
      return { ok, observed: seen.join(' | ') };
    },
  };
}

/** The proxy's listening socket is bound to the link-local address, scoped to the LAN interface. */
export function proxyListensCheck(o: { id: string; node: string; daemon: string; port: number; address: string; ifname: string; service?: string }): Check {
  return {
    id: o.id,
    title: `${o.daemon} listens on [${o.address}%${o.ifname}]:${o.port}`,
    expected: `a TCP listening socket [${o.address}]%${o.ifname}:${o.port} held by ${o.daemon} in ${o.node}, and none on other addresses for that port (loopback aside: nothing outside the node reaches it)`,
    async run(ctx) {
      const r = await ctx.run(o.node, ['ss', '-Hltnp']);
      const sockets = r.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => ({ line: line.trim().replace(/\s+/g, ' '), local: parseSsLocal(line.trim().split(/\s+/)[3] ?? '') }))
        .filter((s) => s.local?.port === o.port);
      const scoped = sockets.filter((s) => sameAddress(s.local?.address ?? '', o.address) && s.local?.zone === o.ifname && s.line.includes(`"${o.daemon}"`));
      // A stock config's 127.0.0.1/[::1] listeners (privoxy's) are reachable from the node only.
      const exposed = sockets.filter((s) => !scoped.includes(s) && !isLoopback(s.local?.address ?? ''));
      const ok = scoped.length > 0 && exposed.length === 0;
      // Not where the guide wants it: what the daemon itself said about its listening sockets (a bind refused…).
      const daemon = !ok && o.service ? ctx.lab.services.find((x) => x.definition.node === o.node && x.definition.name === o.service)?.daemon : undefined;
      if (daemon) {
        const said = daemon.logTail(400).split('\n').filter((l) => /\blisten|\bbind|address already in use|cannot assign/i.test(l));
        if (said.length > 0) ctx.note(`${o.service} log in ${o.node}`, said.slice(-6).join('\n'));
      }
      return {
        ok,
        observed: `sockets on port ${o.port}: ${sockets.map((s) => s.line).join(' ; ') || 'none'}`,
      };
    },
  };
}

export interface AccessLog {
  node: string;
  path: string;
  /** Which space-separated field holds the client address (Squid's native format: 2). */
  clientField: number;
}

/** Every host fetches the page through every proxy URL form; the proxy's log names the host's fe80:: address. */
export function proxyFetchCheck(o: {
  id: string;
  title: string;
  hosts: string[];
  proxies: string[];
  url: string;
  bodyMarker: string;
  accessLog?: AccessLog;
  wire?: WireExpectation[];
}): Check {
  return {
    id: o.id,
    title: o.title,
    expected: `HTTP 200 with "${o.bodyMarker}" for ${o.url} from ${o.hosts.join(', ')} through ${o.proxies.join(' and ')}${o.accessLog ? '; the proxy logs each request from the host\'s fe80:: address' : ''}`,
    async run(ctx) {
      const limit = pLimit(4);
      const results = await Promise.all(
        o.hosts.flatMap((host) =>
          o.proxies.map((proxy) =>
            limit(async () => {
              const token = randomBytes(5).toString('hex');
              const url = withProbe(o.url, token);
              const f = await fetchPage(ctx, host, url, ['-x', proxy]);
              let logged = '';
              if (o.accessLog && f.ok) {
                const log = await ctx.runUntil(o.accessLog.node, ['grep', '-F', token, o.accessLog.path], (r) => r.exitCode === 0);
                logged = log.stdout.split('\n').filter(Boolean).map((l) => l.trim().split(/\s+/)[o.accessLog!.clientField] ?? '').join(',');
              }
              const good = f.ok && f.body.includes(o.bodyMarker) && (!o.accessLog || (logged !== '' && logged.split(',').every((c) => inPrefix(c, 'fe80::/10'))));
              return { good, token, line: `${describeFetch(host, `${url} via ${proxy}`, f)}${o.accessLog ? `; proxy log client ${logged || 'none'}` : ''}` };
            }),
          ),
        ),
      );
      return withWire(ctx, { ok: results.every((r) => r.good), observed: results.map((r) => r.line).join(' | ') }, o.wire, results.map((r) => r.token));
    },
  };
}
