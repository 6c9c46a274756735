// Tayga: stateless NAT64 in user space over a TUN device. The kernel routes the NAT64 prefix
// into the TUN; Tayga maps each IPv6 client to an address of its dynamic IPv4 pool.
import { join } from 'node:path';
import { poolCapacity } from '../plan/plan.js';
import { parseCidr } from '../topology/address.js';
import type { ServiceDefinition } from './service.js';
import type { DaemonSpec } from './daemon-spec.js';
import type { ClatParams } from './role.js';

export const tayga = { name: 'tayga', binary: 'tayga', package: 'tayga' } satisfies DaemonSpec;

export interface TaygaParams {
  /** Service name, and the stem of its files: "tayga", or "tayga-nsp" for a second instance. */
  name?: string;
  node: string;
  dir: string;
  tun: string;
  prefix: string;
  ipv4Addr: string;
  /** Required by Tayga when the well-known prefix is used with a non-global ipv4-addr. */
  ipv6Addr?: string;
  /** IPv4 addresses Tayga hands out, one per IPv6 host (a NAT64); a CLAT maps its one host instead. */
  dynamicPool?: string;
  /** Static one-to-one mappings (`map IPV4 IPV6`). */
  maps?: { ipv4: string; ipv6: string }[];
  /** The TUN's MTU, set before Tayga starts (it reads it once); default: --mktun's 1500. */
  mtu?: number;
}

export function renderTaygaConf(p: TaygaParams): string {
  return [
    `tun-device ${p.tun}`,
    `ipv4-addr ${p.ipv4Addr}`,
    ...(p.ipv6Addr ? [`ipv6-addr ${p.ipv6Addr}`] : []),
    `prefix ${p.prefix}`,
    ...(p.dynamicPool ? [`dynamic-pool ${p.dynamicPool}`] : []),
    ...(p.maps ?? []).map((m) => `map ${m.ipv4} ${m.ipv6}`),
    `data-dir ${join(p.dir, p.name ?? 'tayga')}`,
    '',
  ].join('\n');
}

export function taygaService(p: TaygaParams): ServiceDefinition {
  const name = p.name ?? 'tayga';
  const conf = join(p.dir, `${name}.conf`);
  return {
    name,
    program: tayga,
    node: p.node,
    files: [
      { path: conf, content: renderTaygaConf(p) },
      { path: join(p.dir, name, '.keep'), content: '' },
    ],
    before: [
      ['tayga', '--mktun', '-c', conf],
      ...(p.mtu ? [['ip', 'link', 'set', 'dev', p.tun, 'mtu', String(p.mtu)]] : []),
      ['ip', 'link', 'set', 'dev', p.tun, 'up'],
    ],
    daemon: {
      // stdbuf: Tayga logs with stdio, which a file would buffer until exit.
      argv: ['stdbuf', '-oL', '-eL', 'tayga', '-d', '-c', conf],
      // A TUN has carrier only while a process holds it open: that is Tayga attached.
      ready: { kind: 'command', argv: ['ip', '-o', 'link', 'show', 'dev', p.tun], pattern: /LOWER_UP/ },
    },
    after: [
      ['ip', 'route', 'add', p.prefix, 'dev', p.tun],
      ...(p.dynamicPool ? [['ip', 'route', 'add', p.dynamicPool, 'dev', p.tun]] : []),
    ],
  };
}

/** RFC 6052 §2.2: the prefix lengths a NAT64 prefix may have. */
export const NAT64_PREFIX_LENGTHS = [32, 40, 48, 56, 64, 96];

/**
 * What Tayga needs of a plan, as {field, message}: an RFC 6052 prefix length, and a pool with an
 * IPv4 address for every IPv6 host (Tayga maps one to one, and keeps a mapping ~2 h).
 */
export function taygaPlanProblems(o: { prefix: string; pool: string; taygaIpv4: string; hosts: number }): { field: 'prefix' | 'pool' | 'tayga-ipv4'; message: string }[] {
  const problems: { field: 'prefix' | 'pool' | 'tayga-ipv4'; message: string }[] = [];
  const length = parseCidr(o.prefix).prefixLength;
  if (!NAT64_PREFIX_LENGTHS.includes(length)) {
    problems.push({ field: 'prefix', message: `${o.prefix} is a /${length}; a NAT64 prefix is /${NAT64_PREFIX_LENGTHS.join(', /')} (RFC 6052 §2.2), e.g. ${o.prefix.split('/')[0]}/96` });
  }
  const capacity = poolCapacity(o.pool, o.taygaIpv4);
  if (capacity < o.hosts) {
    problems.push({ field: 'pool', message: `${o.pool} gives Tayga ${capacity} address${capacity === 1 ? '' : 'es'} for ${o.hosts} hosts; Tayga maps one IPv4 address per IPv6 host: use a larger pool (a /${Math.max(8, 32 - Math.ceil(Math.log2(o.hosts + 3)))} or wider)` });
  }
  return problems;
}

/** RFC 7335: the IPv4 service continuity prefix a CLAT numbers its host side from. */
export const CLAT_IPV4 = { translator: '192.0.0.1', host: '192.0.0.2' } as const;


/**
 * Tayga as a host's CLAT (464XLAT, RFC 6877): the host's IPv4 (192.0.0.2) is mapped to its own
 * IPv6 address, every IPv4 destination into the PLAT's prefix. The host answers neighbour
 * solicitations for that address (proxy NDP) and forwards it into the TUN.
 */
/** What a host's CLAT needs of the kernel (either implementation): forwarding, RAs still taken, proxy NDP. */
export function clatSysctls(lanIf: string): string[] {
  return ['sysctl', '-q', '-w', `net.ipv6.conf.${lanIf}.accept_ra=2`, 'net.ipv6.conf.all.forwarding=1', 'net.ipv6.conf.all.proxy_ndp=1', `net.ipv6.conf.${lanIf}.proxy_ndp=1`, `net.ipv6.neigh.${lanIf}.proxy_delay=0`];
}

export function taygaClatService(p: ClatParams): ServiceDefinition {
  return {
    ...taygaService({ name: 'clat', node: p.node, dir: p.dir, tun: p.tun, prefix: p.platPrefix, ipv4Addr: CLAT_IPV4.translator, maps: [{ ipv4: CLAT_IPV4.host, ipv6: p.clatIpv6 }] }),
    // Not a NAT64's routes: the PLAT prefix stays on the LAN; only the host's IPv4 goes into the TUN.
    after: [
      ['ip', 'addr', 'add', `${CLAT_IPV4.host}/32`, 'dev', p.tun],
      ['ip', 'route', 'add', 'default', 'dev', p.tun, 'src', CLAT_IPV4.host, 'mtu', String(p.routeMtu)],
      ['ip', '-6', 'route', 'add', `${p.clatIpv6}/128`, 'dev', p.tun],
      // accept_ra=2 first: a forwarding host ignores RAs otherwise. proxy_ndp on "all" too: with
      // eth0 alone the gateway's unicast NUD probe is forwarded and answered "beyond scope".
      // proxy_delay=0: Linux holds each proxied advertisement for a random time up to 0.8 s, which
      // the first packets of a run waited (150–370 ms measured); no check is about that delay.
      clatSysctls(p.lanIf),
      ['ip', '-6', 'neigh', 'add', 'proxy', p.clatIpv6, 'dev', p.lanIf],
    ],
  };
}
