// clatd (Debian 13's clatd 2.1) as a host's CLAT: unlike the lab's own Tayga CLAT it is given no
// prefix — it discovers the PLAT prefix itself, through DNS64 (RFC 7050: the AAAA of
// ipv4only.arpa from the host's resolver) or systemd-networkd's PREF64 (RFC 8781; no networkd in
// a lab node, so DNS64 it is), then writes Tayga's config and runs Tayga as its child.
//
// What the lab sets beside it: the addresses the lab's CLAT uses (192.0.0.2 for the host, one
// extra /128 of the LAN prefix, proxied), no 10 s wait for an IPv4 route the hosts never have, and
// its sysctls (below), with proxy_ndp on "all" too (clatd sets it on eth0 only; measured with the
// lab's own CLAT: the gateway's unicast NUD probe is otherwise forwarded and answered "beyond scope").
import { join } from 'node:path';
import type { DaemonSpec } from './daemon-spec.js';
import type { ClatParams } from './role.js';
import type { ServiceDefinition } from './service.js';
import { CLAT_IPV4, clatSysctls } from './tayga.js';

export const clatd = {
  name: 'clatd',
  binary: 'clatd',
  package: 'clatd',
  // New in Debian 13; bookworm never had it.
  releases: ['trixie'],
  // clatd runs Tayga as its child, and Tayga outlives a killed clatd: a leak check looks for it.
  children: ['tayga'],
  version: { argv: ['clatd', '--help'], pattern: /clatd v(\d[\d.]*\d)/ },
} satisfies DaemonSpec;

/** What clatd's log says when it has found the prefix ("Using PLAT (NAT64) prefix: 64:ff9b::/96"). */
export const CLATD_PREFIX_LINE = /Using PLAT \(NAT64\) prefix: (\S+)/;

export function clatdService(p: ClatParams): ServiceDefinition {
  const conf = join(p.dir, 'clatd.conf');
  // clatd ignores SIGTERM while its Tayga runs, and cleans up when Tayga ends: the lab's stop
  // (SIGTERM to this shell) is passed to clatd's children, then clatd is waited for.
  const launcher = `clatd -d -c ${conf} & c=$!; trap 'pkill -TERM -P $c; wait $c' TERM INT; wait $c`;
  return {
    // The same name as the lab's own CLAT: `kill:hosta/clat`, the clat-stopped fault.
    name: 'clat',
    program: clatd,
    node: p.node,
    files: [
      {
        path: conf,
        content: [
          '# clatd 2.1 for a lab host: no plat-prefix (discovered), the lab\'s CLAT addresses.',
          `clat-dev=${p.tun}`,
          `clat-v4-addr=${CLAT_IPV4.host}`,
          `tayga-v4-addr=${CLAT_IPV4.translator}`,
          `clat-v6-addr=${p.clatIpv6}`,
          `tayga-conffile=${join(p.dir, 'clatd-tayga.conf')}`,
          'v4-conncheck-enable=0',
          `v4-defaultroute-mtu=${p.routeMtu}`,
          '',
        ].join('\n'),
      },
    ],
    // What clatd would write into /proc/sys itself, set first: a container's /proc/sys is read-only
    // (measured: clatd's writes fail with "Bad file descriptor" and it carries on without
    // forwarding), and the lab's runtimes set sysctls from outside. clatd finds them set and skips.
    before: [clatSysctls(p.lanIf)],
    // Ready when Tayga holds the TUN (the carrier is up): the routes into it came before.
    daemon: { argv: ['sh', '-c', launcher], ready: { kind: 'command', argv: ['ip', '-o', 'link', 'show', 'dev', p.tun], pattern: /LOWER_UP/ }, readyTimeoutMs: 20_000, stopGraceMs: 5_000 },
  };
}
