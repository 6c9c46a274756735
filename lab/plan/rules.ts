// What any address plan must satisfy to work at all, whatever the method: SLAAC needs a /64, the
// next-hop must be link-local, the gateway must sit in its own subnets, and no two parts of the
// plan may overlap. Method- and daemon-specific rules (Tayga's) are declared by the scenario.
import { Address4, Address6 } from 'ip-address';
import { addressIn, bare, type Plan, type PlanProblem } from './plan.js';
import { inPrefix, parseCidr, sameAddress } from '../topology/address.js';

/** Two prefixes (same family) overlap when either contains the other's first address. */
export function overlap(a: string, b: string): boolean {
  if (a.includes(':') !== b.includes(':')) return false;
  const first = (p: string): string => (p.includes(':') ? new Address6(p).startAddress().correctForm() : new Address4(p).startAddress().correctForm());
  return inPrefix(first(a), b) || inPrefix(first(b), a);
}

/** The subnet a CIDR address sits in: "198.51.100.2/24" → "198.51.100.0/24". */
function subnetOf(cidr: string): string {
  const p = parseCidr(cidr);
  const start = p.family === 6 ? new Address6(cidr).startAddress().correctForm() : new Address4(cidr).startAddress().correctForm();
  return `${start}/${p.prefixLength}`;
}

/** The bits 64–71 of an IPv6 address (RFC 6052 §2.2's "u" octet). */
function uOctet(address: string): number {
  return Number(new Address6(address).getBitsBase2(64, 72).split('').reduce((n, b) => n * 2 + Number(b), 0));
}

export function basePlanProblems(plan: Plan): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const say = (path: string, message: string): void => void problems.push({ path: `plan.${path}`, message });
  const { lan, uplink, internet } = plan;

  // A prefix is its network bits: "2001:db8:1::1/64" is an address with a length (RFC 4291 §2.3).
  const prefixes: [string, string][] = [['lan.prefix', lan.prefix], ['nat64.prefix', plan.nat64.prefix], ['nat64.pool', plan.nat64.pool], ['nsp.prefix', plan.nsp.prefix], ['nsp.pool', plan.nsp.pool]];
  for (const [path, cidr] of prefixes) {
    const net = subnetOf(cidr);
    if (parseCidr(cidr).address !== parseCidr(net).address) say(path, `${cidr} is an address with a length, not a prefix (RFC 4291 §2.3): the prefix is ${net}`);
  }
  // RFC 6052 §2.2: bits 64–71 of a NAT64 address are zero; a /96 prefix that sets them is refused by Tayga at start.
  for (const [path, cidr] of [['nat64.prefix', plan.nat64.prefix], ['nsp.prefix', plan.nsp.prefix]] as const) {
    const p = parseCidr(cidr);
    if (p.family === 6 && p.prefixLength > 64 && uOctet(p.address) !== 0) say(path, `${cidr} sets bits 64–71 (the "u" octet), which RFC 6052 §2.2 reserves as zero; Tayga refuses such a prefix: clear them, e.g. a prefix under ${subnetOf(`${p.address}/64`)}`);
  }

  const lanLength = parseCidr(lan.prefix).prefixLength;
  if (lanLength !== 64) say('lan.prefix', `${lan.prefix} is a /${lanLength}; SLAAC needs a /64 (RFC 4862, RFC 7421): give the LAN a /64, e.g. ${subnetOf(`${bare(lan.prefix)}/64`)}`);
  if (!inPrefix(lan['gateway-lla'], 'fe80::/10')) say('lan.gateway-lla', `${lan['gateway-lla']} is not link-local: the RA source and the hosts' next-hop must be in fe80::/10, e.g. fe80::1`);
  if (!inPrefix(lan.gateway, lan.prefix)) say('lan.gateway', `${lan.gateway} is not in the LAN prefix ${lan.prefix}: the hosts reach their resolver on-link, so give the gateway an address in it, e.g. ${addressIn(lan.prefix, '::1')}`);

  const uplinkNet = subnetOf(uplink.gateway);
  if (!inPrefix(uplink.internet, uplinkNet)) say('uplink.internet', `${uplink.internet} is not on the uplink subnet ${uplinkNet} (from uplink.gateway ${uplink.gateway}): the gateway's default route must be on-link`);
  if (sameAddress(bare(uplink.gateway), uplink.internet)) say('uplink.internet', `${uplink.internet} is the gateway's own uplink address: give the internet another address in ${uplinkNet}`);

  // Your own names point at the internet's own addresses: the lab is sealed, nothing else answers.
  const servers = [internet.dns, internet.web, internet['dual-web'], internet['dual-web-ipv6']];
  for (const [name, records] of Object.entries(internet.records ?? {})) {
    for (const [type, address] of Object.entries(records) as [string, string][]) {
      if (!servers.some((s) => sameAddress(s, address))) {
        problems.push({ path: `plan.internet.records.${name}.${type}`, keys: ['plan', 'internet', 'records', name, type], message: `${address} is not one of the lab internet's addresses: the lab is sealed, so your names point at its servers — ${servers.join(', ')}` });
      }
    }
  }

  // Your own services listen on the internet's own IPv4 addresses, each on its own port.
  const ipv4Servers = [internet.dns, internet.web, internet['dual-web']];
  (internet.services ?? []).forEach((svc, i) => {
    const at = (key: string) => ({ path: `plan.internet.services.${i}.${key}`, keys: ['plan', 'internet', 'services', String(i), key] });
    if (!ipv4Servers.some((s) => sameAddress(s, svc.address))) problems.push({ ...at('address'), message: `${svc.address} is not one of the lab internet's IPv4 addresses: the lab is sealed, so your services run on its servers — ${ipv4Servers.join(', ')}` });
    const twin = (internet.services ?? []).findIndex((o) => sameAddress(o.address, svc.address) && o.port === svc.port);
    if (twin < i) problems.push({ ...at('port'), message: `${svc.address}:${svc.port} is already services.${twin} (${internet.services![twin]!.name})` });
    if ((internet.services ?? []).findIndex((o) => o.name === svc.name) < i) problems.push({ ...at('name'), message: `${svc.name} names another service already: give each its own name` });
  });

  // Nothing may overlap: each part of the plan is routed to its own place.
  const parts: [string, string][] = [
    ['lan.prefix', lan.prefix],
    ['nat64.prefix', plan.nat64.prefix],
    ['nat64.pool', plan.nat64.pool],
    ['uplink.gateway', uplinkNet],
    ['internet.dns', `${internet.dns}/32`],
    ['internet.web', `${internet.web}/32`],
    ['internet.dual-web', `${internet['dual-web']}/32`],
  ];
  // The comparison NSP only exists beside a well-known prefix: it is checked there (scenario rules).
  for (let i = 0; i < parts.length; i++) {
    for (let j = i + 1; j < parts.length; j++) {
      const [pa, a] = parts[i]!;
      const [pb, b] = parts[j]!;
      // One server may hold several names, and may sit on the uplink's own subnet.
      if (pb.startsWith('internet.') && (pa.startsWith('internet.') || pa === 'uplink.gateway')) continue;
      if (overlap(a, b)) say(pb, `${b} overlaps ${pa} (${a}): every part of the plan needs its own addresses`);
    }
  }
  return problems;
}
