// The address plan a run used, as rows a person reads (report.html and report.md).
import { isWellKnownPrefix, type Plan, type Spelling } from '../plan/plan.js';

/** The plan's rows, in RFC 5952's form; `spellings`: the user's own spelling of a value, beside it. */
export function planRows(p: Plan, spellings: readonly Spelling[] = []): [string, string][] {
  // Tayga's own IPv6 address and the comparison translator exist only beside the well-known prefix.
  const wkp = isWellKnownPrefix(p.nat64.prefix);
  const unused = '(not used: the NAT64 prefix is network-specific)';
  return [
    ['LAN prefix (SLAAC)', p.lan.prefix],
    ["gateway's link-local address (RA source, next-hop)", p.lan['gateway-lla']],
    ["gateway's LAN address (RDNSS, DNS64)", p.lan.gateway],
    ['NAT64 prefix', p.nat64.prefix],
    ["Tayga's pool / own IPv4 / own IPv6", `${p.nat64.pool} / ${p.nat64['tayga-ipv4']} / ${wkp ? p.nat64['tayga-ipv6'] : unused}`],
    ['comparison NSP (beside a well-known prefix) / pool', wkp ? `${p.nsp.prefix} / ${p.nsp.pool}` : unused],
    ['uplink: gateway / internet', `${p.uplink.gateway} / ${p.uplink.internet}`],
    ['internet: DNS / web / dual-stack web', `${p.internet.dns} / ${p.internet.web} / ${p.internet['dual-web']}, ${p.internet['dual-web-ipv6']}`],
    ['names: IPv4-only / dual-stack', `${p.internet.names.v4only} / ${p.internet.names['dual-stack']}`],
    ...(Object.keys(p.internet.records ?? {}).length > 0
      ? [['your names', Object.entries(p.internet.records ?? {}).map(([n, r]) => `${n} ${[r.A && `A ${r.A}`, r.AAAA && `AAAA ${r.AAAA}`].filter(Boolean).join(' ')}`).join('; ')] as [string, string]]
      : []),
    ...((p.internet.services ?? []).length > 0 ? [['your services', (p.internet.services ?? []).map((s) => `${s.name} on ${s.address}:${s.port} ("${s.banner}")`).join('; ')] as [string, string]] : []),
    ...(spellings.length > 0 ? [['as you wrote them (same values)', spellings.map((s) => `${s.path}: ${s.given} = ${s.canonical}`).join('; ')] as [string, string]] : []),
  ];
}
