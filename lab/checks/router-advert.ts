// What the router advertises, asked the way a host does: rdisc6 sends a Router Solicitation
// and prints the Router Advertisement it gets back (prefix, RDNSS, source).
import { sameAddress } from '../topology/address.js';
import type { Check, CheckContext } from './check.js';
import { describeWire, withWire, type WireExpectation } from './wire.js';

export interface RouterAdvert {
  from: string | undefined;
  prefixes: string[];
  rdnss: string[];
  raw: string;
}

export function parseRdisc6(output: string): RouterAdvert {
  const all = (re: RegExp): string[] => [...output.matchAll(re)].map((m) => m[1] ?? '');
  return {
    from: /^\s*from\s+(\S+)/m.exec(output)?.[1],
    prefixes: all(/^\s*Prefix\s*:\s*(\S+)/gm),
    rdnss: all(/^\s*Recursive DNS server\s*:\s*(\S+)/gm),
    raw: output,
  };
}

export async function solicitRouterAdvert(ctx: CheckContext, host: string, ifname: string): Promise<RouterAdvert> {
  const r = await ctx.run(host, ['rdisc6', '-1', '-r', '3', '-w', '1000', ifname]);
  return parseRdisc6(r.stdout);
}

export function routerAdvertCheck(o: { id: string; host: string; ifname: string; prefix: string; rdnss: string; router: string; wire?: WireExpectation[] }): Check {
  return {
    id: o.id,
    title: `The router advertisement carries the prefix ${o.prefix} and RDNSS ${o.rdnss}`,
    expected: `an RA from ${o.router} on ${o.host}:${o.ifname} with prefix ${o.prefix} and recursive DNS server ${o.rdnss}${describeWire(o.wire)}`,
    async run(ctx) {
      const ra = await solicitRouterAdvert(ctx, o.host, o.ifname);
      const ok =
        ra.from !== undefined && sameAddress(ra.from, o.router) && ra.prefixes.includes(o.prefix) && ra.rdnss.some((d) => sameAddress(d, o.rdnss));
      const observed = ra.from === undefined ? 'no router advertisement received' : `RA from ${ra.from}: prefix ${ra.prefixes.join(', ') || 'none'}; RDNSS ${ra.rdnss.join(', ') || 'none'}`;
      return withWire(ctx, { ok, observed }, o.wire);
    },
  };
}
