// Browsers as the guide's users run them. Method 1: a page by name over HTTP and HTTPS, as any
// user loads it. Method 2: every way a user gives a browser the guide's proxy
// (`http://[fe80::1%eth0]:3128`), one cell each, with what the browser said — and the way that
// works in a browser refusing zone ids: a forwarder on the host from [::1] to the proxy. Both: a
// page like a user's, whose pictures come from another IPv4-only name, a dual-stack name and an
// IPv4 literal; the browser itself reports which loaded (as nat64check compares page loads).
//
// Each cell's expected value is what was measured here (Chromium 156, Firefox ESR 153; the tests
// pin the browsers' own words): a browser update that changes one fails the run.
import { randomBytes } from 'node:crypto';
import { httpProbe } from '../../lab/capture/match.js';
import { BROWSER_TITLE, BROWSERS, loadInBrowser, profileDir, type Browser, type BrowserLoad, type BrowserSetting } from '../../lab/checks/browser.js';
import type { Check, CheckContext } from '../../lab/checks/check.js';
import { checkGroup, type CheckGroup } from '../../lab/checks/check-group.js';
import { withProbe } from '../../lab/checks/http-fetch.js';
import { loggedSources } from '../../lab/checks/server-source.js';
import { withWire, type WireExpectation } from '../../lab/checks/wire.js';
import type { Lab } from '../../lab/lab.js';
import { WEB_MARKER } from './address-plan.js';
import { ZONE, type Answer, type Egress } from './apps.js';
import { INTERNET, MIXED_PAGE, otherV4onlyName, uplinkGateway, type InternetDeployed, type Subresource, SUBRESOURCES } from './internet.js';
import { hostNames } from './lan.js';


// ---------------------------------------------------------------------------------------------
// The ways a user gives a browser the guide's proxy.

/** The proxy as the method runs it: its kind, the gateway's link-local address and port, the host's zone. */
export interface BrowserProxy {
  kind: 'http' | 'socks';
  address: string;
  port: number;
  zone: string;
}

const pacUrl = (line: string): string => `data:application/x-ns-proxy-autoconfig;base64,${Buffer.from(`function FindProxyForURL(url, host) { return "${line}"; }`).toString('base64')}`;
const scheme = (p: BrowserProxy): string => (p.kind === 'http' ? 'http' : 'socks5');
const pacWord = (p: BrowserProxy): string => (p.kind === 'http' ? 'PROXY' : 'SOCKS5');
/** Firefox's proxy prefs for a host field as the user typed it. */
const firefoxManual = (p: BrowserProxy, host: string): Record<string, string | number | boolean> =>
  p.kind === 'http'
    ? { 'network.proxy.type': 1, 'network.proxy.http': host, 'network.proxy.http_port': p.port, 'network.proxy.ssl': host, 'network.proxy.ssl_port': p.port }
    : { 'network.proxy.type': 1, 'network.proxy.socks': host, 'network.proxy.socks_port': p.port, 'network.proxy.socks_version': 5, 'network.proxy.socks_remote_dns': true };

const FORWARDER_WHY = 'the forwarder on the host listens on [::1] (no zone needed) and connects to the proxy on the link-local address with this host\'s zone';

/** One way of giving a browser the proxy: its cell id, how the user writes it, what was measured. */
interface ProxyWay<B extends Browser = Browser> {
  browser: B;
  way: string;
  /** What the user gives the browser, as they would write it. */
  spelled(p: BrowserProxy): string;
  setting(p: BrowserProxy): BrowserSetting;
  answer: Answer;
  /** Goes through the host's forwarder (needs it running). */
  forwarder?: true;
}

const CHROMIUM_ZONE_REFUSED = "Chromium refuses a proxy address with a zone id (net::ERR_NO_SUPPORTED_PROXIES): its URL parser, like the WHATWG URL standard, has no zone ids (Chromium bug 70762, WontFix; RFC 9844 dropped RFC 6874's URL syntax)";

