// docs/speed.md's "Speed" section, written from a bench.json (never by hand): the machine, each method's
// phases, the docker runtime against its floor, whole processes against Mininet, the data plane.
import type { LoadCell } from './load.js';
import type { Stats } from './stats.js';

export interface BenchResult {
  machine: { cores: number; memoryGb: number; node: string; date: string };
  runs: number;
  pairRuns: number;
  perMethod: Record<string, { phases: Record<string, Stats>; floorUp: Stats; topologyOverFloor: number; failures: number }>;
  dockerFloor: { method: string; containers: number; floor: Stats; overhead: number; overheadOverFloor: number }[];
  scaling: { n: number; v6lab: Stats; failures: number; mininet?: Stats; floor: number }[];
  load?: LoadCell[];
  pool?: { hosts: number; pool: string; failed: string[]; taygaSays: string };
}

const HEADING = '## Speed (`npm run bench`)';
const s = (x: number | undefined): string => (x === undefined ? '—' : `${x.toFixed(2)} s`);

export function speedSection(b: BenchResult): string {
  const lines = [
    HEADING,
    '',
    `Written by \`npm run bench -- --readme bench.json\` from one bench run on ${b.machine.date.slice(0, 10)}: ${b.machine.cores} cores, ${b.machine.memoryGb} GB, Node ${b.machine.node}. ` +
      'Every ratio compares two things measured side by side in that run (the machine is shared and noisy; absolute seconds mean little). ' +
      'The run\'s figures are in `bench/results/bench.json`, its plot (seconds against hosts: v6lab, the floor, Mininet) in `bench/results/bench.svg`.',
    '',
    `**Each method** (in-process phases, median of ${b.runs}; topology against the same topology made by bare \`ip -batch\` files):`,
    '',
    '| method (runtime) | total | topology | floor | services | checks | teardown |',
    '|---|---|---|---|---|---|---|',
    ...Object.entries(b.perMethod).map(([k, m]) => `| ${k} | ${s(m.phases['total']?.median)} | ${s(m.phases['topology']?.median)} | ${s(m.floorUp.median)} | ${s(m.phases['services']?.median)} | ${s(m.phases['checks']?.median)} | ${s(m.phases['teardown']?.median)} |${m.failures ? ` (${m.failures} failed)` : ''}`),
  ];
  if (b.dockerFloor.length) {
    lines.push(
      '',
      '**The docker runtime against its floor** — creating, starting and removing the same number of containers from the node image, doing nothing (target: docker − netns ≤ 1.2 × the floor):',
      '',
      '| method | containers | floor | docker − netns | ratio |',
      '|---|---|---|---|---|',
      ...b.dockerFloor.map((d) => `| ${d.method} | ${d.containers} | ${s(d.floor.median)} | ${s(d.overhead)} | ×${d.overheadOverFloor.toFixed(2)} |`),
    );
  }
  lines.push(
    '',
    `**Whole processes** — what a user waits for, start-up included: \`npm run lab -- nat64 --hosts N --quiet\` (every host SLAAC'd and fetching through NAT64 by name and by literal, then down) against Mininet's \`mn --topo single,N --switch lxbr --controller none --test none\` (in a throwaway namespace), alternating, median of ${b.pairRuns} (targets: ≤ 1.5 × Mininet at 2 hosts, ≤ 1.0 × at every N):`,
    '',
    '| hosts | v6lab | Mininet | v6lab / Mininet | floor (ip -batch up + down) |',
    '|---|---|---|---|---|',
    ...b.scaling.map((r) => `| ${r.n} | ${s(r.v6lab.median)}${r.failures ? ` (${r.failures} failed)` : ''} | ${s(r.mininet?.median)} | ${r.mininet ? `×${(r.v6lab.median / r.mininet.median).toFixed(2)}` : '—'} | ${s(r.floor)} |`),
  );
  const two = b.scaling.find((r) => r.n === 2);
  const inProcess = b.perMethod['nat64 (netns)']?.phases['total']?.median;
  if (two?.mininet && inProcess !== undefined) {
    lines.push(
      '',
      `Where the targets are missed, the cause, measured in the same run: at 2 hosts v6lab's own work (the in-process run: daemons up, its checks, down) takes ${s(inProcess)} — already ×${(inProcess / two.mininet.median).toFixed(2)} Mininet's whole process, which starts no daemon and checks nothing; start-up and the end of the process (npm, Node, the bundled CLI; the run's reports written to its run directory) add the other ${s(two.v6lab.median - inProcess)}. ` +
        `${scaleSentence(b.scaling)}` +
        dockerSentence(b),
    );
  }
  if (b.load) {
    const base = b.load[0];
    const ratio = (x: number | null | undefined, y: number | null | undefined): string => (x && y ? ` (×${(x / y).toFixed(2)})` : '');
    lines.push(
      '',
      '**The data plane** (`--load`): from the hosts to the lab internet, each method against the kernel-forwarded baseline (the same hosts with a routed IPv6 path, no translation): a 100 MB download with curl, iperf3 TCP for 3 s, and wrk from both hosts for 3 s (8 connections each):',
      '',
      '| method | download | iperf3 | HTTP req/s | p50 | p99 |',
      '|---|---|---|---|---|---|',
      ...b.load.map((c) => `| ${c.method} | ${c.downloadGbps?.toFixed(2) ?? '—'} Gbit/s${ratio(c.downloadGbps, base?.downloadGbps)} | ${c.iperfGbps ? `${c.iperfGbps.toFixed(2)} Gbit/s${ratio(c.iperfGbps, base?.iperfGbps)}` : '—'} | ${c.http ? `${c.http.rps.toFixed(0)}${ratio(c.http.rps, base?.http?.rps)}` : '—'} | ${c.http ? `${c.http.p50ms.toFixed(2)} ms` : '—'} | ${c.http ? `${c.http.p99ms.toFixed(2)} ms` : '—'} |`),
      '',
      ...b.load.flatMap((c) => c.notes.map((n) => `- ${c.method}: ${n}`)),
      '- Why Tayga carries a fraction of the kernel\'s bytes: it is a single-threaded user-space translator on a TUN device — every packet is copied from the kernel to Tayga and back, translated one at a time, with no segmentation offload — while the routed path stays in the kernel with GSO/GRO on veths. Small HTTP exchanges are bound by latency rather than bytes, so requests per second stay much closer to the baseline than throughput does.',
    );
    if (b.pool) lines.push(`- Tayga's pool: ${b.pool.hosts} hosts behind ${b.pool.pool} → ${b.pool.failed.length ? `${b.pool.failed.join(', ')} could not reach the internet` : 'all got through'}; Tayga's log: ${b.pool.taygaSays}.`);
  }
  return lines.join('\n') + '\n';
}

