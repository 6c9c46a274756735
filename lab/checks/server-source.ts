// Which source address the server saw: a request tagged with a fresh token is looked up in the
// web server's access log. Proves NAT44 (or a proxy) put the expected address on the wire.
import { randomBytes } from 'node:crypto';
import type { Check, CheckContext } from './check.js';
import { describeWire, withWire, type WireExpectation } from './wire.js';
import { describeFetch, fetchPage, withProbe } from './http-fetch.js';

/**
 * The client addresses the web server logged for requests carrying `token` (lighttpd's log: the
 * address first). Waits a moment for the line when the request is known to have been answered.
 */
export async function loggedSources(ctx: CheckContext, o: { webNode: string; accessLog: string; token: string; answered: boolean }): Promise<string[]> {
  // The server writes its log line just after answering: give it a moment, not a fixed sleep.
  const log = await ctx.runUntil(o.webNode, ['grep', '-F', `probe=${o.token}`, o.accessLog], (r) => !o.answered || r.exitCode === 0);
  return log.stdout.split('\n').filter(Boolean).map((l) => l.split(' ')[0] ?? '');
}

export function serverSourceCheck(o: {
  id: string;
  title: string;
  client: string;
  url: string;
  webNode: string;
  accessLog: string;
  expectedSource: string;
  curlArgs?: string[];
  wire?: WireExpectation[];
}): Check {
  return {
    id: o.id,
    title: o.title,
    expected: `the web server logs the request from ${o.client} with client address ${o.expectedSource}${describeWire(o.wire)}`,
    async run(ctx) {
      const token = randomBytes(6).toString('hex');
      const url = withProbe(o.url, token);
      const f = await fetchPage(ctx, o.client, url, o.curlArgs);
      const sources = await loggedSources(ctx, { webNode: o.webNode, accessLog: o.accessLog, token, answered: f.ok });
      const ok = f.ok && sources.length > 0 && sources.every((s) => s === o.expectedSource);
      return withWire(
        ctx,
        { ok, observed: `${describeFetch(o.client, url, f)}; access log: ${sources.length > 0 ? `request from ${[...new Set(sources)].join(', ')}` : 'no request with the token'}` },
        o.wire,
        [token],
      );
    },
  };
}
