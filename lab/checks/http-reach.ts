// Reachability as a user sees it: every host fetches every URL and gets the expected page.
import type { Check } from './check.js';
import { describeFetch, fetchPage } from './http-fetch.js';

export function httpReachCheck(o: { id: string; title: string; hosts: string[]; urls: string[]; bodyMarker: string; curlArgs?: string[] }): Check {
  return {
    id: o.id,
    title: o.title,
    expected: `HTTP 200 with the page containing "${o.bodyMarker}" for ${o.urls.join(' and ')} from ${o.hosts.join(', ')}`,
    async run(ctx) {
      const seen: string[] = [];
      let ok = true;
      for (const host of o.hosts) {
        for (const url of o.urls) {
          const f = await fetchPage(ctx, host, url, o.curlArgs);
          const good = f.ok && f.body.includes(o.bodyMarker);
          ok &&= good;
          seen.push(describeFetch(host, url, f) + (f.ok && !good ? ' (unexpected page)' : ''));
        }
      }
      return { ok, observed: seen.join(' | ') };
    },
  };
}
