// Fetching a page with curl from a node, as a user would, keeping what curl said.
import { randomBytes } from 'node:crypto';
import type { CheckContext } from './check.js';

export interface FetchResult {
  ok: boolean;
  httpCode: number;
  remote: string;
  body: string;
  /** curl's own error message when it failed ("Could not resolve host…"). */
  error: string;
  exitCode: number;
}

/**
 * curl's exit codes the checks judge by (curl(1), EXIT CODES): stable across curl versions, where
 * its messages are not (7.88 "Couldn't connect to server", 8.14 "Could not connect to server").
 */
export const CURL_EXIT = { couldNotResolveHost: 6, couldNotConnect: 7, proxyHandshake: 97 } as const;

/** A failure a check expects of curl: by exit code, or by the HTTP status a proxy answers with. */
export interface ExpectedFailure {
  /** For people: what the failure is ("refused", "no such name"). */
  what: string;
  curlExit?: number[];
  httpStatus?: number[];
}

/** Whether a fetch failed in the expected way (judged on curl's exit code and the HTTP status, never on its words). */
export function failedAs(f: FetchResult, expected: ExpectedFailure): boolean {
  if (f.ok) return false;
  if (f.exitCode === 0) return (expected.httpStatus ?? []).includes(f.httpCode);
  return (expected.curlExit ?? []).includes(f.exitCode);
}

export function describeFailure(e: ExpectedFailure): string {
  return [e.what, e.curlExit?.length ? `curl exit ${e.curlExit.join(' or ')}` : '', e.httpStatus?.length ? `HTTP ${e.httpStatus.join(' or ')}` : ''].filter(Boolean).join(': ').replace(/: (HTTP)/, ' or $1');
}

/** `curl` with extra arguments (e.g. ['-x', proxy]); the status line is appended with -w. */
export async function fetchPage(ctx: CheckContext, node: string, url: string, extra: string[] = [], timeoutS = 5): Promise<FetchResult> {
  const r = await ctx.run(node, ['curl', '-sS', '-g', '--max-time', String(timeoutS), ...extra, '-w', '\n@@ %{http_code} %{remote_ip}\n', url]);
  const m = /\n?@@ (\d{3}) (\S*)\n?$/.exec(r.stdout);
  const body = m ? r.stdout.slice(0, m.index) : r.stdout;
  const httpCode = Number(m?.[1] ?? 0);
  return { ok: r.exitCode === 0 && httpCode === 200, httpCode, remote: m?.[2] ?? '', body, error: r.stderr.trim(), exitCode: r.exitCode };
}

/** The URL with ?probe=<token> (or &probe=): a mark to find this request in logs and captures. */
export function withProbe(url: string, token: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}probe=${token}`;
}

export function describeFetch(node: string, url: string, f: FetchResult): string {
  return f.exitCode === 0 ? `${node} → ${url}: HTTP ${f.httpCode} from ${f.remote || '?'}` : `${node} → ${url}: curl exit ${f.exitCode} (${f.error || 'no message'})`;
}

/**
 * One fetch as a check makes it: a fresh probe token in the URL (so the wire evidence is this
 * request's own packets), the page's marker looked for, a line saying what happened.
 */
export async function probeFetch(ctx: CheckContext, node: string, url: string, curlArgs: string[] | undefined, bodyMarker: string): Promise<{ good: boolean; probe: string; line: string }> {
  const probe = randomBytes(5).toString('hex');
  const f = await fetchPage(ctx, node, withProbe(url, probe), curlArgs);
  const good = f.ok && f.body.includes(bodyMarker);
  return { good, probe, line: describeFetch(node, url, f) + (f.ok && !good ? ' (unexpected page)' : '') };
}
