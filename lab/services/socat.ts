// socat as a TCP service that is not HTTP: it greets each connection with one banner line and
// closes, as an SSH server's greeting does. The lab internet runs it so "any TCP app" has
// something to talk to besides the web server.
import type { DaemonSpec } from './daemon-spec.js';
import type { ServiceDefinition } from './service.js';

export const socat = { name: 'socat', binary: 'socat', package: 'socat' } satisfies DaemonSpec;

export function tcpBannerService(o: { node: string; listen: string; port: number; banner: string }): ServiceDefinition {
  return {
    name: 'tcp-banner',
    program: socat,
    node: o.node,
    files: [],
    // fork: one child per connection, so the service answers any number of clients.
    daemon: { argv: ['socat', `TCP4-LISTEN:${o.port},bind=${o.listen},fork,reuseaddr`, `EXEC:/bin/echo ${o.banner}`], ready: { kind: 'listen', proto: 'tcp', port: o.port, address: o.listen } },
  };
}

/**
 * socat as an upload sink: each connection's first `bytes` bytes are read and counted, the count
 * is sent back, the connection closed — so a client knows every byte arrived.
 */
export function tcpSinkService(o: { node: string; listen: string; port: number; bytes: number }): ServiceDefinition {
  return {
    name: 'tcp-sink',
    program: socat,
    node: o.node,
    files: [],
    daemon: { argv: ['socat', `TCP4-LISTEN:${o.port},bind=${o.listen},fork,reuseaddr`, `SYSTEM:head -c ${o.bytes} | wc -c`], ready: { kind: 'listen', proto: 'tcp', port: o.port, address: o.listen } },
  };
}
