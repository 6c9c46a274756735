// One real lab run per (method, runtime, faults) for the whole lab project: the test files that
// only read a run's report, its artifacts or what the machine looked like while it was up share
// it, instead of each building the same lab again. The lab project runs with isolate: false, so
// this module (and its memo) lives across test files.
import { join } from 'node:path';
import { execa } from 'execa';
import { NS_PREFIX } from '../../lab/runtime/lab-state.js';
import { RUNTIMES } from '../../lab/runtime/registry.js';
import type { RuntimeKind } from '../../lab/runtime/runtime.js';
import type { Report } from '../../lab/report/types.js';
import type { RoleName } from '../../lab/services/role.js';
import { packagedRoles } from '../../lab/scenario.js';
import { SCENARIOS } from '../../scenarios/index.js';
import { HOST_RELEASE } from './release.js';
import { runMethod } from './run.js';
import { rootSnapshot } from './root-snapshot.js';

export interface SharedRun {
  report: Report;
  /** The run directory: report.json, junit.xml, report.md, report.html, pcap/, logs/, configs/. */
  dir: string;
  /** The root namespace before, while the lab was up (its checks running), and after. */
  root: { before: string; during: string; after: string };
  /** While the lab was up: every `via` of every route in its namespaces, and every address they hold. */
  routes: { vias: string[]; held: Set<string>; namespaces: string[] };
  /** What the runtime held for labs while the lab was up (containers, on docker). */
  runtimeObjects: string[];
}

const runs = new Map<string, Promise<SharedRun>>();

export function sharedRun(method: string, o: { runtime?: RuntimeKind; faults?: string[]; roles?: Partial<Record<RoleName, string>> } = {}): Promise<SharedRun> {
  const runtime = o.runtime ?? 'netns';
  const faults = o.faults ?? [];
  // Where this machine's release lacks a guide implementation (Dante in Debian 13), the one it packages.
  const roles = o.roles ?? packagedRoles(SCENARIOS[method]!, HOST_RELEASE);
  const key = [method, runtime, ...faults, ...Object.entries(roles).map(([r, i]) => `${r}=${i}`)].join(' ');
  let run = runs.get(key);
  if (!run) {
    run = build(method, runtime, faults, roles, key);
    runs.set(key, run);
  }
  return run;
}

async function build(method: string, runtime: RuntimeKind, faults: string[], roles: Partial<Record<RoleName, string>>, key: string): Promise<SharedRun> {
  const dir = join(process.env['V6LAB_RUNS_DIR'] ?? '/tmp', key.replace(/[^\w-]+/g, '_'));
  const before = await rootSnapshot();
  let during: Promise<[string, SharedRun['routes'], string[]]> | undefined;
  const report = await runMethod(method, {
    runtime,
    faults,
    roles,
    artifactsDir: dir,
    onEvent: (e) => {
      // Taken while the lab is fully up: the checks wait for nothing, so this runs beside them.
      if (e.type === 'phase' && e.phase === 'checks' && e.state === 'start') during = Promise.all([rootSnapshot(), routesInLabs(), RUNTIMES[runtime].leftovers()]);
    },
  });
  const [rootDuring, routes, runtimeObjects] = (await during) ?? ['', { vias: [], held: new Set<string>(), namespaces: [] }, []];
  return { report, dir, root: { before, during: rootDuring, after: await rootSnapshot() }, routes, runtimeObjects };
}

/** Shared runs are built one at a time, so the lab namespaces up now are this run's. */
async function routesInLabs(): Promise<SharedRun['routes']> {
  const list = await execa('ip', ['netns', 'list']);
  const namespaces = String(list.stdout).split('\n').map((l) => l.split(' ')[0] ?? '').filter((n) => n.startsWith(NS_PREFIX));
  const held = new Set<string>();
  const vias: string[] = [];
  // All at once: the checks phase of a small lab lasts a few hundred milliseconds.
  await Promise.all(
    namespaces.map(async (ns) => {
      const [a, r4, r6] = await Promise.all([
        execa('ip', ['-n', ns, '-o', 'addr', 'show']),
        execa('ip', ['-n', ns, '-4', 'route', 'show', 'table', 'all']),
        execa('ip', ['-n', ns, '-6', 'route', 'show', 'table', 'all']),
      ]);
      for (const m of String(a.stdout).matchAll(/inet6? ([0-9a-f.:]+)\//g)) held.add(m[1]!);
      for (const rt of [r4, r6]) for (const m of String(rt.stdout).matchAll(/ via ([0-9a-f.:]+)/g)) vias.push(`${ns}: ${m[1]}`);
    }),
  );
  return { vias, held, namespaces };
}