/** Where the Speed section lives (README links to it). */
export const SPEED_DOC = 'docs/speed.md';

/** The document with its Speed section (up to the next "## ") replaced. */
export function replaceSpeedSection(readme: string, section: string): string {
  const start = readme.indexOf(HEADING);
  if (start < 0) throw new Error(`${SPEED_DOC} has no "${HEADING}" section`);
  const next = readme.indexOf('\n## ', start + HEADING.length);
  return readme.slice(0, start) + section + (next < 0 ? '' : readme.slice(next));
}

/** For each method whose docker run is above its target, where (by phase) docker costs more than netns — read from the run. */
function dockerSentence(b: BenchResult): string {
  const over = b.dockerFloor.filter((d) => d.overheadOverFloor > 1.2);
  if (b.dockerFloor.length === 0) return '';
  if (over.length === 0) return ' The docker runtime is within 1.2 × its floor for every method.';
  const phases = ['topology', 'services', 'checks', 'teardown'];
  const byPhase = (m: string): string =>
    phases
      .map((p) => {
        const d = (b.perMethod[`${m} (docker)`]?.phases[p]?.median ?? 0) - (b.perMethod[`${m} (netns)`]?.phases[p]?.median ?? 0);
        return `${p} ${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(2)} s`;
      })
      .join(', ');
  return ` Docker − netns by phase where the docker target is missed (the floor is containers created, started and removed): ${over.map((d) => `${d.method} ×${d.overheadOverFloor.toFixed(2)} (${byPhase(d.method)}; floor ${s(d.floor.median)})`).join('; ')}.`;
}

/** Where v6lab (every host SLAAC'd, resolving through DNS64, fetching through NAT64) is at most Mininet building bare hosts — read from the run, not assumed. */
function scaleSentence(scaling: BenchResult['scaling']): string {
  const ratios = scaling.filter((r) => r.mininet).map((r) => ({ n: r.n, ratio: r.v6lab.median / r.mininet!.median }));
  const within = ratios.filter((r) => r.ratio <= 1).map((r) => r.n);
  const over = ratios.filter((r) => r.ratio > 1 && r.n > 2).map((r) => `${r.n} (×${r.ratio.toFixed(2)})`);
  const what = "v6lab (every host SLAAC'd, resolving through DNS64 and fetching through NAT64)";
  if (within.length === 0) return `At no size was ${what} within Mininet building bare hosts.`;
  return `At ${within.join(', ')} hosts ${what} is within Mininet building bare hosts${over.length > 0 ? `; at ${over.join(', ')} it is not, by the fixed cost above` : ''}.`;
}
