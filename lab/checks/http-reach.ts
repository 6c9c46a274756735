// Reachability as a user sees it: every host fetches every URL and gets the expected page.
import pLimit from 'p-limit';
import type { Check } from './check.js';
import { probeFetch } from './http-fetch.js';
import { describeWire, withWire, type WireExpectation } from './wire.js';

const FETCH_CONCURRENCY = 16;

export function httpReachCheck(o: { id: string; title: string; hosts: string[]; urls: string[]; bodyMarker: string; curlArgs?: string[]; wire?: WireExpectation[] }): Check {
  return {
    id: o.id,
    title: o.title,
    expected: `HTTP 200 with the page containing "${o.bodyMarker}" for ${o.urls.join(' and ')} from ${o.hosts.join(', ')}${describeWire(o.wire)}`,
    async run(ctx) {
      // Hosts fetch concurrently (as real clients would); a failure costs one timeout, not N.
      const limit = pLimit(FETCH_CONCURRENCY);
      const pairs = o.hosts.flatMap((host) => o.urls.map((url) => ({ host, url })));
      const results = await Promise.all(pairs.map(({ host, url }) => limit(() => probeFetch(ctx, host, url, o.curlArgs, o.bodyMarker))));
      return withWire(ctx, { ok: results.every((r) => r.good), observed: results.map((r) => r.line).join(' | ') }, o.wire, results.map((r) => r.probe));
    },
  };
}
