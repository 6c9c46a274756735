// A lab file's own checks (`checks:`): the expectations a network engineer states about their
// own design — a name resolves into their prefix, a page loads through their proxy, a port
// answers, nothing of a kind crosses an interface — run like the method's checks, with evidence.
// Each kind is one attempt from one node; `retry` repeats the nodes that have not passed yet.
import { setTimeout as sleep } from 'node:timers/promises';
import { packetMatching } from '../capture/match.js';
import { hostPort } from '../services/adopt.js';
import type { UserCheckSpec } from './user-check-spec.js';
import { inPrefix } from '../topology/address.js';
import type { Endpoint } from '../topology/types.js';
import type { Check, CheckContext, CheckOutcome } from './check.js';
import { dig } from './dig.js';
import { fetchPage } from './http-fetch.js';
import { judgeWire } from './wire.js';

/** One node's try: did it meet the expectation, and what was seen. */
type Attempt = (ctx: CheckContext, node: string) => Promise<CheckOutcome>;

/** "5s", "500ms" → milliseconds. */
export function durationMs(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
}

const RETRY_PAUSE_MS = 250;

/** The command each kind runs, and how it judges it. */
const ATTEMPTS: { [K in UserCheckSpec['kind']]: (c: Extract<UserCheckSpec, { kind: K }>) => { expected: string; attempt: Attempt } } = {
  fetch: (c) => ({
    expected: `HTTP ${c.status ?? 200} for ${c.url}${c.proxy ? ` through ${c.proxy}` : ''}${c.body ? `, the page containing "${c.body}"` : ''}`,
    attempt: async (ctx, node) => {
      // HTTPS trusts the run's own CA only (as the method's checks do), never the machine's store.
      const trust = c.url.startsWith('https:') && ctx.lab.trustedCa ? ['--cacert', ctx.lab.trustedCa] : [];
      const f = await fetchPage(ctx, node, c.url, [...trust, ...(c.proxy ? ['-x', c.proxy] : [])]);
      const ok = f.exitCode === 0 && f.httpCode === (c.status ?? 200) && (c.body === undefined || f.body.includes(c.body));
      return { ok, observed: f.exitCode === 0 ? `HTTP ${f.httpCode} from ${f.remote || '?'}${c.body ? (f.body.includes(c.body) ? `, "${c.body}" in the page` : `, no "${c.body}" in the page`) : ''}` : `curl exit ${f.exitCode} (${f.error || 'no message'})` };
    },
  }),
  resolve: (c) => ({
    expected: `${c.type ?? 'AAAA'} ${c.name}: ${c.none ? 'no answer' : c.in ? `every answer in ${c.in}` : 'an answer'}`,
    attempt: async (ctx, node) => {
      const r = await dig(ctx, node, c.type ?? 'AAAA', c.name);
      const answers = r.records.map((x) => x.data);
      const ok = c.none ? answers.length === 0 && r.exitCode === 0 : answers.length > 0 && (c.in === undefined || answers.every((a) => inPrefix(a, c.in!)));
      return { ok, observed: `${r.status}: ${answers.join(', ') || 'no answer'}` };
    },
  }),
  ping: (c) => ({
    expected: `an echo reply from ${c.to}`,
    attempt: async (ctx, node) => {
      const r = await ctx.run(node, ['ping', '-c', '1', '-W', '2', c.to]);
      return { ok: r.exitCode === 0, observed: r.exitCode === 0 ? `reply from ${c.to}` : `no reply (ping exit ${r.exitCode}: ${(r.stdout + r.stderr).trim().split('\n').find((l) => /unreachable|scope|unknown|failure|error/i.test(l)) ?? 'timed out'})` };
    },
  }),
  tcp: (c) => ({
    expected: `a TCP connection to ${c.to}${c.banner ? ` sending "${c.banner}"` : ''}`,
    attempt: async (ctx, node) => {
      // The schema took host:port ([IPv6]:port) only.
      const to = hostPort(c.to)!;
      const target = [to.address ?? '', String(to.port)];
      // -w 2: connect within 2 s; with a banner, read what the service sends first (timeout closes it).
      const r = await ctx.run(node, c.banner ? ['timeout', '3', 'nc', '-w', '2', ...target] : ['nc', '-z', '-w', '2', ...target], { input: '' });
      const got = r.stdout.trim().split('\n')[0] ?? '';
      const connected = c.banner ? got.length > 0 : r.exitCode === 0;
      const ok = connected && (c.banner === undefined || got.includes(c.banner));
      return { ok, observed: connected ? `connected${c.banner ? `, it sent "${got}"` : ''}` : `no connection (nc exit ${r.exitCode}${r.stderr.trim() ? `: ${r.stderr.trim().split('\n')[0]}` : ''})` };
    },
  }),
  exec: (c) => ({
    expected: `\`${c.argv.join(' ')}\` exits ${c.exit ?? 0}${c.stdout ? ` printing "${c.stdout}"` : ''}`,
    attempt: async (ctx, node) => {
      const r = await ctx.run(node, c.argv);
      const ok = r.exitCode === (c.exit ?? 0) && (c.stdout === undefined || r.stdout.includes(c.stdout));
      return { ok, observed: `exit ${r.exitCode}${c.stdout ? (r.stdout.includes(c.stdout) ? `, "${c.stdout}" printed` : `, no "${c.stdout}" in its output`) : ''}` };
    },
  }),
  wire: (c) => {
    const what = [c.packet.proto ? `${c.packet.proto.toUpperCase()} packet` : 'packet', c.packet.src ? `from ${c.packet.src}` : '', c.packet.dst ? `to ${c.packet.dst}` : '', c.packet.port ? `port ${c.packet.port}` : ''].filter(Boolean).join(' ');
    return {
      expected: `${c.on} ${c.absent ? 'carries no' : 'carries'} ${what}${c.absent ? ' in the whole run (judged up to a marker frame)' : ''}`,
      attempt: async (ctx) => judgeWire(ctx, [{ endpoint: c.on as Endpoint, what, match: packetMatching(c.packet), ...(c.absent ? { absent: true } : {}) }]),
    };
  },
};

