// Memory, as a scheduler must reserve it: the peak resident memory of a whole lab process tree —
// the CLI's Node process and everything it starts (daemons, tcpdump, helpers) — sampled every
// 50 ms from /proc while `node dist/lab/cli.js <method> --quiet --no-browsers` runs from start to exit
// (the image the Job runs carries no browser). The
// Kubernetes Job (`lab kube`) asks for these figures (bench/results/memory.json).
import { readdir, readFile } from 'node:fs/promises';
import { execa } from 'execa';

export interface MemoryResult {
  date: string;
  node: string;
  /** Per method (2 hosts, netns): the peak of the summed RSS of the process tree, in MiB, over its runs. */
  methods: Record<string, { peakMiB: number; runs: number }>;
}

/** pid → its parent and RSS (kB), for every process. */
async function processTable(): Promise<Map<number, { ppid: number; rssKb: number }>> {
  const table = new Map<number, { ppid: number; rssKb: number }>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const status = await readFile(`/proc/${name}/status`, 'utf8').catch(() => '');
    const ppid = /^PPid:\s+(\d+)/m.exec(status)?.[1];
    if (ppid === undefined) continue;
    table.set(Number(name), { ppid: Number(ppid), rssKb: Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0) });
  }
  return table;
}

/** The summed RSS (kB) of a process and all its descendants. */
async function treeRssKb(root: number): Promise<number> {
  const table = await processTable();
  let total = 0;
  const todo = [root];
  while (todo.length > 0) {
    const pid = todo.pop()!;
    total += table.get(pid)?.rssKb ?? 0;
    for (const [child, p] of table) if (p.ppid === pid) todo.push(child);
  }
  return total;
}

/** One whole run of a method, sampled; its peak in kB. */
async function peakOfRun(method: string, runsDir: string): Promise<number> {
  const child = execa('node', ['dist/lab/cli.js', method, '--quiet', '--no-install', '--no-browsers'], { reject: false, env: { V6LAB_RUNS_DIR: runsDir } });
  let peak = 0;
  const sampler = setInterval(() => {
    if (child.pid !== undefined) void treeRssKb(child.pid).then((kb) => (peak = Math.max(peak, kb)));
  }, 50);
  const r = await child;
  clearInterval(sampler);
  if (r.exitCode !== 0) throw new Error(`${method} failed while its memory was measured (exit ${r.exitCode}): ${String(r.stdout).trim().split('\n').pop()}`);
  return peak;
}

export async function measureMemory(methods: string[], runs: number, runsDir: string): Promise<MemoryResult> {
  const out: MemoryResult['methods'] = {};
  for (const m of methods) {
    let peak = 0;
    for (let i = 0; i < runs; i++) peak = Math.max(peak, await peakOfRun(m, runsDir));
    out[m] = { peakMiB: Math.ceil(peak / 1024), runs };
    console.log(`${m}: peak ${out[m].peakMiB} MiB (process tree, ${runs} runs)`);
  }
  return { date: new Date().toISOString(), node: process.version, methods: out };
}
