// DNS64 as seen from a client: the AAAA it gets for a name, against what the authoritative
// server really holds. A synthesized AAAA is the NAT64 prefix + the name's A (RFC 6052/6147).
import { embeddedIpv4, inPrefix, nat64Address } from '../topology/address.js';
import type { Check } from './check.js';
import { dig } from './dig.js';
import { describeWire, withWire, type WireExpectation } from './wire.js';

export interface Authoritative {
  node: string;
  server: string;
}

export function dns64SynthesisCheck(o: { id: string; host: string; name: string; nat64Prefix: string; authoritative: Authoritative; wire?: WireExpectation[] }): Check {
  return {
    id: o.id,
    title: `DNS64 synthesizes an AAAA in ${o.nat64Prefix} for ${o.name}, which has only an A record`,
    expected: `the authoritative server holds A but no AAAA for ${o.name}; ${o.host} resolves AAAA = ${o.nat64Prefix} + that A${describeWire(o.wire)}`,
    async run(ctx) {
      const authA = await dig(ctx, o.authoritative.node, 'A', o.name, o.authoritative.server, false);
      const authAAAA = await dig(ctx, o.authoritative.node, 'AAAA', o.name, o.authoritative.server, false);
      const client = await dig(ctx, o.host, 'AAAA', o.name);
      const wanted = authA.records.map((r) => nat64Address(r.data, o.nat64Prefix)).sort();
      const got = client.records.map((r) => r.data).sort();
      const ok = authA.records.length > 0 && authAAAA.records.length === 0 && got.length > 0 && JSON.stringify(got) === JSON.stringify(wanted);
      const decoded = got.map((a) => `${a} (= ${embeddedIpv4(a, o.nat64Prefix) ?? 'not under the prefix'})`);
      const observed = `authoritative: A ${authA.records.map((r) => r.data).join(', ') || 'none'}, AAAA ${authAAAA.records.map((r) => r.data).join(', ') || 'none'}; ${o.host} got AAAA ${decoded.join(', ') || `none (${client.status})`}`;
      return withWire(ctx, { ok, observed }, o.wire);
    },
  };
}

export function dns64RealAaaaCheck(o: { id: string; host: string; name: string; nat64Prefix: string; authoritative: Authoritative; wire?: WireExpectation[] }): Check {
  return {
    id: o.id,
    title: `DNS64 leaves a real AAAA alone (${o.name})`,
    expected: `${o.host} gets exactly the authoritative AAAA of ${o.name}, none in ${o.nat64Prefix}${describeWire(o.wire)}`,
    async run(ctx) {
      const auth = await dig(ctx, o.authoritative.node, 'AAAA', o.name, o.authoritative.server, false);
      const client = await dig(ctx, o.host, 'AAAA', o.name);
      const real = auth.records.map((r) => r.data).sort();
      const got = client.records.map((r) => r.data).sort();
      const ok = real.length > 0 && JSON.stringify(got) === JSON.stringify(real) && !got.some((a) => inPrefix(a, o.nat64Prefix));
      return withWire(ctx, { ok, observed: `authoritative AAAA: ${real.join(', ') || 'none'}; ${o.host} got: ${got.join(', ') || `none (${client.status})`}` }, o.wire);
    },
  };
}
