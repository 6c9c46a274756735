// SLAAC outcome on hosts: an address from the advertised prefix, a default route via the
// router's link-local address (the guide's FAQ: a link-local next-hop is fine), no IPv4.
import { inPrefix, sameAddress } from '../topology/address.js';
import type { Check } from './check.js';

interface IpAddrJson {
  addr_info?: { family: string; local: string; prefixlen: number; scope: string; dynamic?: boolean }[];
}
interface IpRouteJson {
  dst: string;
  gateway?: string;
  dev?: string;
}

export function slaacCheck(o: { id: string; hosts: string[]; ifname: string; prefix: string; router: string }): Check {
  return {
    id: o.id,
    title: `Hosts get an address in ${o.prefix} by SLAAC, a default route via ${o.router}, and no IPv4`,
    expected: `on ${o.hosts.join(', ')}: a dynamic (SLAAC) address in ${o.prefix} on ${o.ifname}; default via ${o.router} dev ${o.ifname}; no IPv4 address or route outside lo`,
    async run(ctx) {
      const seen: string[] = [];
      let ok = true;
      for (const host of o.hosts) {
        const addrs = await ctx.run(host, ['ip', '-j', '-6', 'addr', 'show', 'dev', o.ifname]);
        const routes = await ctx.run(host, ['ip', '-j', '-6', 'route', 'show', 'default']);
        const v4 = await ctx.run(host, ['ip', '-j', '-4', 'addr', 'show']);
        const v4routes = await ctx.run(host, ['ip', '-4', 'route', 'show', 'table', 'main']);
        const slaac = (JSON.parse(addrs.stdout || '[]') as IpAddrJson[])
          .flatMap((i) => i.addr_info ?? [])
          .filter((a) => a.family === 'inet6' && a.scope === 'global' && a.dynamic === true && inPrefix(a.local, o.prefix));
        const defaults = (JSON.parse(routes.stdout || '[]') as IpRouteJson[]).filter((r) => r.gateway && sameAddress(r.gateway, o.router) && r.dev === o.ifname);
        const v4addrs = (JSON.parse(v4.stdout || '[]') as (IpAddrJson & { ifname: string })[])
          .filter((i) => i.ifname !== 'lo')
          .flatMap((i) => (i.addr_info ?? []).map((a) => `${a.local}/${a.prefixlen} on ${i.ifname}`));
        const hostOk = slaac.length > 0 && defaults.length > 0 && v4addrs.length === 0 && v4routes.stdout.trim() === '';
        ok &&= hostOk;
        seen.push(
          `${host}: ${slaac.map((a) => `${a.local}/${a.prefixlen}`).join(', ') || 'no SLAAC address'}; ` +
            `${defaults.length > 0 ? `default via ${o.router}` : 'no default via the router'}; ` +
            `${v4addrs.length === 0 && v4routes.stdout.trim() === '' ? 'no IPv4' : `IPv4: ${[...v4addrs, v4routes.stdout.trim()].filter(Boolean).join('; ')}`}`,
        );
      }
      return { ok, observed: seen.join(' | ') };
    },
  };
}