/** Every way, per browser, in the order the report shows them. */
const PROXY_WAYS = [
  {
    browser: 'chromium',
    way: 'guide-text',
    spelled: (p) => `--proxy-server=${scheme(p)}://[${p.address}%${p.zone}]:${p.port}`,
    setting: (p) => ({ browser: 'chromium', args: [`--proxy-server=${scheme(p)}://[${p.address}%${p.zone}]:${p.port}`] }),
    answer: { expectation: 'fail', why: `the guide's own text; ${CHROMIUM_ZONE_REFUSED}` },
  },
  {
    browser: 'chromium',
    way: 'zone-escaped',
    spelled: (p) => `--proxy-server=${scheme(p)}://[${p.address}%25${p.zone}]:${p.port}`,
    setting: (p) => ({ browser: 'chromium', args: [`--proxy-server=${scheme(p)}://[${p.address}%25${p.zone}]:${p.port}`] }),
    answer: { expectation: 'fail', why: `RFC 6874's escaped form; ${CHROMIUM_ZONE_REFUSED}` },
  },
  {
    browser: 'chromium',
    way: 'no-zone',
    spelled: (p) => `--proxy-server=${scheme(p)}://[${p.address}]:${p.port}`,
    setting: (p) => ({ browser: 'chromium', args: [`--proxy-server=${scheme(p)}://[${p.address}]:${p.port}`] }),
    answer: { expectation: 'fail', why: 'without a zone the kernel cannot tell which link fe80::1 is on: the connection is refused before a packet leaves (net::ERR_PROXY_CONNECTION_FAILED)' },
  },
  {
    browser: 'chromium',
    way: 'pac-zone',
    spelled: (p) => `a PAC returning "${pacWord(p)} [${p.address}%${p.zone}]:${p.port}"`,
    setting: (p) => ({ browser: 'chromium', args: [`--proxy-pac-url=${pacUrl(`${pacWord(p)} [${p.address}%${p.zone}]:${p.port}`)}`] }),
    answer: { expectation: 'fail', why: 'Chromium drops a PAC entry it cannot parse and goes direct: a link-local-only host has no resolver (net::ERR_NAME_NOT_RESOLVED)' },
  },
  {
    browser: 'chromium',
    way: 'forwarder',
    spelled: (p) => `--proxy-server=${scheme(p)}://[::1]:${p.port}`,
    setting: (p) => ({ browser: 'chromium', args: [`--proxy-server=${scheme(p)}://[::1]:${p.port}`] }),
    answer: { expectation: 'pass', why: FORWARDER_WHY },
    forwarder: true,
  },
  {
    browser: 'chromium',
    way: 'pac-forwarder',
    spelled: (p) => `a PAC returning "${pacWord(p)} [::1]:${p.port}"`,
    setting: (p) => ({ browser: 'chromium', args: [`--proxy-pac-url=${pacUrl(`${pacWord(p)} [::1]:${p.port}`)}`] }),
    answer: { expectation: 'pass', why: `a PAC (given as a data: URL: Chromium does not fetch file:// PACs) naming the forwarder; ${FORWARDER_WHY}` },
    forwarder: true,
  },
  {
    browser: 'firefox',
    way: 'host-zone',
    spelled: (p) => `proxy host "${p.address}%${p.zone}", port ${p.port}`,
    setting: (p) => ({ browser: 'firefox', prefs: firefoxManual(p, `${p.address}%${p.zone}`) }),
    answer: { expectation: 'pass', why: 'Firefox takes the host and port in separate fields and passes a scoped host to the system: the guide\'s address works as typed, without brackets' },
  },
  {
    browser: 'firefox',
    way: 'host-bracketed',
    spelled: (p) => `proxy host "[${p.address}%${p.zone}]", port ${p.port}`,
    setting: (p) => ({ browser: 'firefox', prefs: firefoxManual(p, `[${p.address}%${p.zone}]`) }),
    answer: { expectation: 'fail', why: 'brackets belong to URLs, not to the host field: Firefox takes "[fe80::1%eth0]" for a name' },
  },
  {
    browser: 'firefox',
    way: 'host-no-zone',
    spelled: (p) => `proxy host "${p.address}", port ${p.port}`,
    setting: (p) => ({ browser: 'firefox', prefs: firefoxManual(p, p.address) }),
    answer: { expectation: 'fail', why: 'without a zone the kernel cannot tell which link fe80::1 is on' },
  },
  {
    browser: 'firefox',
    way: 'pac-zone',
    spelled: (p) => `a PAC returning "${pacWord(p)} [${p.address}%${p.zone}]:${p.port}"`,
    setting: (p) => ({ browser: 'firefox', prefs: { 'network.proxy.type': 2, 'network.proxy.autoconfig_url': pacUrl(`${pacWord(p)} [${p.address}%${p.zone}]:${p.port}`) } }),
    answer: { expectation: 'fail', why: 'a PAC entry is host:port text; the bracketed scoped address in it is not used' },
  },
  {
    browser: 'firefox',
    way: 'forwarder',
    spelled: (p) => `proxy host "::1", port ${p.port}`,
    setting: (p) => ({ browser: 'firefox', prefs: firefoxManual(p, '::1') }),
    answer: { expectation: 'pass', why: FORWARDER_WHY },
    forwarder: true,
  },
] as const satisfies readonly ProxyWay[];

