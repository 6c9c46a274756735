// SLAAC outcome on hosts: an address from the advertised prefix, a default route via the
// router's link-local address (the guide's FAQ: a link-local next-hop is fine), no IPv4.
import { inPrefix, sameAddress } from '../topology/address.js';
import pLimit from 'p-limit';
import type { Check } from './check.js';
import { nativeIpv4 } from './native-ipv4.js';

interface IpAddrJson {
  addr_info?: { family: string; local: string; prefixlen: number; scope: string; dynamic?: boolean }[];
}
interface IpRouteJson {
  dst: string;
  gateway?: string;
  dev?: string;
}

/** `ipv4In`: a device the host's IPv4 may live in (a CLAT's TUN); nowhere else. */
export function slaacCheck(o: { id: string; hosts: string[]; ifname: string; prefix: string; router: string; ipv4In?: string }): Check {
  const allowed = o.ipv4In ? ` outside ${o.ipv4In}` : '';
  return {
    id: o.id,
    title: `Hosts get an address in ${o.prefix} by SLAAC, a default route via ${o.router}, and no IPv4${allowed}`,
    expected: `on ${o.hosts.join(', ')}: a dynamic (SLAAC) address in ${o.prefix} on ${o.ifname}; default via ${o.router} dev ${o.ifname}; no IPv4 address or route outside lo${o.ipv4In ? ` and ${o.ipv4In}` : ''}`,
    async run(ctx) {
      // Hosts are looked at concurrently; each keeps its own four commands as evidence.
      const limit = pLimit(16);
      const perHost = await Promise.all(o.hosts.map((host) => limit(() => inspect(host))));
      return { ok: perHost.every((h) => h.ok), observed: perHost.map((h) => h.line).join(' | ') };

      async function inspect(host: string): Promise<{ ok: boolean; line: string }> {
        const addrs = await ctx.run(host, ['ip', '-j', 'addr', 'show']);
        const routes = await ctx.run(host, ['ip', '-j', '-6', 'route', 'show', 'default']);
        const v4routes = await ctx.run(host, ['ip', '-4', 'route', 'show', 'table', 'main']);
        const ifaces = JSON.parse(addrs.stdout || '[]') as (IpAddrJson & { ifname: string })[];
        const slaac = ifaces
          .filter((i) => i.ifname === o.ifname)
          .flatMap((i) => i.addr_info ?? [])
          .filter((a) => a.family === 'inet6' && a.scope === 'global' && a.dynamic === true && inPrefix(a.local, o.prefix));
        const defaults = (JSON.parse(routes.stdout || '[]') as IpRouteJson[]).filter((r) => r.gateway && sameAddress(r.gateway, o.router) && r.dev === o.ifname);
        const v4 = nativeIpv4({
          addresses: ifaces.flatMap((i) => (i.addr_info ?? []).filter((a) => a.family === 'inet').map((a) => ({ ifname: i.ifname, cidr: `${a.local}/${a.prefixlen}` }))),
          routes: v4routes.stdout.split('\n'),
          allowedDevice: o.ipv4In,
        });
        const ok = slaac.length > 0 && defaults.length > 0 && v4.length === 0;
        return {
          ok,
          line:
            `${host}: ${slaac.map((a) => `${a.local}/${a.prefixlen}`).join(', ') || 'no SLAAC address'}; ` +
            `${defaults.length > 0 ? `default via ${o.router}` : 'no default via the router'}; ` +
            `${v4.length === 0 ? `no IPv4${allowed}` : `IPv4: ${v4.join('; ')}`}`,
        };
      }
    },
  };
}
