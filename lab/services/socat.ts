// socat as a TCP service that is not HTTP: it greets each connection with one banner line and
// closes, as an SSH server's greeting does. The lab internet runs it so "any TCP app" has
// something to talk to besides the web server.
import { join } from 'node:path';
import type { DaemonSpec } from './daemon-spec.js';
import type { ServiceDefinition } from './service.js';

export const socat = { name: 'socat', binary: 'socat', package: 'socat' } satisfies DaemonSpec;

export function tcpBannerService(o: { name?: string; node: string; listen: string; port: number; banner: string }): ServiceDefinition {
  return {
    name: o.name ?? 'tcp-banner',
    program: socat,
    node: o.node,
    files: [],
    // fork: one child per connection, so the service answers any number of clients.
    daemon: { argv: ['socat', `TCP4-LISTEN:${o.port},bind=${o.listen},fork,reuseaddr`, `EXEC:/bin/echo ${o.banner}`], ready: { kind: 'listen', proto: 'tcp', port: o.port, address: o.listen } },
  };
}

/**
 * socat as an HTTP upload sink: each request's headers are skipped, exactly `bytes` bytes of its
 * body counted, and the count sent back as the answer — so a client knows every byte arrived.
 */
export function httpSinkService(o: { node: string; dir: string; listen: string; port: number; bytes: number }): ServiceDefinition {
  const script = join(o.dir, 'http-sink.sh');
  return {
    name: 'http-sink',
    program: socat,
    node: o.node,
    files: [
      {
        path: script,
        content: [
          '# One HTTP upload per connection (socat forks a shell for each): skip the headers, count the body.',
          'cr=$(printf "\\r")',
          'while IFS= read -r line; do [ "$line" = "$cr" ] || [ -z "$line" ] && break; done',
          `n=$(head -c ${o.bytes} | wc -c)`,
          'printf "HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\nContent-Length: %s\\r\\nConnection: close\\r\\n\\r\\n%s\\n" "$((${#n} + 1))" "$n"',
          '',
        ].join('\n'),
      },
    ],
    daemon: { argv: ['socat', `TCP4-LISTEN:${o.port},bind=${o.listen},fork,reuseaddr`, `EXEC:/bin/sh ${script}`], ready: { kind: 'listen', proto: 'tcp', port: o.port, address: o.listen } },
  };
}

/**
 * socat as a local forwarder on a host: it listens on the loopback [::1] and connects each client
 * to a link-local proxy with this host's zone — for clients (Chromium) that refuse a zone id.
 */
export interface LoopbackForwarder {
  port: number;
  target: string;
  zone: string;
  targetPort: number;
}

function forwarderArgv(o: LoopbackForwarder): string[] {
  return ['socat', `TCP6-LISTEN:${o.port},bind=[::1],fork,reuseaddr`, `TCP6:[${o.target}%${o.zone}]:${o.targetPort}`];
}

export function loopbackForwarderService(o: LoopbackForwarder & { node: string }): ServiceDefinition {
  return {
    name: 'proxy-forwarder',
    program: socat,
    node: o.node,
    files: [],
    daemon: { argv: forwarderArgv(o), ready: { kind: 'listen', proto: 'tcp', port: o.port, address: '::1' } },
  };
}

/** The same forwarder as a systemd unit for a user's host: the command the lab runs, as it runs it. */
export function loopbackForwarderUnit(o: LoopbackForwarder & { clientHint: string }): string {
  // systemd reads "%" as a specifier in Description= and ExecStart= ("%e" would fail the unit): the zone's is "%%".
  const unit = (s: string): string => s.replaceAll('%', '%%');
  return [
    `# A forwarder from [::1]:${o.port} to the proxy at [${o.target}%${o.zone}]:${o.targetPort}, for clients that refuse`,
    `# a zone id (${o.clientHint}). Rendered by v6lab from the command its lab runs`,
    `# (the proxy-forwarder check); ${o.zone} is the lab host's interface: write yours.`,
    '[Unit]',
    unit(`Description=Forward [::1]:${o.port} to the link-local proxy [${o.target}%${o.zone}]:${o.targetPort}`),
    'After=network-online.target',
    'Wants=network-online.target',
    '',
    '[Service]',
    unit(`ExecStart=/usr/bin/${forwarderArgv(o).join(' ')}`),
    'Restart=on-failure',
    'DynamicUser=yes',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}
