// Squid as the HTTP proxy on the link-local address (foreground, no cache directory).
import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { renderConfig, type ComposedConfig } from './config-text.js';
import type { ServiceDefinition } from './service.js';
import { configLines, hostPort, type Adoption } from './adopt.js';
import type { DaemonSpec } from './daemon-spec.js';
import type { ProxyParams } from './role.js';

export const squid = {
  name: 'squid',
  binary: 'squid',
  package: 'squid',
  version: { argv: ['squid', '-v'], pattern: /Version (\S+)/ },
  // Its ICMP helper, started unless `pinger_enable off`.
  children: ['pinger'],
  // "2026/11/26 10:00:00| Bungled /path line 3: acl …" — it stops at the first one.
  checker: { argv: ['squid', '-k', 'parse', '-f'], reportsAllErrors: false, lineRef: /Bungled \S+ line (\d+):/, prefix: /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\|\s*/ },
} satisfies DaemonSpec;

/** Squid's own recommended last rule, which the guide's config lacks. */
export const SQUID_DENY_UNMATCHED = { why: "deny whatever the rules above did not allow (Squid's own recommended last rule)", lines: ['http_access deny all'] };

export function squidAccessLog(dir: string): string {
  return join(dir, 'squid-logs', 'access.log');
}

export function squidService(o: { node: string; dir: string; config: ComposedConfig; port: number; listen: string; dnsServer: string }): ServiceDefinition {
  const conf = join(o.dir, 'squid.conf');
  const logs = join(o.dir, 'squid-logs');
  const config: ComposedConfig = {
    ...o.config,
    additions: [
      ...o.config.additions,
      { why: 'names are resolved at the proxy, against the lab internet\'s DNS', lines: [`dns_nameservers ${o.dnsServer}`] },
      {
        why: 'logs and pid inside the lab (Squid drops to user "proxy", so its log directory is made writable); its messages reach the lab\'s log through -d1',
        lines: [`pid_filename ${join(o.dir, 'squid.pid')}`, `access_log stdio:${squidAccessLog(o.dir)}`, SQUID_CACHE_LOG, 'cache_store_log none', `coredump_dir ${logs}`],
      },
      { why: "Squid's default shutdown waits 30 s for clients; a lab run should not", lines: ['shutdown_lifetime 0 seconds'] },
      { why: VISIBLE_HOSTNAME_WHY, lines: [VISIBLE_HOSTNAME] },
      { why: 'log query strings too: the lab tags each probe request with ?probe=<token> to find it in the log', lines: ['strip_query_terms off'] },
      SQUID_DENY_UNMATCHED,
    ],
  };
  return {
    name: 'squid',
    program: squid,
    node: o.node,
    files: [{ path: conf, content: renderConfig(config) }],
    prepare: async () => {
      await mkdir(logs, { recursive: true });
      await chmod(logs, 0o777);
    },
    daemon: {
      // -N: foreground, no daemon fork; -d1: cache.log messages to stderr (the lab's log file).
      argv: ['squid', '-N', '-d1', '-f', conf],
      ready: { kind: 'listen', proto: 'tcp', port: o.port, address: o.listen },
      readyTimeoutMs: 15_000,
      // Even with shutdown_lifetime 0, Squid takes ~1.8 s to exit on SIGTERM (measured here).
      // It holds no state the lab needs (logs are written as they happen), and a 300 ms grace
      // only ever ended in SIGKILL (a third of every proxy-http run): no grace.
      stopGraceMs: 0,
    },
  };
}

/**
 * Its messages reach the lab's log through -d1 (stderr); cache_log takes a path, and Squid, once
 * it is user "proxy", may not reopen /dev/stderr (measured: "stdio:/dev/stderr: Permission denied").
 */
const SQUID_CACHE_LOG = 'cache_log /dev/null';

/** A name of its own, so Squid does not ask DNS for the machine's. */
const VISIBLE_HOSTNAME = 'visible_hostname v6lab-proxy';
const VISIBLE_HOSTNAME_WHY = "without it Squid looks the machine's name up at start, 5 s a try where the machine's resolver cannot be reached (measured: 10 s of Squid's start in the v6lab image under --network none)";
const CACHE_LOG_WHY = "its messages reach the lab's log file through -d1 (stderr), not a file of the host's";

/** A production squid.conf, as the lab runs it: logs and pid in the lab, no cache directory, quick to stop. */
export const squidAdoption: Adoption<ProxyParams> = {
  fileName: 'squid.conf',
  rules: [
    { match: /^pid_filename\s/, replace: (_m, c) => [`pid_filename ${join(c.dir, 'squid.pid')}`], why: "the pid file in the lab's state directory" },
    { match: /^access_log\s/, replace: (_m, c) => [`access_log stdio:${squidAccessLog(c.dir)}`], why: "the access log in the lab (the checks read each client's line there)" },
    { match: /^cache_log\s/, replace: () => [SQUID_CACHE_LOG], why: CACHE_LOG_WHY },
    { match: /^cache_store_log\s/, replace: () => ['cache_store_log none'], why: 'no store log in a lab' },
    { match: /^cache_dir\s/, replace: () => [], why: "no disk cache in the lab (it would need the host's spool directory)" },
    { match: /^coredump_dir\s/, replace: (_m, c) => [`coredump_dir ${join(c.dir, 'squid-logs')}`], why: "the lab's state directory" },
    { match: /^include\s/, replace: () => [], why: 'it names a file of the production host, which the lab does not have' },
  ],
  additions: [
    { unless: /^access_log\s/, lines: (c) => [`access_log stdio:${squidAccessLog(c.dir)}`], why: "the access log in the lab (the checks read each client's line there)" },
    { unless: /^pid_filename\s/, lines: (c) => [`pid_filename ${join(c.dir, 'squid.pid')}`], why: "the pid file in the lab's state directory" },
    { unless: /^cache_log\s/, lines: () => [SQUID_CACHE_LOG], why: `${CACHE_LOG_WHY} (the default is the host's /var/log/squid/cache.log)` },
    { unless: /^shutdown_lifetime\s/, lines: () => ['shutdown_lifetime 0 seconds'], why: "Squid's default shutdown waits 30 s for clients; a lab run should not" },
    { unless: /^visible_hostname\s/, lines: () => [VISIBLE_HOSTNAME], why: VISIBLE_HOSTNAME_WHY },
    { unless: /^strip_query_terms\s/, lines: () => ['strip_query_terms off'], why: 'log query strings too: the lab tags each probe request with ?probe=<token> to find it in the log' },
  ],
  // "http_port 3128", "http_port [fe80::1%eth0]:3128 …"
  listens: (text) => configLines(text, /^http_port\s+(\S+)/).flatMap((m) => hostPort(m[1]!) ?? []),
  service: (p, path) => ({
    name: 'squid',
    program: squid,
    node: p.node,
    files: [],
    prepare: async () => {
      await mkdir(join(p.dir, 'squid-logs'), { recursive: true });
      await chmod(join(p.dir, 'squid-logs'), 0o777);
    },
    daemon: { argv: ['squid', '-N', '-d1', '-f', path], ready: { kind: 'listen', proto: 'tcp', port: p.port, address: p.address }, readyTimeoutMs: 15_000, stopGraceMs: 0 },
  }),
};
