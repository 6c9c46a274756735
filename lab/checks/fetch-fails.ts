// A fetch that must fail, and how: the message a user sees, next to a control fetch that must
// work — so the failure is about the thing tested (no zone, client-side DNS, a refused prefix…).
import type { Check } from './check.js';
import { describeFailure, describeFetch, failedAs, fetchPage, type ExpectedFailure } from './http-fetch.js';
import { describeWire, withWire, type WireExpectation } from './wire.js';

/** " (-x http://[fe80::1%eth0]:3128)" — the curl options that matter, when there are any. */
function via(curlArgs: string[]): string {
  return curlArgs.length > 0 ? ` (${curlArgs.join(' ')})` : '';
}

export function fetchFailsCheck(o: {
  id: string;
  title: string;
  node: string;
  url: string;
  curlArgs: string[];
  failure: ExpectedFailure;
  control: { node: string; url: string; curlArgs: string[] };
  wire?: WireExpectation[];
}): Check {
  return {
    id: o.id,
    title: o.title,
    expected: `${o.node}: curl ${o.curlArgs.join(' ')} ${o.url} fails (${describeFailure(o.failure)}); while ${o.control.node}: curl ${o.control.curlArgs.join(' ')} ${o.control.url} works${describeWire(o.wire)}`,
    async run(ctx) {
      const bad = await fetchPage(ctx, o.node, o.url, o.curlArgs);
      const good = await fetchPage(ctx, o.control.node, o.control.url, o.control.curlArgs);
      // Judged on the exit code and status; curl's own words stay in the evidence for people.
      const said = bad.exitCode === 0 ? `HTTP ${bad.httpCode}` : `curl exit ${bad.exitCode}${bad.error ? ` (${bad.error})` : ''}`;
      const failedRight = failedAs(bad, o.failure);
      return withWire(
        ctx,
        { ok: failedRight && good.ok, observed: `${o.node} → ${o.url}${via(o.curlArgs)}: ${said}; control ${describeFetch(o.control.node, `${o.control.url}${via(o.control.curlArgs)}`, good)}` },
        o.wire,
      );
    },
  };
}
