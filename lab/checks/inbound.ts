// The gateway's own security: nobody outside opens a connection to an inside host — not even a
// neighbour on the uplink segment that routes the translator's pool to the gateway and knows the
// pool address the translator mapped to the host (a stateless NAT64 keeps such a mapping for
// hours). And nobody outside uses the inside resolver.
import { tcpSyn } from '../capture/match.js';
import type { Endpoint } from '../topology/types.js';
import type { Check } from './check.js';
import { describeWire, withWire } from './wire.js';

export interface InboundTarget {
  /** The inside host, its address as the outside knows it (the pool address mapped to it), and how that was learnt. */
  host: string;
  outsideAddress: string;
  learnt: string;
}

export function inboundRefusedCheck(o: {
  id: string;
  outside: string;
  /** The gateway's uplink address: the outside's route to the pool goes through it. */
  via: string;
  /** The translator's pool, routed through the gateway by the would-be intruder. */
  pool: string;
  /** A global-looking source the outside uses (one of its own addresses). */
  source: string;
  /** The inside host's address for the translated source (what a SYN on the LAN would come from). */
  translatedSource: string;
  port: number;
  inside: Endpoint;
  /** Make the inside host known to the translator, and say which outside address it got (or why none was found). */
  target(ctx: Parameters<Check['run']>[0]): Promise<InboundTarget | string>;
}): Check {
  const wire = [{ endpoint: o.inside, what: `TCP SYN from the outside (${o.translatedSource}) to port ${o.port} on the LAN`, match: tcpSyn({ src: o.translatedSource, dstPort: o.port }), absent: true as const }];
  return {
    id: o.id,
    // Alone, after the others: its route to the pool in the outside node would carry other checks'
    // un-NATed replies too (a NAT44 fault would then go unnoticed). Removed once it has tried.
    exclusive: true,
    title: `The internet cannot reach inside hosts: a neighbour on the uplink routing ${o.pool} via ${o.via} gets neither a TCP connection nor a ping through`,
    expected: `from ${o.outside} (source ${o.source}), with a route to ${o.pool} via ${o.via}: TCP to the inside host's pool address port ${o.port} fails and ping gets no reply, while the host listens${describeWire(wire)}`,
    async run(ctx) {
      const t = await o.target(ctx);
      // No outside address found (no mapping, or a log the lab cannot read): the refusal cannot be shown, so it is not a pass.
      if (typeof t === 'string') return { ok: false, observed: `could not learn the inside host's outside address, so the gateway's refusal was not tried: ${t}` };
      // The inside host listens, so a refusal is the gateway's, not the host's; the listener is
      // stopped by its own PID once the outside has tried.
      const pidFile = `/tmp/v6lab-inbound-${o.port}.pid`;
      const listener = ctx.run(t.host, ['sh', '-c', 'timeout 5 nc -6 -l "$1" & echo $! > "$0"; wait', pidFile, String(o.port)], { timeoutMs: 8_000 });
      // The attempt waits for the listener (not a fixed pause): a refusal then cannot be a race.
      await ctx.runUntil(t.host, ['ss', '-Hltn', `sport = :${o.port}`], (r) => r.stdout.includes(`:${o.port}`), 2_000);
      await ctx.run(o.outside, ['ip', 'route', 'replace', o.pool, 'via', o.via]);
      const [tcp, ping] = await Promise.all([
        // 0.2 s: inside the lab a SYN crosses the gateway in well under a millisecond.
        ctx.run(o.outside, ['timeout', '0.2', 'nc', '-z', '-s', o.source, t.outsideAddress, String(o.port)]),
        ctx.run(o.outside, ['ping', '-c', '1', '-W', '0.2', '-I', o.source, t.outsideAddress]),
      ]);
      await ctx.run(o.outside, ['ip', 'route', 'del', o.pool, 'via', o.via]);
      await ctx.run(t.host, ['sh', '-c', 'kill "$(cat "$0")" 2>/dev/null; rm -f "$0"; true', pidFile]);
      const listened = await listener;
      // A refusal must be the network's: a missing tool or a listener that never listened proves nothing.
      const broken = [listened, tcp, ping].find((r) => r.exitCode === 127 || /not found|usage:/i.test(r.stderr));
      if (broken) return { ok: false, observed: `the attempt itself failed in ${broken.node}: \`${broken.argv.join(' ')}\` exit ${broken.exitCode}: ${broken.stderr.trim().split('\n')[0] ?? ''}` };
      const connected = tcp.exitCode === 0;
      const answered = ping.exitCode === 0;
      const observed = `${t.host} is ${t.outsideAddress} outside (${t.learnt}); from ${o.outside}: TCP to ${t.outsideAddress}:${o.port} ${connected ? 'CONNECTED' : 'failed'}, ping ${answered ? 'ANSWERED' : 'no reply'}`;
      return withWire(ctx, { ok: !connected && !answered, observed }, wire);
    },
  };
}

/** The inside resolver answers no one outside: a query from the internet to the gateway's uplink address gets nothing. */
export function resolverNotOpenCheck(o: { id: string; outside: string; address: string; name: string; control: { node: string } }): Check {
  return {
    id: o.id,
    title: `The DNS64 resolver is not open: a query from the internet to ${o.address}:53 gets no answer`,
    expected: `dig @${o.address} A ${o.name} from ${o.outside} times out or is refused, while ${o.control.node} resolves it through its own resolver`,
    async run(ctx) {
      const outside = await ctx.run(o.outside, ['dig', '+time=1', '+tries=1', '+noall', '+comments', '+answer', `@${o.address}`, 'A', o.name]);
      const inside = await ctx.run(o.control.node, ['dig', '+time=2', '+tries=2', '+short', 'A', o.name]);
      const status = /status: ([A-Z]+)/.exec(outside.stdout)?.[1];
      const answered = outside.exitCode === 0 && status === 'NOERROR' && /\sIN\s+A\s/.test(outside.stdout);
      const controlOk = inside.exitCode === 0 && inside.stdout.trim().length > 0;
      return {
        ok: !answered && controlOk,
        observed: `from ${o.outside}: ${answered ? `ANSWERED (${status})` : status ? `${status}, no answer` : (outside.stdout.match(/;; (.*timed out.*|communications error.*)/)?.[1] ?? `dig exit ${outside.exitCode}`)}; control ${o.control.node}: ${controlOk ? inside.stdout.trim().split('\n').join(', ') : `no answer (exit ${inside.exitCode})`}`,
      };
    },
  };
}
