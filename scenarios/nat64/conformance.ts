// How each DNS64 resolver and RA daemon behaves where the RFCs are subtle — run by
// `npm run lab -- conformance` and `nat64 --conformance`. A check passes when the implementation
// conforms; a known deviation fails, with the RFC section in its title; what an implementation
// cannot do at all is reported as unsupported, with its own words. Never a forged packet.
import { join } from 'node:path';
import type { Packet } from '../../lab/capture/decode/packet.js';
import type { Check, CheckContext } from '../../lab/checks/check.js';
import { dig } from '../../lab/checks/dig.js';
import { checkGroup } from '../../lab/checks/check-group.js';
import type { Lab } from '../../lab/lab.js';
import { isWellKnownPrefix, WELL_KNOWN_PREFIX } from '../../lab/plan/plan.js';
import type { RoleName } from '../../lab/services/role.js';
import { roleImpl } from '../../lab/services/roles.js';
import { configDir } from '../../lab/services/service.js';
import { embeddedIpv4, nat64Address, sameAddress, samePrefix } from '../../lab/topology/address.js';
import { FIXED } from '../common/address-plan.js';
import { GATEWAY, hostNames } from '../common/lan.js';
import { INSIDE } from './topology.js';

/** RFC 7050 §2.2 / RFC 8880: the well-known name's two IPv4 addresses. */
const IPV4ONLY = ['192.0.0.170', '192.0.0.171'];

/** Which role each conformance check judges (the matrix's rows), in the order they run. */
export const CONFORMANCE_ROLE = {
  'pref64-discovery': 'dns64',
  'dns64-ptr': 'dns64',
  'dns64-cd-bit': 'dns64',
  'dns64-mapped-excluded': 'dns64',
  'dns64-ttl': 'dns64',
  'dns64-wkp-private': 'dns64',
  'ra-pref64': 'ra',
} as const satisfies Record<string, RoleName>;

export type ConformanceCheckId = keyof typeof CONFORMANCE_ROLE;

/** The conformance checks, only with --conformance. */
export const conformanceGroup = checkGroup({
  name: 'conformance (RFC corner cases per implementation)',
  ids: Object.keys(CONFORMANCE_ROLE) as ConformanceCheckId[],
  when: (i) => i.conformance,
  make: (lab: Lab) => conformanceChecks(lab),
});

