// A host whose IPv4 exists only inside a translator (a CLAT): every IPv4 address it holds is on
// loopback or the translator's device, every IPv4 route goes into that device, and no IPv4
// packet appears on its link — after the check itself sent IPv4 traffic.
import type { Check } from './check.js';
import { nativeIpv4 } from './native-ipv4.js';
import { describeWire, withWire, type WireExpectation } from './wire.js';

export function ipv4OnlyIntoCheck(o: {
  id: string;
  title: string;
  hosts: string[];
  /** The device all IPv4 must go into ("clat"). */
  device: string;
  /** IPv4 traffic the check makes first (an IPv4 literal fetched), so the wire's silence means something. */
  traffic: { node: string; argv: string[] };
  wire: WireExpectation[];
}): Check {
  return {
    id: o.id,
    title: o.title,
    expected: `on ${o.hosts.join(', ')}: IPv4 addresses only on lo and ${o.device}, every IPv4 route via dev ${o.device}${describeWire(o.wire)}`,
    async run(ctx) {
      await ctx.run(o.traffic.node, o.traffic.argv);
      const found: string[] = [];
      for (const host of o.hosts) {
        const addrs = await ctx.run(host, ['ip', '-4', '-o', 'addr', 'show']);
        const addresses = [...addrs.stdout.matchAll(/^\d+: (\S+)\s+inet (\S+)/gm)].map((m) => ({ ifname: m[1] ?? '', cidr: m[2] ?? '' }));
        const routes = (await ctx.run(host, ['ip', '-4', 'route', 'show'])).stdout.split('\n').filter(Boolean);
        if (!routes.some((l) => l.startsWith('default '))) found.push(`${host}: no IPv4 default route`);
        found.push(...nativeIpv4({ addresses, routes, allowedDevice: o.device }).map((f) => `${host}: ${f}`));
      }
      const observed = found.length === 0 ? `every IPv4 address and route of ${o.hosts.join(', ')} is on ${o.device}` : `native IPv4: ${found.join('; ')}`;
      return withWire(ctx, { ok: found.length === 0, observed }, o.wire);
    },
  };
}
