// What a lab file's own checks may name, judged before anything is built: nodes and captured
// interfaces the method has, and — the lab is sealed — only addresses of its own namespaces as
// targets (a name is fine: names resolve in the lab's own DNS, from the lab's root, and nowhere else).
import { bareAddress, embeddedIpv4, inPrefix, parseAddress, parseCidr, sameAddress } from '../topology/address.js';
import { hostPort } from '../services/adopt.js';
import type { Endpoint, Topology } from '../topology/types.js';
import type { Plan } from '../plan/plan.js';
import type { UserCheckSpec } from '../checks/user-check-spec.js';

export interface UserCheckProblem {
  /** The path under the check: ['from', 0], ['to'], ['id']… */
  path: (string | number)[];
  message: string;
}

/** Every address a node of the lab holds. */
function labAddresses(topology: Topology): string[] {
  return topology.nodes.flatMap((n) => [...Object.values(n.interfaces).flatMap((i) => i.addresses ?? []), ...(n.loopback ?? [])].map((a) => a.cidr.split('/')[0]!));
}

const isLiteral = (host: string): boolean => {
  try {
    parseAddress(host.split('%')[0]!);
    return true;
  } catch {
    return false;
  }
};

/** Why an address is not the lab's own (undefined: it is), or a name (always fine). */
export function foreignTarget(host: string, topology: Topology, plan: Plan): string | undefined {
  const bare = bareAddress(host);
  if (!isLiteral(bare)) return undefined;
  const own = labAddresses(topology);
  if (own.some((a) => sameAddress(a, bare))) return undefined;
  if (bare.includes(':')) {
    // Hosts take their addresses by SLAAC in the LAN prefix, and every link has fe80::.
    if (inPrefix(bare, plan.lan.prefix) || inPrefix(bare, 'fe80::/10')) return undefined;
    // A NAT64 address is the lab's when the IPv4 address it embeds is.
    for (const prefix of [plan.nat64.prefix, plan.nsp.prefix]) {
      if (!inPrefix(bare, prefix)) continue;
      const v4 = embeddedIpv4(bare, prefix);
      if (v4 && own.some((a) => sameAddress(a, v4))) return undefined;
    }
  }
  return `${host} is not an address of the lab (the lab is sealed: its checks target only its own namespaces' addresses, or names); use one of the plan's, e.g. ${plan.internet.web}, or a name like ${plan.internet.names.v4only}`;
}

/** The host a check targets: a URL's, a ping's, a tcp host:port's. */
function targets(c: UserCheckSpec): { path: (string | number)[]; host: string }[] {
  if (c.kind === 'fetch') {
    const host = /^https?:\/\/(\[[^\]]+\]|[^/:?#]+)/.exec(c.url)?.[1] ?? '';
    const proxy = c.proxy ? (/^[a-z0-9]+:\/\/(\[[^\]]+\]|[^/:?#]+)/.exec(c.proxy)?.[1] ?? '') : undefined;
    return [{ path: ['url'], host }, ...(proxy !== undefined ? [{ path: ['proxy'], host: proxy }] : [])];
  }
  if (c.kind === 'ping') return [{ path: ['to'], host: c.to }];
  if (c.kind === 'tcp') return [{ path: ['to'], host: hostPort(c.to)?.address ?? c.to }];
  return [];
}

/** Problems of a lab file's checks, against the method's topology, captures and check ids. */
export function userCheckProblems(checks: UserCheckSpec[], o: { topology: Topology; captures: Endpoint[]; plan: Plan; methodIds: string[] }): { index: number; problem: UserCheckProblem }[] {
  const nodes = o.topology.nodes.map((n) => n.name);
  const seen = new Set<string>();
  return checks.flatMap((c, index) => {
    const problems: UserCheckProblem[] = [];
    if (o.methodIds.includes(c.id)) problems.push({ path: ['id'], message: `the method already has a check "${c.id}": give yours another id` });
    else if (seen.has(c.id)) problems.push({ path: ['id'], message: `another of your checks is "${c.id}" too: ids must differ` });
    seen.add(c.id);
    (c.from ?? []).forEach((n, i) => {
      if (!nodes.includes(n)) problems.push({ path: ['from', i], message: `no node "${n}" in this lab; its nodes are: ${nodes.join(', ')}` });
    });
    for (const t of targets(c)) {
      const why = foreignTarget(t.host, o.topology, o.plan);
      if (why) problems.push({ path: t.path, message: why });
    }
    if (c.kind === 'wire') {
      if (!o.captures.includes(c.on as Endpoint)) problems.push({ path: ['on'], message: `${c.on} is not captured in this method; its captures are: ${o.captures.join(', ')}` });
      for (const k of ['src', 'dst'] as const) {
        const v = c.packet[k];
        if (v === undefined) continue;
        try {
          if (v.includes('/')) parseCidr(v);
          else parseAddress(v);
        } catch {
          problems.push({ path: ['packet', k], message: `"${v}" is not an address or a prefix: write it like 2001:db8::/32 or 192.0.2.1` });
        }
      }
    }
    return problems.map((problem) => ({ index, problem }));
  });
}