function conformanceChecks(lab: Lab): Check[] {
  const { plan } = lab;
  const host = hostNames(lab.options.hosts)[0]!;
  const prefix = plan.nat64.prefix;
  const c = FIXED.conformance;
  const synthesizedWeb = nat64Address(plan.internet.web, prefix);
  const isSynth = (a: string): boolean => embeddedIpv4(a, prefix) !== null;
  const list = (xs: string[]): string => xs.join(', ') || 'none';
  return [
    {
      id: 'pref64-discovery',
      title: 'RFC 7050: the NAT64 prefix is discovered from the AAAA of ipv4only.arpa',
      expected: `${host} resolves AAAA ipv4only.arpa to ${prefix} + 192.0.0.170/171, so the prefix it derives is the plan's`,
      async run(ctx) {
        const r = await dig(ctx, host, 'AAAA', 'ipv4only.arpa');
        const got = r.records.map((x) => x.data);
        const embedded = got.map((a) => embeddedIpv4(a, prefix));
        const ok = got.length > 0 && embedded.every((e) => e !== null && IPV4ONLY.includes(e));
        return { ok, observed: `AAAA ipv4only.arpa: ${list(got)}${ok ? ` → prefix ${prefix} (the plan's)` : got.length ? ' — not the plan\'s prefix + 192.0.0.170/171' : ` (${r.status})`}` };
      },
    },
    {
      id: 'dns64-ptr',
      title: 'RFC 6147 §5.3.1: a reverse query for a synthesized address answers the IPv4 address\'s PTR',
      expected: `dig -x ${synthesizedWeb} answers PTR ${plan.internet.names.v4only}. (the PTR of ${plan.internet.web})`,
      async run(ctx) {
        const r = await ctx.run(host, ['dig', '+time=2', '+tries=2', '+noall', '+answer', '-x', synthesizedWeb]);
        const ptr = [...r.stdout.matchAll(/\sPTR\s+(\S+)/g)].map((m) => m[1]!);
        const ok = ptr.includes(`${plan.internet.names.v4only}.`);
        return { ok, observed: `PTR: ${list(ptr)}${/\sCNAME\s+(\S+)/.exec(r.stdout) ? ` (via CNAME ${/\sCNAME\s+(\S+)/.exec(r.stdout)![1]})` : ''}` };
      },
    },
    {
      id: 'dns64-cd-bit',
      title: 'RFC 6147 §5.5: with CD and DO set, the DNS64 leaves synthesis to the validating client',
      expected: `AAAA ${plan.internet.names.v4only} with +cd +dnssec: no synthesized AAAA`,
      async run(ctx) {
        const r = await ctx.run(host, ['dig', '+time=2', '+tries=2', '+noall', '+answer', '+comments', '+cd', '+dnssec', 'AAAA', plan.internet.names.v4only]);
        const got = [...r.stdout.matchAll(/\sAAAA\s+(\S+)/g)].map((m) => m[1]!);
        const synthesized = got.filter(isSynth);
        return { ok: synthesized.length === 0 && r.exitCode === 0, observed: `with CD+DO: ${synthesized.length ? `synthesized ${list(synthesized)}` : `no synthesized AAAA (${/status: ([A-Z]+)/.exec(r.stdout)?.[1] ?? `exit ${r.exitCode}`})`}` };
      },
    },
    {
      id: 'dns64-mapped-excluded',
      title: 'RFC 6147 §5.1.4: an AAAA in ::ffff:0:0/96 is excluded, and a synthesized AAAA returned instead',
      expected: `AAAA ${c.mappedName} (whose only AAAA is ::ffff:${plan.internet.web}): ${synthesizedWeb}`,
      async run(ctx) {
        const r = await dig(ctx, host, 'AAAA', c.mappedName);
        const got = r.records.map((x) => x.data);
        const ok = got.length > 0 && got.every((a) => sameAddress(a, synthesizedWeb));
        return { ok, observed: `AAAA: ${list(got)}${got.some((a) => a.startsWith('::ffff:')) ? ' (the mapped AAAA passed through)' : ''}` };
      },
    },
    {
      id: 'dns64-ttl',
      title: 'RFC 6147 §5.1.7: the synthesized TTL is at most the A record\'s and the SOA minimum\'s',
      expected: `AAAA ${c.ttlName} (A TTL ${c.ttlA}, SOA minimum ${c.soaMinimum}): TTL ≤ ${Math.min(c.ttlA, c.soaMinimum)}`,
      async run(ctx) {
        const r = await dig(ctx, host, 'AAAA', c.ttlName);
        const ttl = r.records[0]?.ttl;
        return { ok: ttl !== undefined && ttl <= Math.min(c.ttlA, c.soaMinimum), observed: ttl === undefined ? `no AAAA (${r.status})` : `synthesized TTL ${ttl}${ttl > c.soaMinimum ? ` (> the SOA minimum ${c.soaMinimum}${ttl >= c.ttlA - 5 ? ': the A record\'s TTL copied' : ''})` : ''}` };
      },
    },
    isWellKnownPrefix(prefix)
      ? {
          id: 'dns64-wkp-private',
          title: 'RFC 6052 §3.1: no synthesis under the well-known prefix for a non-global IPv4 address',
          expected: `AAAA ${c.privateName} (A ${c.privateIpv4}, RFC 1918): no AAAA in ${WELL_KNOWN_PREFIX} (the translator refuses it anyway: see wkp-refuses-private)`,
          async run(ctx) {
            const r = await dig(ctx, host, 'AAAA', c.privateName);
            const got = r.records.map((x) => x.data).filter(isSynth);
            return { ok: got.length === 0, observed: got.length ? `synthesized ${list(got)} — an address Tayga refuses to translate (ICMPv6 1/0)` : `no synthesized AAAA (${r.status})` };
          },
        }
      : {
          id: 'dns64-wkp-private',
          title: 'RFC 6052 §3.1: no synthesis under the well-known prefix for a non-global IPv4 address',
          expected: 'not applicable under a network-specific prefix',
          notApplicable: `the plan's NAT64 prefix ${prefix} is network-specific`,
          run: async () => ({ ok: false, observed: 'not applicable' }),
        },
    raPref64Check(lab),
  ];
}

/** RFC 8781: the RA carries PREF64 (option 38) with the plan's prefix — or the RA daemon cannot send it, shown in its own words. */
function raPref64Check(lab: Lab): Check {
  const prefix = lab.plan.nat64.prefix;
  return {
    id: 'ra-pref64',
    title: 'RFC 8781: the RA carries the NAT64 prefix (PREF64, ND option 38)',
    expected: `the RA on ${INSIDE} carries option 38 with ${prefix}`,
    async run(ctx) {
      const ras = (await ctx.packets(INSIDE)).filter((p: Packet) => p.icmp?.type === 134);
      const pref64 = ras.flatMap((p) => p.icmp?.ra?.pref64 ?? []);
      ctx.notePackets(INSIDE, 'RA (its options decoded by the lab, option 38 included)', ras);
      const shown = pref64.map((x) => `${x.prefix}/${x.length} (lifetime ${x.lifetime} s)`).join(', ');
      if (pref64.some((x) => samePrefix(`${x.prefix}/${x.length}`, prefix))) return { ok: true, observed: `PREF64 ${shown}` };
      const why = await pref64Unsupported(ctx, lab);
      return { ok: false, ...(why ? { unsupported: why } : {}), observed: `${ras.length} RA, ${pref64.length ? `PREF64 ${shown} (not the plan's)` : 'none with option 38'}${why ? `; unsupported by ${why}` : ''}` };
    },
  };
}

/**
 * Why the deployed RA daemon sends no PREF64, shown by the daemon itself: radvd's own config check
 * refusing `nat64prefix`, or dnsmasq listing no such option. Undefined when the daemon does accept
 * it (then a missing option 38 is a plain failure, not "unsupported").
 */
async function pref64Unsupported(ctx: CheckContext, lab: Lab): Promise<string | undefined> {
  const impl = lab.role('ra');
  const version = lab.versions.get(roleImpl('ra', impl)!.daemon) ?? '?';
  if (impl === 'radvd') {
    const conf = join(configDir(lab.runtime, GATEWAY), 'radvd-pref64-try.conf');
    const r = await ctx.run(GATEWAY, ['sh', '-c', `printf 'interface eth0 {\\n  AdvSendAdvert on;\\n  nat64prefix ${lab.plan.nat64.prefix} { };\\n};\\n' > "$0" && radvd -c -C "$0"`, conf]);
    if (r.exitCode === 0) return undefined;
    return `radvd ${version}: its config check refuses nat64prefix (exit ${r.exitCode}: ${(r.stderr || r.stdout).trim().split('\n')[0] ?? ''})`;
  }
  if (impl === 'dnsmasq') {
    const help = await ctx.run(GATEWAY, ['dnsmasq', '--help']);
    const options = help.stdout.split('\n').filter((l) => l.startsWith('-'));
    if (options.some((l) => /pref64|nat64/i.test(l))) return undefined;
    return `dnsmasq ${version}: no PREF64 option among its ${options.length} options (dnsmasq --help)`;
  }
  return undefined;
}
