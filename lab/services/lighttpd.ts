// lighttpd as the internet's web server; its access log tells which source address it saw.
import { join } from 'node:path';
import type { ServiceDefinition } from './service.js';
import type { DaemonSpec } from './daemon-spec.js';
import type { LabPki } from './lab-ca.js';

export const lighttpd = {
  name: 'lighttpd',
  binary: 'lighttpd',
  package: 'lighttpd',
  version: { argv: ['lighttpd', '-v'], pattern: /lighttpd\/(\S+)/ },
  needs: [
    { file: '/usr/lib/lighttpd/mod_openssl.so', package: 'lighttpd-mod-openssl' },
    { file: 'openssl', package: 'openssl' },
  ],
} satisfies DaemonSpec;

/** HTTPS beside HTTP: the port, and the run's certificate (made before the server starts). */
export interface LighttpdTls {
  port: number;
  pki: LabPki;
}

export function lighttpdService(o: { node: string; dir: string; port: number; ipv6?: boolean; pages: Record<string, string>; tls?: LighttpdTls }): ServiceDefinition {
  const tls = o.tls;
  const tlsBlock = (socket: string): string => `$SERVER["socket"] == "${socket}" { ssl.engine = "enable"\n  ssl.pemfile = "${tls?.pki.cert}"\n  ssl.privkey = "${tls?.pki.key}" }`;
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
          // Without types lighttpd serves everything as application/octet-stream, and a browser
          // treats the page as a download (Chromium: net::ERR_ABORTED), never loading it.
          'mimetype.assign = (".html" => "text/html; charset=utf-8", ".js" => "text/javascript", ".css" => "text/css", ".svg" => "image/svg+xml", ".png" => "image/png", "" => "application/octet-stream")',
          ...(o.ipv6 ? [`$SERVER["socket"] == "[::]:${o.port}" { }`] : []),
          ...(tls ? ['server.modules += ("mod_openssl")', tlsBlock(`:${tls.port}`), ...(o.ipv6 ? [tlsBlock(`[::]:${tls.port}`)] : [])] : []),
          '',
        ].join('\n'),
      },
      ...Object.entries(o.pages).map(([path, content]) => ({ path: join(docroot, path), content })),
      ...(tls?.pki.files ?? []),
    ],
    ...(tls ? { before: tls.pki.before } : {}),
    daemon: { argv: ['lighttpd', '-D', '-f', conf], ready: { kind: 'listen', proto: 'tcp', port: tls?.port ?? o.port } },
  };
}

export function accessLogPath(dir: string): string {
  return join(dir, 'access.log');
}
