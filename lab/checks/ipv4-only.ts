// An IPv4-only side really has no IPv6: no address of any kind (not even fe80::) on its
// interfaces, and nothing IPv6 on its wire.
import { splitEndpoint, type Endpoint } from '../topology/types.js';
import type { Check } from './check.js';
import { withWire, type WireExpectation } from './wire.js';

export function ipv4OnlyCheck(o: { id: string; title: string; interfaces: Endpoint[]; wire?: WireExpectation[] }): Check {
  return {
    id: o.id,
    title: o.title,
    expected: `no IPv6 address on ${o.interfaces.join(', ')}${o.wire?.length ? '; no IPv6 packet on the wire' : ''}`,
    async run(ctx) {
      const found: string[] = [];
      for (const ep of o.interfaces) {
        const { node, ifname } = splitEndpoint(ep);
        const r = await ctx.run(node, ['ip', '-6', '-o', 'addr', 'show', 'dev', ifname]);
        const addrs = [...r.stdout.matchAll(/inet6 (\S+)/g)].map((m) => `${m[1]} on ${ep}`);
        if (r.exitCode !== 0) found.push(`${ep}: ${r.stderr.trim()}`);
        found.push(...addrs);
      }
      return withWire(ctx, { ok: found.length === 0, observed: found.length === 0 ? `no IPv6 address on ${o.interfaces.join(', ')}` : `IPv6 present: ${found.join(', ')}` }, o.wire);
    },
  };
}
