// npm run bench: how fast the lab is, as ratios against references measured side by side in the
// same run (this machine is shared and noisy: absolute seconds mean little, ratios do).
//   --runs N          runs per method (default 5)
//   --hosts 2,16,64,128   LAN sizes for the scaling series
//   --methods a,b     methods to time (default: all)
//   --runtimes a,b    runtimes to time the methods on (default: every runtime available here)
//   --mininet         also time Mininet (Debian package `mininet`, installed only with --install-mininet)
//   --out DIR         where bench.json and bench.svg go (default runs/bench-<time>/)
import { execa } from 'execa';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureRequirements, findBinary } from '../lab/env/requirements.js';
import type { Phase, Report } from '../lab/report/types.js';
import { runLab } from '../lab/run-lab.js';
import { RUNTIME_KINDS, runtimeDriver } from '../lab/runtime/registry.js';
import type { RuntimeKind } from '../lab/runtime/runtime.js';
import { scenarioRequirements } from '../lab/scenario.js';
import { labProcessNames } from '../lab/services/registry.js';
import { SCENARIOS } from '../scenarios/index.js';
import { floorSeconds } from './floor.js';
import { plotSvg } from './plot.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    hosts: { type: 'string', default: '2,16,64,128' },
    methods: { type: 'string', default: Object.keys(SCENARIOS).join(',') },
    runtimes: { type: 'string' },
    mininet: { type: 'boolean', default: false },
    'install-mininet': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const runs = Number(values.runs);
