// Hosts learn their resolver from the RA's RDNSS option. The kernel ignores RDNSS, so the lab
// does what rdnssd would: solicit an RA, read the option, write the host's resolv.conf.
import { setTimeout as sleep } from 'node:timers/promises';
import { inPrefix } from '../topology/address.js';
import type { Runtime } from '../runtime/runtime.js';

/** Wait (polling, no fixed sleep) until the host has a global address from `prefix`. */
export async function waitForSlaac(runtime: Runtime, host: string, ifname: string, prefix: string, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const r = await runtime.exec(host, ['ip', '-6', '-o', 'addr', 'show', 'dev', ifname, 'scope', 'global']);
    const addrs = [...r.stdout.matchAll(/inet6 ([0-9a-f:]+)\//g)].map((m) => m[1] ?? '');
    if (addrs.some((a) => inPrefix(a, prefix))) return true;
    if (performance.now() > deadline) return false;
    await sleep(25);
  }
}

export interface RouterAdvert {
  from: string | undefined;
  prefixes: string[];
  rdnss: string[];
  raw: string;
}

/** rdisc6 sends one Router Solicitation (3 tries, 1 s each) and prints the RA it gets back. */
export function rdisc6Argv(ifname: string): string[] {
  return ['rdisc6', '-1', '-r', '3', '-w', '1000', ifname];
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

/** Returns the RDNSS servers the RA carried (empty: no RA or no option, and no resolv.conf). */
export async function applyRdnss(runtime: Runtime, host: string, ifname: string): Promise<string[]> {
  const r = await runtime.exec(host, rdisc6Argv(ifname));
  const servers = parseRdisc6(r.stdout).rdnss;
  if (servers.length > 0) await runtime.setResolvConf(host, servers.map((s) => `nameserver ${s}`).join('\n') + '\n');
  return servers;
}