type WayOf<B extends Browser> = Extract<(typeof PROXY_WAYS)[number], { browser: B }>['way'];
export type BrowserProxyCheckId = { [B in Browser]: `app-browser-${B}-${WayOf<B>}` }[Browser];

const wayId = (w: ProxyWay): BrowserProxyCheckId => `app-browser-${w.browser}-${w.way}` as BrowserProxyCheckId;

// ---------------------------------------------------------------------------------------------
// Cells.

/** Routed (method 1): a page by name over HTTP and HTTPS. */
const ROUTED_LOADS = ['http', 'https'] as const;
export type BrowserRoutedCheckId = `app-browser-${Browser}-${(typeof ROUTED_LOADS)[number]}`;
/** The page like a user's: one cell per picture source. */
export type BrowserPageCheckId = `app-browser-${Browser}-page-${Subresource}`;

const pageIds = (): BrowserPageCheckId[] => BROWSERS.flatMap((b) => SUBRESOURCES.map((s): BrowserPageCheckId => `app-browser-${b}-page-${s}`));

/** What a browser cell needs: the lab, the host, the way out, the internet's CA and log. */
interface BrowserInputs {
  lab: Lab;
  host: string;
  egress: Egress;
  internet: InternetDeployed;
}

/** A fresh profile's directory on the host, in the lab's state (gone with the lab). */
const freshProfile = (x: BrowserInputs, browser: Browser): string => profileDir(x.lab.runtime.stateDir, browser);

/** Load the page once in a browser and say what it and the web server saw (the request's token in the server's log). */
async function loadAndTrace(ctx: CheckContext, x: BrowserInputs, o: { browser: Browser; url: string; setting?: BrowserSetting; wire: WireExpectation[] }): Promise<{ ok: boolean; observed: string }> {
  const token = randomBytes(5).toString('hex');
  const load = await loadInBrowser(ctx, { node: x.host, browser: o.browser, url: withProbe(o.url, token), dir: freshProfile(x, o.browser), ca: x.internet.pki.ca, ...(o.setting ? { setting: o.setting } : {}) });
  const sources = [...new Set(await loggedSources(ctx, { webNode: INTERNET, accessLog: x.internet.accessLog, token, answered: load.loaded }))];
  // Chromium shows the page's DOM: the page must be the lab's own.
  const page = o.browser === 'chromium' ? load.dom.includes(WEB_MARKER) : true;
  const ok = load.loaded && page && sources.length > 0;
  const observed = `${o.browser}: ${load.said}; web server log: ${sources.length ? `the request, from ${sources.join(', ')}` : 'no request with this load\'s token'}`;
  return ok ? withWire(ctx, { ok, observed }, o.wire, [token]) : { ok, observed };
}

