// What the router advertises, asked the way a host does: rdisc6 sends a Router Solicitation
// and prints the Router Advertisement it gets back (prefix, RDNSS, source).
import { parseRdisc6, rdisc6Argv, type RouterAdvert } from '../services/rdnss-resolver.js';
import { sameAddress, samePrefix } from '../topology/address.js';
import type { Check, CheckContext } from './check.js';
import { describeWire, withWire, type WireExpectation } from './wire.js';

export async function solicitRouterAdvert(ctx: CheckContext, host: string, ifname: string): Promise<RouterAdvert> {
  const r = await ctx.run(host, rdisc6Argv(ifname));
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
        ra.from !== undefined && sameAddress(ra.from, o.router) && ra.prefixes.some((x) => samePrefix(x, o.prefix)) && ra.rdnss.some((d) => sameAddress(d, o.rdnss));
      const observed = ra.from === undefined ? 'no router advertisement received' : `RA from ${ra.from}: prefix ${ra.prefixes.join(', ') || 'none'}; RDNSS ${ra.rdnss.join(', ') || 'none'}`;
      return withWire(ctx, { ok, observed }, o.wire);
    },
  };
}
