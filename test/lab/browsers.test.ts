// Real browsers as the guide's users run them (scenarios/common/browsers.ts): the cells' expected
// values are what was measured here, and these tests pin the browsers' own words — a Chromium or
// Firefox update that changes one fails here. Each group also breaks the stack on purpose.
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { findLeftovers, NOTHING_LEFT } from '../../lab/leftovers.js';
import { dante } from '../../lab/services/dante.js';
import { notPackagedHere } from '../helpers/release.js';
import { check, failedIds, runMethod } from '../helpers/run.js';

const missing = ['/usr/bin/chromium', '/usr/bin/firefox-esr', '/usr/bin/certutil'].filter((p) => !existsSync(p));
const noDante = notPackagedHere(dante);
const skip = missing.length > 0 ? `not installed here: ${missing.join(', ')} (npm run lab -- setup installs them)` : undefined;

describe.skipIf(!!skip)(`browsers through the guide's proxy (proxy-http)${skip ? ` — skipped: ${skip}` : ''}`, () => {
  it("Chromium refuses the guide's zone id, Firefox takes it in its host field, and the forwarder works for both", async () => {
    const report = await runMethod('proxy-http', { browsers: true });
    expect(failedIds(report)).toEqual([]);
    const said = (id: string) => check(report, id).observed;
    // Chromium's own error for each spelling (Chromium 156).
    expect(said('app-browser-chromium-guide-text')).toMatch(/^chromium: net::ERR_NO_SUPPORTED_PROXIES; web server log: no request/);
    expect(said('app-browser-chromium-zone-escaped')).toMatch(/^chromium: net::ERR_NO_SUPPORTED_PROXIES;/);
    expect(said('app-browser-chromium-no-zone')).toMatch(/^chromium: net::ERR_PROXY_CONNECTION_FAILED;/);
    expect(said('app-browser-chromium-pac-zone')).toMatch(/^chromium: net::ERR_NAME_NOT_RESOLVED;/);
    for (const id of ['app-browser-chromium-forwarder', 'app-browser-chromium-pac-forwarder', 'app-browser-firefox-host-zone', 'app-browser-firefox-forwarder']) {
      expect(check(report, id).verdict, id).toBe('passed');
      expect(said(id), id).toMatch(/web server log: the request, from 192\.0\.2\.2; wire: hosta:eth0 shows \d+ the browser's request to the proxy, fe80::\/10 → \[fe80::1\]:3128; gw:eth1 shows \d+ the browser's request/);
    }
    for (const id of ['app-browser-firefox-host-bracketed', 'app-browser-firefox-host-no-zone', 'app-browser-firefox-pac-zone']) {
      expect(check(report, id).verdict, id).toBe('failed-as-expected');
      expect(said(id), id).toMatch(/^firefox: no page in \d+ s .*web server log: no request/);
    }
    // Through a proxy, every picture of the page loads.
    expect(said('app-browser-chromium-page-ipv4-literal')).toMatch(/ipv4-literal=loaded/);
  });

  it('with the forwarder killed, its cells fail (and only the cells that use it)', async () => {
    const report = await runMethod('proxy-http', { browsers: true, faults: ['kill:hosta/proxy-forwarder'] });
    expect(failedIds(report)).toEqual(
      ['proxy-forwarder', 'app-browser-chromium-forwarder', 'app-browser-chromium-pac-forwarder', 'app-browser-firefox-forwarder', ...['chromium', 'firefox'].flatMap((b) => ['v4only-name', 'dual-stack-name', 'ipv4-literal'].map((s) => `app-browser-${b}-page-${s}`))].sort(),
    );
    expect(check(report, 'app-browser-chromium-forwarder').observed).toMatch(/^chromium: net::ERR_PROXY_CONNECTION_FAILED/);
  });

  it.skipIf(!!noDante)(`through SOCKS (proxy-socks, Dante): the same words, the same ways out${noDante ? ` — skipped: ${noDante}` : ''}`, async () => {
    const report = await runMethod('proxy-socks', { browsers: true });
    expect(failedIds(report)).toEqual([]);
    expect(check(report, 'app-browser-chromium-guide-text').observed).toMatch(/^chromium: net::ERR_NO_SUPPORTED_PROXIES;/);
    expect(check(report, 'app-browser-chromium-forwarder').verdict).toBe('passed');
    expect(check(report, 'app-browser-firefox-host-zone').verdict).toBe('passed');
  });

  afterAll(async () => expect(await findLeftovers()).toEqual(NOTHING_LEFT));
});

describe.skipIf(!!skip)(`a page like a user's under NAT64, with and without a CLAT${skip ? ` — skipped: ${skip}` : ''}`, () => {
  it('under nat64 the IPv4-literal picture (and the dual-stack name) fail in both browsers; pages by name load over HTTP and HTTPS', async () => {
    const report = await runMethod('nat64', { browsers: true });
    expect(failedIds(report)).toEqual([]);
    for (const b of ['chromium', 'firefox']) {
      expect(check(report, `app-browser-${b}-page-ipv4-literal`).verdict).toBe('failed-as-expected');
      expect(check(report, `app-browser-${b}-page-ipv4-literal`).observed).toMatch(/the page's report: ipv4-literal=failed/);
      expect(check(report, `app-browser-${b}-page-v4only-name`).observed).toMatch(/v4only-name=loaded/);
      expect(check(report, `app-browser-${b}-https`).verdict).toBe('passed');
    }
  });

  it('under nat64-clat every picture loads in both browsers', async () => {
    const report = await runMethod('nat64-clat', { browsers: true });
    expect(failedIds(report)).toEqual([]);
    for (const b of ['chromium', 'firefox']) for (const s of ['v4only-name', 'dual-stack-name', 'ipv4-literal']) expect(check(report, `app-browser-${b}-page-${s}`).observed).toMatch(new RegExp(`${s}=loaded`));
  });

  it('without NAT44 the browsers cannot reach the page: their cells fail', async () => {
    const report = await runMethod('nat64', { browsers: true, faults: ['no-nat44'] });
    expect(failedIds(report)).toEqual(expect.arrayContaining(['app-browser-chromium-http', 'app-browser-chromium-https', 'app-browser-firefox-http', 'app-browser-chromium-page-v4only-name', 'app-browser-firefox-page-v4only-name']));
    // Packets into Tayga with nothing behind it: the browsers wait out their time limits.
  }, 180_000);

  afterAll(async () => expect(await findLeftovers()).toEqual(NOTHING_LEFT));
});
