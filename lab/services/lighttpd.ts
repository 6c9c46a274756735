// lighttpd as the internet's web server; its access log tells which source address it saw.
import { join } from 'node:path';
import type { ServiceDefinition } from './service.js';
import type { DaemonSpec } from './daemon-spec.js';

export const lighttpd = { name: 'lighttpd', binary: 'lighttpd', package: 'lighttpd' } satisfies DaemonSpec;

export function lighttpdService(o: { node: string; dir: string; port: number; ipv6?: boolean; pages: Record<string, string> }): ServiceDefinition {
  const conf = join(o.dir, 'lighttpd.conf');
  const docroot = join(o.dir, 'www');
  return {
    name: 'lighttpd',
    program: lighttpd,
    node: o.node,
    files: [
      {
        path: conf,
        content: [
          `server.document-root = "${docroot}"`,
          `server.port = ${o.port}`,
          `server.pid-file = "${join(o.dir, 'lighttpd.pid')}"`,
          `server.errorlog = "${join(o.dir, 'lighttpd-error.log')}"`,
          'server.modules += ("mod_accesslog")',
          // A piped logger: lighttpd flushes a plain log file only every second or two, a pipe at once.
          `accesslog.filename = "|/bin/cat >> ${accessLogPath(o.dir)}"`,
          'index-file.names = ("index.html")',
          ...(o.ipv6 ? [`$SERVER["socket"] == "[::]:${o.port}" { }`] : []),
          '',
        ].join('\n'),
      },
      ...Object.entries(o.pages).map(([path, content]) => ({ path: join(docroot, path), content })),
    ],
    daemon: { argv: ['lighttpd', '-D', '-f', conf], ready: { kind: 'listen', proto: 'tcp', port: o.port } },
  };
}

export function accessLogPath(dir: string): string {
  return join(dir, 'access.log');
}
