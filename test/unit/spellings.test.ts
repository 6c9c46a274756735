// Any spelling RFC 4291 allows is the same address: the examples' plans, every IPv6 value
// respelt at random (case, zero padding, where "::" goes, a dotted IPv4 tail), resolve to the
// same plan and the same checks as the canonical file, and the report shows the user's spelling.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Address6 } from 'ip-address';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { resolvePlan, type Plan } from '../../lab/plan/plan.js';
import { planRows } from '../../lab/report/plan-table.js';
import { resolveLab } from '../../lab/input/resolve.js';
import type { LabSpec } from '../../lab/input/lab-spec.js';
import { SCENARIOS } from '../../scenarios/index.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** How to spell one IPv6 address: per group its zero padding, per hex digit its case, which zero run "::" takes, a dotted tail. */
const spellingChoice = fc.record({
  pad: fc.array(fc.nat(3), { minLength: 8, maxLength: 8 }),
  upper: fc.array(fc.boolean(), { minLength: 32, maxLength: 32 }),
  compress: fc.nat(8),
  dotted: fc.boolean(),
});
type SpellingChoice = typeof spellingChoice extends fc.Arbitrary<infer T> ? T : never;

/** A valid RFC 4291 spelling of `address` (any form; "/len" kept). */
function spell(text: string, c: SpellingChoice): string {
  const [address = '', length] = text.split('/');
  const groups = new Address6(address).parsedAddress.map((g) => parseInt(g, 16));
  // The zero runs "::" may stand for; c.compress picks one of them, or none.
  const runs: [number, number][] = [];
  for (let i = 0; i < 8; i++) {
    if (groups[i] !== 0) continue;
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    runs.push([i, j]);
    i = j;
  }
  const run = c.compress < runs.length ? runs[c.compress] : undefined;
  // A dotted IPv4 tail replaces the last two groups, unless "::" reaches into them.
  const dotted = c.dotted && (!run || run[1] <= 6);
  let digit = 0;
  const hex = (g: number, i: number): string =>
    g
      .toString(16)
      .padStart(Math.min(4, g.toString(16).length + c.pad[i]!), '0')
      .split('')
      .map((ch) => (c.upper[digit++ % 32] ? ch.toUpperCase() : ch))
      .join('');
  const tail = dotted ? [[groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join('.')] : [];
  const body = groups.slice(0, dotted ? 6 : 8).map(hex);
  const spelt = run ? `${body.slice(0, run[0]).join(':')}::${[...body.slice(run[1]), ...tail].join(':')}` : [...body, ...tail].join(':');
  return length === undefined ? spelt : `${spelt}/${length}`;
}

/** Every IPv6 value of a plan, respelt. */
function respell(plan: Plan, choices: SpellingChoice[]): Plan {
  let n = 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.includes(':') ? spell(v, choices[n++ % choices.length]!) : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(plan) as Plan;
}

const EXAMPLES = readdirSync(join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.lab.yaml'))
  .map((f) => ({ name: f, spec: parse(readFileSync(join(ROOT, 'examples', f), 'utf8')) as LabSpec }));

describe('any valid spelling is the same address', () => {
  it('the speller itself writes only valid spellings of the same address', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 }), spellingChoice, (groups, c) => {
        const canonical = new Address6(groups.map((g) => g.toString(16)).join(':')).correctForm();
        const spelt = spell(canonical, c);
        expect(Address6.isValid(spelt), spelt).toBe(true);
        expect(new Address6(spelt).correctForm()).toBe(canonical);
      }),
      { numRuns: 500 },
    );
  });

  it.each(EXAMPLES)('$name: respelt at random, the same plan, the same checks, and the report shows the spelling', ({ spec }) => {
    const scenario = SCENARIOS[spec.method]!;
    const full = resolvePlan(scenario.defaultPlan, spec.plan);
    const canonical = resolveLab({ ...spec, plan: full }, SCENARIOS);
    fc.assert(
      fc.property(fc.array(spellingChoice, { minLength: 1, maxLength: 12 }), (choices) => {
        const spelt = respell(full, choices);
        const r = resolveLab({ ...spec, plan: spelt }, SCENARIOS);
        expect(r.plan).toEqual(canonical.plan);
        expect(r.checkIds).toEqual(canonical.checkIds);
        // Each value spelt otherwise is shown with its RFC 5952 form.
        for (const s of r.spellings) expect(new Address6(s.given.split('/')[0]!).correctForm()).toBe(s.canonical.split('/')[0]);
        const shown = planRows(r.plan, r.spellings).at(-1)!;
        if (r.spellings.length > 0) expect(shown[1]).toContain(r.spellings[0]!.given);
      }),
      { numRuns: 60 },
    );
  });

  it('upper case and zero padding as routers print them: the issue\'s own example', () => {
    const r = resolveLab({ method: 'nat64', plan: { lan: { prefix: '2001:DB8:4A1C:0010::/64', gateway: '2001:DB8:4A1C:0010::1', 'gateway-lla': 'FE80::10:1' } } }, SCENARIOS);
    expect(r.plan.lan).toEqual({ prefix: '2001:db8:4a1c:10::/64', gateway: '2001:db8:4a1c:10::1', 'gateway-lla': 'fe80::10:1' });
    expect(r.spellings.map((s) => `${s.given} = ${s.canonical}`)).toEqual(['2001:DB8:4A1C:0010::/64 = 2001:db8:4a1c:10::/64', 'FE80::10:1 = fe80::10:1', '2001:DB8:4A1C:0010::1 = 2001:db8:4a1c:10::1']);
  });
});