const hostCounts = values.hosts.split(',').map(Number);
const methods = values.methods.split(',');
const available: RuntimeKind[] = [];
for (const kind of RUNTIME_KINDS) {
  const why = await runtimeDriver(kind).unavailable();
  if (why === undefined) available.push(kind);
  else if (!values.runtimes) console.log(`${kind}: not timed (${why})`);
}
const runtimes = values.runtimes?.split(',').map((k) => runtimeDriver(k).kind) ?? available;
for (const m of methods) if (!SCENARIOS[m]) throw new Error(`unknown method ${m}`);
const out = resolve(values.out ?? join('runs', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}`));
await mkdir(out, { recursive: true });
await ensureRequirements(methods.flatMap((m) => scenarioRequirements(SCENARIOS[m]!)), true, console.log);

interface Stats {
  min: number;
  median: number;
  max: number;
}
const stats = (xs: number[]): Stats => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0] ?? 0, median: s[Math.floor(s.length / 2)] ?? 0, max: s.at(-1) ?? 0 };
};
const PHASES: (Phase | 'total')[] = ['topology', 'capture', 'services', 'checks', 'teardown', 'total'];

/** Total RSS (kB) of the lab's daemons and captures (the bench runs one lab at a time). */
async function daemonsRssKb(): Promise<number> {
  const pids = String((await execa('pgrep', [`^(${labProcessNames().join('|')})$`], { reject: false })).stdout).split(/\s+/).filter(Boolean);
  if (pids.length === 0) return 0;
  const ps = await execa('ps', ['-o', 'rss=', '-p', pids.join(',')], { reject: false });
  return String(ps.stdout).split(/\s+/).filter(Boolean).reduce((a, b) => a + Number(b), 0);
}

async function timedRun(method: string, hosts = 2, runtime: RuntimeKind = 'netns'): Promise<{ report: Report; daemonsKb: number }> {
  let sample: Promise<number> | undefined;
  const report = await runLab(SCENARIOS[method]!, {
    hosts,
    runtime,
    onEvent: (e) => {
      if (e.type === 'phase' && e.phase === 'checks' && e.state === 'start') sample = daemonsRssKb();
    },
  });
  return { report, daemonsKb: (await sample) ?? 0 };
}

// 1. Per method and runtime: phases over N runs, with the floor for the same topology in between.
const perMethod: Record<string, { phases: Record<string, Stats>; floorUp: Stats; topologyOverFloor: number; failures: number }> = {};
for (const rt of runtimes) for (const m of methods) {
  const phases: Record<string, number[]> = {};
  const floors: number[] = [];
  let failures = 0;
  for (let i = 0; i < runs; i++) {
    const { report } = await timedRun(m, 2, rt);
    if (!report.ok) failures++;
    for (const p of PHASES) (phases[p] ??= []).push(report.timings[p] ?? 0);
    floors.push((await floorSeconds(SCENARIOS[m]!.topology({ hosts: 2, plan: SCENARIOS[m]!.defaultPlan }), `${i}`)).up);
  }
  const s = Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, stats(v)]));
  const floorUp = stats(floors);
  const key = `${m} (${rt})`;
  perMethod[key] = { phases: s, floorUp, topologyOverFloor: (s['topology']?.median ?? 0) / floorUp.median, failures };
  const netnsTotal = perMethod[`${m} (netns)`]?.phases['total']?.median;
  const vsNetns = rt !== 'netns' && netnsTotal ? `  ${rt}/netns ×${((s['total']?.median ?? 0) / netnsTotal).toFixed(2)}` : '';
  console.log(`${key.padEnd(22)} total ${fmt(s['total']!)}  topology ${fmt(s['topology']!)}  floor ${fmt(floorUp)}  ×${perMethod[key]!.topologyOverFloor.toFixed(2)}  services ${fmt(s['services']!)}  checks ${fmt(s['checks']!)}  teardown ${fmt(s['teardown']!)}${vsNetns}${failures ? `  (${failures} runs FAILED)` : ''}`);
}

// 2. Host scaling: nat64 with N hosts, every host SLAAC'd and fetching through NAT64.
const mininet = values.mininet && (findBinary('mn') || values['install-mininet']);
if (values.mininet && !findBinary('mn')) {
  if (values['install-mininet']) await ensureRequirements([{ binary: 'mn', package: 'mininet' }], true, console.log);
  else console.log('Mininet: not installed (add --install-mininet to apt-get it); its column stays empty');
}
const scaling: { n: number; v6lab: { up: number; checks: number; down: number; total: number; ok: boolean }; floor: { up: number; down: number }; mininet?: number; peakRssMb: number; daemonsRssMb: number }[] = [];
for (const n of hostCounts) {
  const { report, daemonsKb } = await timedRun('nat64', n);
  const t = report.timings;
  const up = (t.topology ?? 0) + (t.capture ?? 0) + (t.services ?? 0);
  const floor = await floorSeconds(SCENARIOS['nat64']!.topology({ hosts: n, plan: SCENARIOS['nat64']!.defaultPlan }), `s${n}`);
  let mn: number | undefined;
  if (mininet) {
    const t0 = performance.now();
    const r = await execa('mn', ['--topo', `single,${n}`, '--switch', 'lxbr', '--controller', 'none', '--test', 'none'], { reject: false });
    mn = r.exitCode === 0 ? (performance.now() - t0) / 1000 : undefined;
  }
  const row = { n, v6lab: { up, checks: t.checks ?? 0, down: t.teardown ?? 0, total: t.total ?? 0, ok: report.ok }, floor, mininet: mn, peakRssMb: process.resourceUsage().maxRSS / 1024, daemonsRssMb: daemonsKb / 1024 };
  scaling.push(row);
  console.log(
    `nat64 × ${String(n).padStart(3)} hosts: ${report.ok ? 'ok' : 'FAILED'} up ${up.toFixed(2)} s, checks ${(t.checks ?? 0).toFixed(2)} s, down ${(t.teardown ?? 0).toFixed(2)} s, total ${(t.total ?? 0).toFixed(2)} s; floor up ${floor.up.toFixed(2)} s (×${(up / floor.up).toFixed(1)} with daemons)${mn !== undefined ? `; Mininet start+stop ${mn.toFixed(2)} s, v6lab/Mininet ${((t.total ?? 0) / mn).toFixed(2)}` : ''}; RSS lab ${row.peakRssMb.toFixed(0)} MB, daemons ${row.daemonsRssMb.toFixed(0)} MB`,
  );
}

await writeFile(join(out, 'bench.json'), JSON.stringify({ machine: { cores: (await import('node:os')).cpus().length, date: new Date().toISOString() }, runs, perMethod, scaling }, null, 2) + '\n');
await writeFile(
  join(out, 'bench.svg'),
  plotSvg('nat64: up + every host reaches the internet + down', [
    { name: 'v6lab (full nat64 run)', color: '#1f5fa8', points: scaling.map((s) => ({ n: s.n, seconds: s.v6lab.total })) },
    { name: 'floor (bare ip -batch, up + down)', color: '#2a8a3a', points: scaling.map((s) => ({ n: s.n, seconds: s.floor.up + s.floor.down })) },
    ...(scaling.some((s) => s.mininet !== undefined) ? [{ name: 'Mininet start + stop', color: '#b3261e', points: scaling.flatMap((s) => (s.mininet !== undefined ? [{ n: s.n, seconds: s.mininet }] : [])) }] : []),
  ]),
);
console.log(`\nbench.json and bench.svg in ${out}`);

function fmt(s: Stats): string {
  return `${s.median.toFixed(3)} s [${s.min.toFixed(3)}–${s.max.toFixed(3)}]`;
}
