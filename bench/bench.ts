// npm run bench: how fast the lab is, as ratios against references measured side by side in the
// same run (this machine is shared and noisy: absolute seconds mean little, ratios do).
//   --runs N              runs per cell (default 5 for the methods, 3 for whole-process pairs)
//   --hosts 2,16,64,128,250   LAN sizes for the whole-process series
//   --methods a,b         methods to time (default: all)
//   --runtimes a,b        runtimes to time the methods on (default: every runtime available here)
//   --mininet             time Mininet's whole process beside v6lab's, alternating (in a throwaway netns)
//   --install-mininet     apt-get Mininet (and bridge-utils) first, without its recommended Open vSwitch
//   --load                the data plane per method against the kernel-forwarded baseline
//   --memory              only the peak memory of each method's whole process tree → bench/results/memory.json
//   --readme FILE         rewrite docs/speed.md's "Speed" section from FILE (a bench.json), then stop
//   --out DIR             where bench.json and bench.svg go (default runs/bench-<time>/)
import { execa } from 'execa';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureRequirements, findBinary } from '../lab/env/requirements.js';
import type { Phase, Report } from '../lab/report/types.js';
import { runLab } from '../lab/index.js';
import { RUNTIME_KINDS, runtimeDriver } from '../lab/runtime/registry.js';
import type { RuntimeKind } from '../lab/runtime/runtime.js';
import { scenarioRequirements } from '../lab/scenario.js';
import { labProcessNames } from '../lab/services/registry.js';
import { SCENARIOS } from '../scenarios/index.js';
import { dockerFloorSeconds } from './docker-floor.js';
import { floorSeconds } from './floor.js';
import { measureLoad, poolLimit, type LoadCell } from './load.js';
import { plotSvg } from './plot.js';
import { speedSection, replaceSpeedSection, SPEED_DOC, type BenchResult } from './readme.js';
import { fmt, stats, type Stats } from './stats.js';
import { timeMininet, timeV6lab } from './whole-process.js';
import { measureMemory } from './memory.js';
import { MEMORY_FILE } from '../lab/cli/kube-job.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'pair-runs': { type: 'string', default: '3' },
    hosts: { type: 'string', default: '2,16,64,128,250' },
    methods: { type: 'string', default: Object.keys(SCENARIOS).join(',') },
    runtimes: { type: 'string' },
    mininet: { type: 'boolean', default: false },
    'install-mininet': { type: 'boolean', default: false },
    load: { type: 'boolean', default: false },
    readme: { type: 'string' },
    memory: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});

if (values.readme) {
  const bench = JSON.parse(await readFile(values.readme, 'utf8')) as BenchResult;
  // The figures docs/speed.md shows are kept beside the bench, with their plot.
  await mkdir('bench/results', { recursive: true });
  await writeFile('bench/results/bench.json', JSON.stringify(bench, null, 2) + '\n');
  await writeFile('bench/results/bench.svg', await readFile(join(dirname(values.readme), 'bench.svg'), 'utf8'));
  await writeFile(SPEED_DOC, replaceSpeedSection(await readFile(SPEED_DOC, 'utf8'), speedSection(bench)));
  console.log(`${SPEED_DOC}: "Speed" rewritten from ${values.readme} (kept in bench/results/)`);
  process.exit(0);
}

if (values.memory) {
  // What `lab kube` reserves per pod; kept with the bench's figures (a scheduler needs a peak, not a ratio).
  const result = await measureMemory(values.methods.split(','), 3, resolve(join('runs', 'bench-memory')));
  await mkdir('bench/results', { recursive: true });
  await writeFile(MEMORY_FILE, JSON.stringify(result, null, 2) + '\n');
  console.log(`${MEMORY_FILE} written`);
  process.exit(0);
}

const runs = Number(values.runs);
const pairRuns = Number(values['pair-runs']);
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
if (values.load) await ensureRequirements([{ binary: 'iperf3', package: 'iperf3' }, { binary: 'wrk', package: 'wrk' }], true, console.log);
if (values['install-mininet']) await ensureRequirements([{ binary: 'mn', package: 'mininet' }, { binary: 'brctl', package: 'bridge-utils' }], true, console.log);
const mininet = values.mininet && findBinary('mn') !== undefined && findBinary('brctl') !== undefined;
if (values.mininet && !mininet) console.log('Mininet: not installed (add --install-mininet to apt-get it); its column stays empty');
// The whole-process runs start compiled JavaScript, as `npm run lab` does.
await execa('npm', ['run', '-s', 'build']);

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
  // The engine's own time: the browsers' cells take seconds each and are not what is compared.
  const report = await runLab({ method, hosts, runtime, browsers: false }, {
    onEvent: (e) => {
      if (e.type === 'phase' && e.phase === 'checks' && e.state === 'start') sample = daemonsRssKb();
    },
  });
  return { report, daemonsKb: (await sample) ?? 0 };
}

// 1. Per method and runtime: phases over N runs (in-process), with the floor for the same topology in between.
const perMethod: BenchResult['perMethod'] = {};
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
  console.log(`${key.padEnd(22)} total ${fmt(s['total']!)}  topology ${fmt(s['topology']!)}  floor ${fmt(floorUp)}  services ${fmt(s['services']!)}  checks ${fmt(s['checks']!)}  teardown ${fmt(s['teardown']!)}${failures ? `  (${failures} runs FAILED)` : ''}`);
}