/** What the uplink shows for a load that left: an HTTP request from the gateway to the web server (HTTPS: nothing readable, so no wire). */
function leftOnUplink(x: BrowserInputs): WireExpectation[] {
  const gateway = uplinkGateway(x.lab.plan);
  return [{ endpoint: x.egress.outside, what: `the browser's request, ${gateway} → ${x.lab.plan.internet.web}:80`, match: httpProbe({ src: gateway, dst: x.lab.plan.internet.web, dstPort: 80 }) }];
}

/** What HOSTA's link shows for a load through the proxy (directly or by the forwarder): the request, from a link-local address to the proxy. */
function toTheProxy(x: BrowserInputs, proxy: BrowserProxy): WireExpectation {
  return { endpoint: x.egress.inside, what: `the browser's request to the proxy, fe80::/10 → [${proxy.address}]:${proxy.port}`, match: httpProbe({ src: 'fe80::/10', dst: proxy.address, dstPort: proxy.port }) };
}

function routedCells(x: BrowserInputs): Check[] {
  const name = x.lab.plan.internet.names.v4only;
  return BROWSERS.flatMap((browser) =>
    ROUTED_LOADS.map((load): Check => {
      const answer = x.egress.answers[load === 'http' ? 'http-name' : 'https-name'];
      if (!answer) throw new Error(`the egress gives no answer for ${load} by name`);
      const url = `${load}://${name}/`;
      return {
        id: `app-browser-${browser}-${load}`,
        title: `${BROWSER_TITLE[browser]} loads ${url}${load === 'https' ? " (a fresh profile trusting the run's CA)" : ''}`,
        expected: `the page loads, the web server logs it${load === 'http' ? ' and the uplink carries it' : ''} — this method is expected to ${answer.expectation === 'pass' ? 'make it work' : 'fail it'}: ${answer.why}`,
        expectation: answer.expectation,
        run: (ctx) => loadAndTrace(ctx, x, { browser, url, wire: load === 'http' ? leftOnUplink(x) : [] }),
      };
    }),
  );
}

function proxyCells(x: BrowserInputs, proxy: BrowserProxy): Check[] {
  const url = `http://${x.lab.plan.internet.names.v4only}/`;
  return PROXY_WAYS.map((w): Check => ({
    id: wayId(w),
    title: `${BROWSER_TITLE[w.browser]} through the proxy given as ${w.spelled(proxy)}`,
    expected: `${url} loads through the proxy — measured to ${w.answer.expectation === 'pass' ? 'work' : 'fail'}: ${w.answer.why}`,
    expectation: w.answer.expectation,
    run: (ctx) => loadAndTrace(ctx, x, { browser: w.browser, url, setting: w.setting(proxy), wire: [toTheProxy(x, proxy), ...leftOnUplink(x)] }),
  }));
}

// ---------------------------------------------------------------------------------------------
// The page like a user's.

/**
 * The mixed page in each browser, loaded once per browser and read by three cells. The page's
 * script reports what loaded to its own server (`/report?probe=…&<source>=loaded|failed`): the
 * browser's own verdict, in the server's log.
 */
