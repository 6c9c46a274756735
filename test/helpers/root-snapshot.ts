// The root namespace's network state, as text, for before/during/after comparisons: links,
// addresses, routes (v4 and v6, every table), netfilter rulesets, and the sysctls a lab could touch.
import { execa } from 'execa';

const SYSCTLS = [
  'net.ipv4.ip_forward',
  'net.ipv6.conf.all.forwarding',
  'net.ipv6.conf.all.disable_ipv6',
  'net.ipv6.conf.default.disable_ipv6',
  'net.ipv6.conf.all.accept_dad',
  'net.ipv6.conf.default.accept_dad',
  'net.ipv6.conf.all.accept_ra',
  'net.ipv6.icmp.ratelimit',
  'net.ipv4.neigh.default.gc_thresh3',
  'net.ipv6.neigh.default.gc_thresh3',
];

async function text(cmd: string, args: string[]): Promise<string> {
  const r = await execa(cmd, args, { reject: false });
  return `$ ${cmd} ${args.join(' ')}\n${String(r.stdout)}${r.exitCode !== 0 ? `\n(exit ${r.exitCode}: ${String(r.stderr).trim()})` : ''}`;
}

export async function rootSnapshot(): Promise<string> {
  const parts = await Promise.all([
    text('ip', ['-o', 'link', 'show']),
    text('ip', ['-o', 'addr', 'show']),
    text('ip', ['-4', 'route', 'show', 'table', 'all']),
    text('ip', ['-6', 'route', 'show', 'table', 'all']),
    text('iptables-save', []),
    text('ip6tables-save', []),
    text('nft', ['list', 'ruleset']),
    text('sysctl', SYSCTLS),
  ]);
  return parts
    .join('\n')
    .split('\n')
    .filter((l) => !l.startsWith('# ')) // iptables-save's dated comments
    .map((l) =>
      l
        .replace(/valid_lft \S+ preferred_lft \S+/g, '') // address lifetimes count down
        .replace(/\[\d+:\d+\]/g, '[counters]') // rule counters
        .replace(/expires \d+sec/g, ''),
    )
    .join('\n');
}