// 2. The docker runtime against its own floor: containers created, started and removed, doing nothing.
const dockerFloor: BenchResult['dockerFloor'] = [];
if (runtimes.includes('docker')) {
  const { connectDocker } = await import('../lab/runtime/docker-runtime.js');
  const { nodeImageRef } = await import('../lab/runtime/docker-images.js');
  const { dockerDriver } = await import('../lab/runtime/docker-driver.js');
  const { nodeImageSpec } = await import('../lab/services/registry.js');
  const docker = await connectDocker();
  const nodeImage = nodeImageRef(nodeImageSpec(dockerDriver.release()!));
  for (const m of methods) {
    const containers = SCENARIOS[m]!.topology({ hosts: 2, plan: SCENARIOS[m]!.defaultPlan }).nodes.length + 1; // + the LAN's switch node
    const floor = stats(await sequence(runs, () => dockerFloorSeconds(docker, nodeImage, containers)));
    const dockerTotal = perMethod[`${m} (docker)`]?.phases['total']?.median ?? 0;
    const netnsTotal = perMethod[`${m} (netns)`]?.phases['total']?.median ?? 0;
    const overhead = dockerTotal - netnsTotal;
    dockerFloor.push({ method: m, containers, floor, overhead, overheadOverFloor: overhead / floor.median });
    console.log(`docker ${m}: ${containers} containers create+start+remove ${fmt(floor)}; docker − netns ${overhead.toFixed(3)} s = ×${(overhead / floor.median).toFixed(2)} the floor`);
  }
}

// 3. Whole processes, what a user waits for: v6lab `npm run lab -- nat64 --hosts N --quiet` and
// Mininet's `mn` building and stopping N hosts on a switch, alternating, median of pairRuns.
const scaling: BenchResult['scaling'] = [];
for (const n of hostCounts) {
  const v6: number[] = [];
  const mn: number[] = [];
  let failures = 0;
  for (let i = 0; i < pairRuns; i++) {
    const v = await timeV6lab(n, out);
    if (!v.ok) {
      failures++;
      console.log(`  v6lab ${n} hosts FAILED: ${v.detail}`);
    }
    v6.push(v.seconds);
    if (mininet) {
      const m = await timeMininet(n);
      if (m.ok) mn.push(m.seconds);
      else console.log(`  Mininet ${n} hosts failed: ${m.detail}`);
    }
  }
  const floor = await floorSeconds(SCENARIOS['nat64']!.topology({ hosts: n, plan: SCENARIOS['nat64']!.defaultPlan }), `s${n}`);
  const row = { n, v6lab: stats(v6), failures, mininet: mn.length ? stats(mn) : undefined, floor: floor.up + floor.down };
  scaling.push(row);
  console.log(`nat64 × ${String(n).padStart(3)} hosts, whole process: v6lab ${fmt(row.v6lab)}${row.mininet ? `, Mininet ${fmt(row.mininet)}, v6lab/Mininet ×${(row.v6lab.median / row.mininet.median).toFixed(2)}` : ''}; floor (bare ip -batch up+down) ${row.floor.toFixed(3)} s${failures ? ` (${failures} FAILED)` : ''}`);
}

// 4. The data plane.
let load: LoadCell[] | undefined;
let pool: Awaited<ReturnType<typeof poolLimit>> | undefined;
if (values.load) {
  load = await measureLoad(out);
  pool = await poolLimit();
  console.log(`pool limit: ${pool.hosts} hosts behind ${pool.pool}: failed ${pool.failed.join(', ') || 'none'}; Tayga: ${pool.taygaSays}`);
}

const bench: BenchResult = {
  machine: { cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, date: new Date().toISOString() },
  runs,
  pairRuns,
  perMethod,
  dockerFloor,
  scaling,
  ...(load ? { load } : {}),
  ...(pool ? { pool } : {}),
};
await writeFile(join(out, 'bench.json'), JSON.stringify(bench, null, 2) + '\n');
await writeFile(
  join(out, 'bench.svg'),
  plotSvg('nat64, whole process: up + every host reaches the internet + down', [
    { name: 'v6lab (npm run lab -- nat64 --hosts N)', color: '#1f5fa8', points: scaling.map((s) => ({ n: s.n, seconds: s.v6lab.median })) },
    { name: 'floor (bare ip -batch, up + down)', color: '#2a8a3a', points: scaling.map((s) => ({ n: s.n, seconds: s.floor })) },
    ...(scaling.some((s) => s.mininet) ? [{ name: 'Mininet (mn, start + stop)', color: '#b3261e', points: scaling.flatMap((s) => (s.mininet ? [{ n: s.n, seconds: s.mininet.median }] : [])) }] : []),
  ]),
);
console.log(`\nbench.json and bench.svg in ${out}\ndocs/speed.md: npm run bench -- --readme ${join(out, 'bench.json')}`);

async function sequence(n: number, f: () => Promise<number>): Promise<number[]> {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) xs.push(await f());
  return xs;
}

export type { Stats };
