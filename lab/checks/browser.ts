// Real browsers as clients: Debian's Chromium and Firefox ESR, headless, in a host's namespace,
// each load with a fresh profile that trusts only the run's CA. What a browser says is kept as it
// says it: Chromium's own error text (`net::ERR_…`), Firefox's page or its silence.
//
// Measured (Chromium 156, Firefox ESR 153): `chromium --headless --dump-dom` exits 0 whether the
// page loaded or not — the page's DOM on stdout, or "Page load failed: net::ERR_…" on stderr.
// `firefox-esr --headless --screenshot` exits once the page has loaded and never when it has
// failed: a failure is the timeout, judged by what reached (or did not reach) the proxy and server.
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { ExecResult } from '../runtime/runtime.js';
import type { CheckContext } from './check.js';

export const BROWSERS = ['chromium', 'firefox'] as const;
export type Browser = (typeof BROWSERS)[number];

/** How reports name them. */
export const BROWSER_TITLE: Record<Browser, string> = { chromium: 'Chromium', firefox: 'Firefox ESR' };

/** How a browser is told its proxy: Chromium by command-line switches, Firefox by profile prefs. */
export type BrowserSetting = { browser: 'chromium'; args: string[] } | { browser: 'firefox'; prefs: Record<string, string | number | boolean> };

/** A failed Firefox load never ends on its own; a loaded one took ~2 s here. */
const FIREFOX_WAIT_S = 15;
const CHROMIUM_WAIT_S = 20;

/** Firefox's own traffic (updates, telemetry, safe browsing, captive-portal probes) switched off: only the page is loaded. */
const FIREFOX_QUIET: Record<string, string | number | boolean> = {
  'app.update.enabled': false,
  'app.normandy.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.update.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'extensions.update.enabled': false,
  'media.gmp-manager.updateEnabled': false,
  'browser.newtabpage.enabled': false,
  'browser.startup.homepage_override.mstone': 'ignore',
};

/** Chromium's background traffic switched off as far as switches go (accounts.google.com still asks: the proxy refuses it). */
const CHROMIUM_QUIET = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-default-apps', '--no-default-browser-check', '--metrics-recording-only'];

/** What one load did, in the browser's words. */
export interface BrowserLoad {
  /** The page (Chromium: its DOM after scripts ran) loaded. */
  loaded: boolean;
  /** Chromium's DOM; empty for Firefox (headless it writes only a screenshot). */
  dom: string;
  /** The browser's own words: "net::ERR_NO_SUPPORTED_PROXIES", or what Firefox's silence means. */
  said: string;
  /** The command as a user would type it. */
  command: string;
}

/** The load's own profile directory in the node (under the lab's state: removed with the lab). */
export function profileDir(stateDir: string, browser: Browser): string {
  return posix.join(stateDir, 'browsers', `${browser}-${randomBytes(4).toString('hex')}`);
}

/**
 * Load `url` in a browser in `node`: a fresh profile in `dir` trusting `ca` (the run's CA, the only
 * one it trusts besides the system's), with the given proxy setting (none: direct).
 */
export async function loadInBrowser(ctx: CheckContext, o: { node: string; browser: Browser; url: string; dir: string; ca?: string; setting?: BrowserSetting }): Promise<BrowserLoad> {
  // Chromium reads $HOME/.pki/nssdb; Firefox its profile directory: one NSS database each, the run's CA in it.
  const nssdb = o.browser === 'chromium' ? posix.join(o.dir, '.pki', 'nssdb') : o.dir;
  const made = await ctx.run(o.node, ['mkdir', '-p', nssdb]);
  if (made.exitCode !== 0) return failedSetUp(made);
  const db = await ctx.run(o.node, ['certutil', '-N', '-d', `sql:${nssdb}`, '--empty-password']);
  if (db.exitCode !== 0) return failedSetUp(db);
  if (o.ca) {
    const trust = await ctx.run(o.node, ['certutil', '-A', '-d', `sql:${nssdb}`, '-n', 'v6lab run CA', '-t', 'C,,', '-i', o.ca]);
    if (trust.exitCode !== 0) return failedSetUp(trust);
  }
  return o.browser === 'chromium' ? loadInChromium(ctx, o, o.setting?.browser === 'chromium' ? o.setting.args : []) : loadInFirefox(ctx, o, o.setting?.browser === 'firefox' ? o.setting.prefs : {});
}

async function loadInChromium(ctx: CheckContext, o: { node: string; url: string; dir: string }, proxyArgs: string[]): Promise<BrowserLoad> {
  const argv = ['env', `HOME=${o.dir}`, 'chromium', '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', ...CHROMIUM_QUIET, `--user-data-dir=${posix.join(o.dir, 'profile')}`, ...proxyArgs, '--dump-dom', o.url];
  // `timeout` signals its whole process group: Chromium's helpers go with it.
  const r = await ctx.run(o.node, ['timeout', '-k', '2', String(CHROMIUM_WAIT_S), ...argv], { timeoutMs: (CHROMIUM_WAIT_S + 5) * 1000 });
  const error = /Page load failed: (net::ERR_\w+)/.exec(r.stderr)?.[1];
  const loaded = r.exitCode === 0 && !error && r.stdout.includes('<html');
  const said = error ?? (r.exitCode === 124 ? `no answer in ${CHROMIUM_WAIT_S} s` : loaded ? 'the page' : `exit ${r.exitCode}`);
  return { loaded, dom: loaded ? r.stdout : '', said, command: ['chromium', '--headless', ...proxyArgs, '--dump-dom', o.url].join(' ') };
}

async function loadInFirefox(ctx: CheckContext, o: { node: string; url: string; dir: string }, proxyPrefs: Record<string, string | number | boolean>): Promise<BrowserLoad> {
  const prefs = { ...FIREFOX_QUIET, ...proxyPrefs };
  const userJs = Object.entries(prefs).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join('\n') + '\n';
  const wrote = await ctx.run(o.node, ['tee', posix.join(o.dir, 'user.js')], { input: userJs });
  if (wrote.exitCode !== 0) return failedSetUp(wrote);
  const shot = posix.join(o.dir, 'page.png');
  const argv = ['env', `HOME=${o.dir}`, 'MOZ_HEADLESS=1', 'firefox-esr', '--headless', '--no-remote', '--profile', o.dir, '--screenshot', shot, o.url];
  const r = await ctx.run(o.node, ['timeout', '-k', '2', String(FIREFOX_WAIT_S), ...argv], { timeoutMs: (FIREFOX_WAIT_S + 5) * 1000 });
  const png = await ctx.run(o.node, ['test', '-s', shot]);
  const loaded = r.exitCode === 0 && png.exitCode === 0;
  const said = loaded ? 'the page (a screenshot of it)' : r.exitCode === 124 ? `no page in ${FIREFOX_WAIT_S} s (headless Firefox shows no error text: a failed load never ends)` : `exit ${r.exitCode}`;
  const setting = Object.entries(proxyPrefs).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
  return { loaded, dom: '', said, command: `firefox-esr --headless${setting ? ` (prefs ${setting})` : ''} --screenshot page.png ${o.url}` };
}

function failedSetUp(r: ExecResult): BrowserLoad {
  return { loaded: false, dom: '', said: `set-up failed: ${r.argv[0]} exit ${r.exitCode} ${r.stderr.trim().split('\n')[0] ?? ''}`, command: r.argv.join(' ') };
}