/** The check a lab file's `checks:` entry states; `hosts`: where it runs when it names no `from`. */
export function userCheck(c: UserCheckSpec, hosts: string[]): Check {
  const { expected, attempt } = (ATTEMPTS[c.kind] as (x: UserCheckSpec) => { expected: string; attempt: Attempt })(c);
  // A wire check reads a capture, not a node: it runs once.
  const nodes = c.kind === 'wire' ? ['(capture)'] : (c.from ?? hosts);
  const retryMs = c.retry ? durationMs(c.retry.for) : 0;
  return {
    id: c.id,
    title: c.title ?? `Your check (${c.kind}): ${expected}`,
    expected: `${nodes.join(', ')}: ${expected}${retryMs ? ` (retrying for up to ${c.retry!.for})` : ''}`,
    ...(c.expect === 'fail' ? { expectation: 'fail' as const } : {}),
    ...(c.level === 'warning' ? { level: 'warning' as const } : {}),
    async run(ctx) {
      const started = performance.now();
      const last = new Map<string, CheckOutcome>();
      let pending = nodes;
      let tries = 0;
      for (;;) {
        tries++;
        const round = await Promise.all(pending.map(async (n) => [n, await attempt(ctx, n)] as const));
        for (const [n, o] of round) last.set(n, o);
        // Retried only toward the expectation: a check meant to fail is judged on its first answer.
        pending = round.filter(([, o]) => !o.ok).map(([n]) => n);
        if (pending.length === 0 || c.expect === 'fail' || performance.now() - started + RETRY_PAUSE_MS > retryMs) break;
        await sleep(RETRY_PAUSE_MS);
      }
      const took = tries > 1 ? ` (${pending.length === 0 ? 'passed' : 'still failing'} after ${tries} tries in ${((performance.now() - started) / 1000).toFixed(1)} s)` : '';
      return { ok: pending.length === 0, observed: nodes.map((n) => `${n === '(capture)' ? '' : `${n}: `}${last.get(n)!.observed}`).join(' | ') + took };
    },
  };
}
