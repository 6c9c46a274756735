// Soak: run a method (or every method) N times back to back (default nat64 × 50) and report
// passes, failures and any leak after each run. A script, not a test: it takes minutes and
// reports, it does not time.
//   npm run soak -- [method|all] [runs] [netns|docker]
import { verdictOk } from '../lab/checks/check.js';
import { describeLeftovers, findLeftovers } from '../lab/leftovers.js';
import { runLab } from '../lab/index.js';
import { isRuntimeKind, RUNTIME_KINDS } from '../lab/runtime/registry.js';
import type { RuntimeKind } from '../lab/runtime/runtime.js';
import { SCENARIOS } from '../scenarios/index.js';

const method = process.argv[2] ?? 'nat64';
const runs = Number(process.argv[3] ?? 50);
const runtime = process.argv[4] ?? 'netns';
const methods = method === 'all' ? Object.keys(SCENARIOS) : [method];
if (!methods.every((m) => SCENARIOS[m]) || !Number.isInteger(runs) || runs < 1 || !isRuntimeKind(runtime)) {
  console.error(`usage: npm run soak -- [${Object.keys(SCENARIOS).join('|')}|all] [runs ≥ 1] [${RUNTIME_KINDS.join('|')}]`);
  process.exit(2);
}

const leaks = async (): Promise<string[]> => describeLeftovers(await findLeftovers());

interface Soak {
  method: string;
  passed: number;
  failed: number;
  leaked: number;
  median: number;
  max: number;
}

async function soak(name: string, rt: RuntimeKind): Promise<Soak> {
  const scenario = SCENARIOS[name]!;
  let passed = 0;
  let failed = 0;
  let leaked = 0;
  const totals: number[] = [];
  for (let i = 1; i <= runs; i++) {
    let line: string;
    try {
      const r = await runLab({ method: scenario.name, runtime: rt, browsers: false });
      totals.push(r.timings.total ?? 0);
      if (r.ok) passed++;
      else failed++;
      line = `${r.ok ? 'pass' : 'FAIL'} ${r.timings.total?.toFixed(2)} s${r.ok ? '' : ` (${r.checks.filter((c) => !verdictOk(c.verdict)).map((c) => c.id).join(', ')})`}`;
    } catch (e) {
      failed++;
      line = `ERROR ${(e as Error).message.split('\n')[0]}`;
    }
    const left = await leaks();
    if (left.length > 0) leaked++;
    console.log(`${name} run ${String(i).padStart(3)}/${runs}: ${line}${left.length > 0 ? `; LEAK: ${left.join(', ')}` : ''}`);
  }
  totals.sort((a, b) => a - b);
  return { method: name, passed, failed, leaked, median: totals[Math.floor(totals.length / 2)] ?? 0, max: totals.at(-1) ?? 0 };
}

const results: Soak[] = [];
for (const m of methods) results.push(await soak(m, runtime));
console.log('');
for (const s of results) console.log(`soak ${s.method} (${runtime}): ${s.passed}/${runs} passed, ${s.failed} failed, ${s.leaked} runs leaked; median ${s.median.toFixed(2)} s, max ${s.max.toFixed(2)} s`);
process.exit(results.every((s) => s.failed === 0 && s.leaked === 0) ? 0 : 1);
