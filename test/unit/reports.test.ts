// The report renderers and fault parsing on their own: fed a report.json recorded from a real
// nat64 run of examples/gua-nsp.lab.yaml (test/fixtures/nat64-report.json: a GUA LAN, an NSP,
// one check not applicable), no lab, no browser.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERIC_FAULTS, genericFault } from '../../lab/faults.js';
import { evidenceText } from '../../lab/report/evidence-text.js';
import { toHtml } from '../../lab/report/html.js';
import { toJunit } from '../../lab/report/junit.js';
import { ladderPackets, ladderSvg } from '../../lab/report/ladder-svg.js';
import { toMarkdown } from '../../lab/report/markdown.js';
import { topologySvg } from '../../lab/report/topology-svg.js';
import type { Report } from '../../lab/report/types.js';

const report = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'nat64-report.json'), 'utf8')) as Report;

describe('renderers', () => {
  it('the topology SVG draws every node and segment, with its addresses', () => {
    const svg = topologySvg(report.topology, { gw: ['unbound', 'tayga'] });
    expect(svg.match(/<g class="node"/g)?.length).toBe(report.topology.nodes.length + report.topology.segments.length);
    // The plan's addresses (this run's: a GUA LAN behind fe80::53, the uplink on 198.51.100.0/24).
    expect(svg).toContain('fe80::53/64');
    expect(svg).toContain('2001:db8:100::1/64');
    expect(svg).toContain('198.51.100.2/24');
  });

  it('the ladder draws the packets the checks cite, in time order', () => {
    const packets = ladderPackets(report);
    expect(packets.length).toBeGreaterThan(3);
    expect(packets.map((p) => p.time)).toEqual([...packets.map((p) => p.time)].sort((a, b) => a - b));
    expect(ladderSvg(report).match(/class="packet"/g)?.length).toBe(packets.length);
  });

  it('report.html and report.md show the plan the run used, and the lab file', () => {
    const html = toHtml(report);
    expect(html).toMatch(/<table id="plan">.*2001:db8:100::\/64.*fe80::53.*2001:db8:64::\/96.*198\.51\.100\.2\/24/s);
    expect(html).toContain('examples/gua-nsp.lab.yaml');
    expect(toMarkdown(report)).toMatch(/## Address plan[\s\S]*\| LAN prefix \(SLAAC\) \| `2001:db8:100::\/64` \|/);
    expect(toMarkdown(report)).toContain(`sha256 ${report.labFile?.sha256}`);
  });

  it('a check that does not apply is shown with its reason, and JUnit skips it', () => {
    const na = report.checks.find((c) => c.verdict === 'not-applicable')!;
    expect(na.id).toBe('wkp-refuses-private');
    expect(toHtml(report)).toContain('data-verdict="not-applicable"');
    expect(na.notApplicable).toContain('network-specific');
    expect(toJunit([report])).toMatch(/<skipped message="not applicable: [^"]*2001:db8:64::\/96 is network-specific/);
    expect(toJunit([report])).toMatch(/skipped="1"/);
  });

  it('expected failures pass the suite in JUnit; an unexpected pass fails it', () => {
    const expectedFail: Report = { ...report, checks: report.checks.map((c) => (c.id === 'nat44-source' ? { ...c, ok: false, expectation: 'fail', verdict: 'failed-as-expected' } : c)) };
    expect(toJunit([expectedFail])).toMatch(/failures="0"/);
    expect(toJunit([expectedFail])).toContain('fails, as expected\n');
    const unexpectedPass: Report = { ...report, checks: report.checks.map((c) => (c.id === 'nat44-source' ? { ...c, expectation: 'fail', verdict: 'passed-unexpectedly' } : c)) };
    expect(toJunit([unexpectedPass])).toMatch(/failures="1"/);
    expect(toJunit([unexpectedPass])).toContain('passed, but the lab file expects it to fail');
  });

  it('report.html has a row per check, escapes what it shows, and fetches nothing', () => {
    const tampered: Report = { ...report, checks: [{ ...report.checks[0]!, observed: '<script>alert(1)</script>' }, ...report.checks.slice(1)] };
    const html = toHtml(tampered);
    expect(html.match(/<tr class="check"/g)).toHaveLength(report.checks.length);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/\b(src|href)="https?:/);
  });

  it('junit.xml: one testcase per check with its evidence; a failure carries expected and observed', () => {
    const failing: Report = { ...report, ok: false, checks: report.checks.map((c, i) => (i === 0 ? { ...c, ok: false, verdict: 'failed', observed: 'nothing came back' } : c)) };
    const xml = toJunit([failing]);
    expect(xml.match(/<testcase /g)).toHaveLength(report.checks.length);
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml).toContain(`expected: ${report.checks[0]!.expected.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')}`);
    expect(xml).toContain('observed: nothing came back');
  });

  it('report.md and the plain evidence show each command with its node and exit code', () => {
    const md = toMarkdown(report);
    for (const c of report.checks) expect(md).toContain(`\`${c.id}\``);
    const first = report.checks.find((c) => c.evidence.some((e) => e.kind === 'command'))!;
    const cmd = first.evidence.find((e) => e.kind === 'command')!;
    expect(cmd.kind === 'command' && evidenceText(first)).toContain(`[${cmd.kind === 'command' ? cmd.node : ''}] $ `);
  });
});

describe('generic faults', () => {
  it('parses kill:<node>/<daemon> and link-down:<node>/<if>; anything else is not one', () => {
    expect(genericFault('kill:gw/tayga')?.description).toBe('SIGKILL tayga on gw after deploy');
    expect(genericFault('link-down:gw/eth1')?.description).toBe('take gw:eth1 down after deploy');
    for (const bad of ['kill:gw', 'kill:/tayga', 'drop:gw/eth1', 'kill:GW/x y', 'no-nat44']) expect(genericFault(bad), bad).toBeUndefined();
    expect(GENERIC_FAULTS).toEqual(['kill:<node>/<daemon>', 'link-down:<node>/<ifname>']);
  });
});
