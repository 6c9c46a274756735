// What people read: the run directory's reports, checked in a real browser (Debian's chromium
// driven by playwright-core), JUnit for CI, `lab all`'s matrix, and the CI workflow's matrix.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLeftovers, NOTHING_LEFT } from '../../lab/leftovers.js';
import type { Report } from '../../lab/report/types.js';
import { labCli } from '../helpers/cli.js';
import { sharedRun } from '../helpers/shared-runs.js';
import { RUNTIMES } from '../helpers/runtimes.js';

/** Scratch space for this file's own outputs (screenshots, `lab all`); the runs' directories are shared. */
let scratch: string;
const dirs: Record<'ok' | 'fail', string> = { ok: '', fail: '' };
let report: Report;
let failing: Report;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'v6lab-report-'));
  const [ok, fail] = [await sharedRun('nat64'), await sharedRun('nat64', { faults: ['no-dns64'] })];
  [report, failing, dirs.ok, dirs.fail] = [ok.report, fail.report, ok.dir, fail.dir];
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
  expect(await findLeftovers()).toEqual(NOTHING_LEFT);
});

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('the run directory', () => {
  it('holds report.json, junit.xml, report.md, report.html, pcap/, logs/, configs/', () => {
    for (const f of ['report.json', 'junit.xml', 'report.md', 'report.html', 'pcap/hosta-eth0.pcap', 'pcap/gw-eth1.pcap', 'logs/gw-unbound.log', 'configs/gw/unbound.conf']) {
      expect(existsSync(join(dirs.ok, f)), f).toBe(true);
    }
  });

  it('report.json is the run report, timings included', async () => {
    const json = JSON.parse(await readFile(join(dirs.ok, 'report.json'), 'utf8')) as Report;
    expect(json.checks.map((c) => [c.id, c.ok])).toEqual(report.checks.map((c) => [c.id, c.ok]));
    expect(json.timings.total).toBeGreaterThan(0);
    expect(json.topology.nodes.map((n) => n.name)).toEqual(['hosta', 'hostb', 'gw', 'internet']);
  });

  it('junit.xml has one testcase per check, failures carrying expected/observed', async () => {
    const ok = await readFile(join(dirs.ok, 'junit.xml'), 'utf8');
    expect(ok.match(/<testcase /g)).toHaveLength(report.checks.length);
    expect(ok).toContain('failures="0"');
    const bad = await readFile(join(dirs.fail, 'junit.xml'), 'utf8');
    const failed = failing.checks.filter((c) => c.verdict === "failed" || c.verdict === "passed-unexpectedly");
    expect(bad.match(/<failure /g)).toHaveLength(failed.length);
    expect(bad).toContain('expected: the authoritative server holds A but no AAAA');
    expect(bad).toMatch(/<system-out>\[\w+\] \$ dig /);
  });

  it('report.md has the check table and the audit', async () => {
    const md = await readFile(join(dirs.ok, 'report.md'), 'utf8');
    expect(md).toMatch(/^# v6lab nat64 \(netns\) — PASS/);
    for (const c of report.checks) expect(md).toContain(c.verdict === 'passed' ? `| ✓ | \`${c.id}\`` : `| ✓ fails, as expected | \`${c.id}\``);
    expect(md).toContain("| ✗ | unbound | `dns64:` |");
  });
});

describe('report.html in a real browser', () => {
  it('shows the topology SVG, a check row per report.json entry, the ladder; works offline', async () => {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      for (const [name, r] of [
        ['ok', report],
        ['fail', failing],
      ] as const) {
        const page = await browser.newPage({ viewport: { width: 390, height: 844 } }); // a phone
        const requests: string[] = [];
        page.on('request', (req) => void (req.url().startsWith('file://') || requests.push(req.url())));
        await page.goto(`file://${join(dirs[name], 'report.html')}`);
        expect(await page.locator('svg.topology g.node').count()).toBe(r.topology.nodes.length + r.topology.segments.length);
        for (const n of r.topology.nodes) expect(await page.locator(`svg.topology g[data-node="${n.name}"]`).count()).toBe(1);
        const rows = await page.locator('tr.check').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-check-id'), tr.getAttribute('data-ok')]));
        expect(rows).toEqual(r.checks.map((c) => [c.id, String(c.ok)]));
        expect(await page.locator('svg.ladder g.packet').count()).toBeGreaterThan(3);
        expect(await page.locator('h1').textContent()).toContain(r.ok ? 'PASS' : 'FAIL');
        expect(requests).toEqual([]); // self-contained: nothing fetched from anywhere
        // It fits a phone: the whole page is as wide as the phone's screen (nothing scrolls sideways).
        const size = pngSize(await page.screenshot({ fullPage: true }));
        expect(size.width).toBe(390);
        expect(size.height).toBeGreaterThan(844);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });
});

describe('lab all', () => {
  it('`lab all` runs every method in parallel, prints the matrix and the app matrix, writes a combined junit.xml and apps.md', async () => {
    const out = join(scratch, 'all');
    const r = await labCli(['all', '--artifacts', out, '--no-install']);
    expect(r.exitCode, r.stderr).toBe(0);
    for (const m of ['nat64', 'nat64-clat', 'lla-only', 'proxy-http', 'proxy-socks']) expect(r.stdout).toMatch(new RegExp(`^ {2}${m} +✓ \\d+/\\d+ `, 'm'));
    expect(r.stdout).toContain('PASS all: 5/5 cells passed');
    const junit = await readFile(join(out, 'junit.xml'), 'utf8');
    expect(junit.match(/<testsuite /g)).toHaveLength(5);
    // apps × methods: IPv4 literals fail under NAT64 alone, work with the CLAT and through both proxies.
    expect(r.stdout).toMatch(/^ {2}app +nat64 +nat64-clat +proxy-http +proxy-socks$/m);
    expect(r.stdout).toMatch(/^ {2}ipv4-literal +fails ✓ +works ✓ +works ✓ +works ✓$/m);
    expect(r.stdout).toMatch(/^ {2}udp-name +works ✓ +works ✓ +fails ✓ +fails ✓$/m);
    expect(r.stdout).toMatch(/^ {2}zone-wrong +— +— +fails ✓ +fails ✓$/m);
    const apps = await readFile(join(out, 'apps.md'), 'utf8');
    expect(apps).toContain('| `ipv4-literal` | [fails ✓](nat64-netns/report.html#app-ipv4-literal) | [works ✓](nat64-clat-netns/report.html#app-ipv4-literal)');
    expect(apps).toMatch(/- `app-ipv4-literal` — fails ✓ \(expected: fails\): hosta → http:\/\/192\.88\.99\.80\/: curl exit 7/);
  });

  const docker = RUNTIMES.find((x) => x.kind !== 'netns')!;
  it.skipIf(!!docker.skip)(`\`lab all --release trixie --runtime ${docker.label}\`: every method on Debian 13 node images, the SOCKS method with the proxy Debian 13 packages`, async () => {
    const out = join(scratch, 'all-trixie');
    const r = await labCli(['all', '--runtime', docker.kind, '--release', 'trixie', '--artifacts', out, '--no-install']);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`× ${docker.kind} (Debian 13 (trixie))`);
    expect(r.stdout).toMatch(new RegExp(`✓ proxy-socks \\[socks: microsocks\\] \\(${docker.kind}\\)`));
    for (const m of ['nat64', 'nat64-clat', 'lla-only', 'proxy-http', 'proxy-socks']) {
      expect(r.stdout).toMatch(new RegExp(`^ {2}${m} +✓ \\d+/\\d+ `, 'm'));
      const report = JSON.parse(await readFile(join(out, `${m}-${docker.kind}`, 'report.json'), 'utf8')) as Report;
      expect(report.release, m).toEqual({ name: 'trixie', number: 13 });
    }
    expect(r.stdout).toContain('PASS all: 5/5 cells passed');
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
  });

});