function pageCells(x: BrowserInputs, settingOf: (b: Browser) => BrowserSetting | undefined): Check[] {
  const url = `http://${x.lab.plan.internet.names.v4only}/${MIXED_PAGE}`;
  const loads = new Map<Browser, Promise<{ load: BrowserLoad; report: Partial<Record<Subresource, string>>; line: string }>>();
  const loadOnce = (ctx: CheckContext, browser: Browser) => {
    let p = loads.get(browser);
    if (!p) {
      p = (async () => {
        const token = randomBytes(5).toString('hex');
        const setting = settingOf(browser);
        const load = await loadInBrowser(ctx, { node: x.host, browser, url: withProbe(url, token), dir: freshProfile(x, browser), ...(setting ? { setting } : {}) });
        const log = await ctx.runUntil(INTERNET, ['grep', '-F', `/report?probe=${token}`, x.internet.accessLog], (r) => r.exitCode === 0, load.loaded ? 2_000 : 200);
        const line = /\/report\?probe=\S+/.exec(log.stdout)?.[0] ?? '';
        const report = Object.fromEntries(new URLSearchParams(line.replace(/^\/report\?/, '')).entries()) as Partial<Record<Subresource, string>>;
        return { load, report, line };
      })();
      loads.set(browser, p);
    }
    return p;
  };
  const answers = x.egress.pictures;
  return BROWSERS.flatMap((browser) =>
    SUBRESOURCES.map((sub): Check => ({
      id: `app-browser-${browser}-page-${sub}`,
      title: `${BROWSER_TITLE[browser]} loads ${url}: its picture from ${subresourceText(x, sub)}`,
      expected: `the browser reports the picture loaded — this method is expected to ${answers[sub].expectation === 'pass' ? 'load it' : 'fail it'}: ${answers[sub].why}`,
      expectation: answers[sub].expectation,
      async run(ctx) {
        const { load, report, line } = await loadOnce(ctx, browser);
        const said = report[sub];
        return { ok: said === 'loaded', observed: `${browser}: the page: ${load.said}; the page's report: ${line ? `${sub}=${said ?? '(none)'} (${line})` : 'none reached the server'}` };
      },
    })),
  );
}

function subresourceText(x: BrowserInputs, sub: Subresource): string {
  const { internet } = x.lab.plan;
  return { 'v4only-name': `another IPv4-only name (${otherV4onlyName(x.lab.plan)})`, 'dual-stack-name': `a dual-stack name (${internet.names['dual-stack']})`, 'ipv4-literal': `an IPv4 literal (${internet.web})` }[sub];
}

// ---------------------------------------------------------------------------------------------
// The groups a method adds.

/** Browsers run when the run asks for them (`browsers`, on by default on the netns runtime). */
const withBrowsers = { when: (i: { browsers: boolean }) => i.browsers };

/** Method 1's browser cells: a page by name over HTTP and HTTPS, and the mixed page. */
export function routedBrowserGroup<D extends { internet: InternetDeployed }>(egressOf: (lab: Lab, deployed: D) => Egress): CheckGroup<BrowserRoutedCheckId | BrowserPageCheckId, D> {
  return checkGroup({
    name: 'browsers',
    ids: [...BROWSERS.flatMap((b) => ROUTED_LOADS.map((l): BrowserRoutedCheckId => `app-browser-${b}-${l}`)), ...pageIds()],
    ...withBrowsers,
    make: (lab, deployed) => {
      const x: BrowserInputs = { lab, host: hostNames(lab.options.hosts)[0]!, egress: egressOf(lab, deployed), internet: deployed.internet };
      return [...routedCells(x), ...pageCells(x, () => undefined)];
    },
  });
}

/** Method 2's browser cells: every way of giving each browser the proxy, and the mixed page through the forwarder. */
export function proxyBrowserGroup<D extends { internet: InternetDeployed }>(egressOf: (lab: Lab, deployed: D) => Egress): CheckGroup<BrowserProxyCheckId | BrowserPageCheckId, D> {
  return checkGroup({
    name: 'browsers through the proxy',
    ids: [...PROXY_WAYS.map(wayId), ...pageIds()],
    ...withBrowsers,
    make: (lab, deployed) => {
      const x: BrowserInputs = { lab, host: hostNames(lab.options.hosts)[0]!, egress: egressOf(lab, deployed), internet: deployed.internet };
      const given = x.egress.proxy;
      if (!given) throw new Error('proxyBrowserGroup needs a proxy egress');
      const proxy: BrowserProxy = { ...given, zone: ZONE };
      const forwarded = (b: Browser): BrowserSetting => PROXY_WAYS.find((w) => w.browser === b && w.way === 'forwarder')!.setting(proxy);
      return [...proxyCells(x, proxy), ...pageCells(x, forwarded)];
    },
  });
}
