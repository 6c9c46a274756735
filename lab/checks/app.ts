// An application tried from a host, as a user would run it: does it work through this method?
// Each kind of application is one check (`app-<kind>`) with the value the method is known to
// give (IPv4 literals fail under NAT64 without a CLAT, UDP cannot go through an HTTP proxy…);
// a cell that differs from its expectation fails the run. Together they are the app matrix.
import type { ExecResult } from '../runtime/runtime.js';
import type { Check, CheckContext, Expectation } from './check.js';
import { probeFetch } from './http-fetch.js';
import { describeWire, withWire, type WireExpectation } from './wire.js';

/** The application kinds of the matrix, in the order it prints them. */
export const APP_KINDS = ['http-name', 'https-name', 'ipv4-literal', 'udp-name', 'icmp-name', 'tcp-any', 'proxy-unaware', 'zone-wrong'] as const;
export type AppKind = (typeof APP_KINDS)[number];

/** A cell's check id: `app-<kind>`. */
export type AppCheckId<K extends AppKind = AppKind> = `app-${K}`;
export const appCheckId = <K extends AppKind>(kind: K): AppCheckId<K> => `app-${kind}`;

/** The check id's app kind, if it is one of the matrix's. */
export function appKindOf(checkId: string): AppKind | undefined {
  return APP_KINDS.find((k) => appCheckId(k) === checkId);
}

/** What one try of the application did. */
export interface AppAttempt {
  worked: boolean;
  observed: string;
  /** Tokens the app put into its own traffic, for the wire evidence (see httpProbe). */
  probes?: string[];
}

/** How to run the application once. */
export type AppRun = (ctx: CheckContext) => Promise<AppAttempt>;

export function appCheck(o: {
  kind: AppKind;
  title: string;
  /** The command as a user would type it ("curl http://192.88.99.80/"). */
  how: string;
  /** The method's known answer, and why (what the guide implies, or the known truth). */
  expectation: Expectation;
  why: string;
  run: AppRun;
  /** What the captures show when the app works: it worked the way the method says. */
  wire?: WireExpectation[];
}): Check {
  return {
    id: appCheckId(o.kind),
    title: o.title,
    expected: `${o.how} works${describeWire(o.wire)} — this method is expected to ${o.expectation === 'pass' ? 'make it work' : 'fail it'}: ${o.why}`,
    expectation: o.expectation,
    async run(ctx) {
      const a = await o.run(ctx);
      // The wire is judged only for an app that worked: it must have gone the method's way.
      return a.worked ? withWire(ctx, { ok: true, observed: a.observed }, o.wire, a.probes) : { ok: false, observed: a.observed };
    },
  };
}

/** An HTTP(S) client: curl with the page's marker checked, a probe token in the URL. */
export function curlApp(o: { node: string; url: string; curlArgs?: string[]; bodyMarker: string }): AppRun {
  return async (ctx) => {
    const f = await probeFetch(ctx, o.node, o.url, o.curlArgs, o.bodyMarker);
    return { worked: f.good, observed: f.line, probes: [f.probe] };
  };
}

/** Any other client: its command, and what its output shows when it worked. */
export function commandApp(o: { node: string; argv: string[]; worked: (r: ExecResult) => boolean; stdin?: string }): AppRun {
  return async (ctx) => {
    const r = await ctx.run(o.node, o.argv, o.stdin !== undefined ? { input: o.stdin } : undefined);
    const worked = o.worked(r);
    const said = (worked ? r.stdout : r.stderr || r.stdout).trim().split('\n').filter(Boolean).slice(-1)[0] ?? '';
    return { worked, observed: `${o.node}: ${o.argv[0]} exit ${r.exitCode}${said ? ` (${said})` : ''}` };
  };
}
