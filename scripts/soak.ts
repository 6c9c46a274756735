// Soak: run one method N times back to back (default nat64 × 50) and report passes, failures and
// any leak after each run. A script, not a test: it takes minutes and reports, it does not time.
//   npm run soak -- [method] [runs] [netns|docker]
import { describeLeftovers, findLeftovers } from '../lab/leftovers.js';
import { runLab } from '../lab/run-lab.js';
import { isRuntimeKind, RUNTIME_KINDS } from '../lab/runtime/registry.js';
import { SCENARIOS } from '../scenarios/index.js';

const method = process.argv[2] ?? 'nat64';
const runs = Number(process.argv[3] ?? 50);
const runtime = process.argv[4] ?? 'netns';
const scenario = SCENARIOS[method];
if (!scenario || !Number.isInteger(runs) || runs < 1 || !isRuntimeKind(runtime)) {
  console.error(`usage: npm run soak -- [${Object.keys(SCENARIOS).join('|')}] [runs ≥ 1] [${RUNTIME_KINDS.join('|')}]`);
  process.exit(2);
}

const leaks = async (): Promise<string[]> => describeLeftovers(await findLeftovers());

let passed = 0;
let failed = 0;
let leaked = 0;
const totals: number[] = [];
for (let i = 1; i <= runs; i++) {
  let line: string;
  try {
    const r = await runLab(scenario, { runtime });
    totals.push(r.timings.total ?? 0);
    if (r.ok) passed++;
    else failed++;
    line = `${r.ok ? 'pass' : 'FAIL'} ${r.timings.total?.toFixed(2)} s${r.ok ? '' : ` (${r.checks.filter((c) => !c.ok).map((c) => c.id).join(', ')})`}`;
  } catch (e) {
    failed++;
    line = `ERROR ${(e as Error).message.split('\n')[0]}`;
  }
  const left = await leaks();
  if (left.length > 0) leaked++;
  console.log(`run ${String(i).padStart(3)}/${runs}: ${line}${left.length > 0 ? `; LEAK: ${left.join(', ')}` : ''}`);
}
totals.sort((a, b) => a - b);
const median = totals[Math.floor(totals.length / 2)] ?? 0;
console.log(`\nsoak ${method} (${runtime}): ${passed}/${runs} passed, ${failed} failed, ${leaked} runs leaked; median ${median.toFixed(2)} s, max ${(totals.at(-1) ?? 0).toFixed(2)} s`);
process.exit(failed === 0 && leaked === 0 ? 0 : 1);
