// A run's directory: report.json, junit.xml, report.md, report.html, and the raw material
// (pcap/, logs/, configs/) copied out of the lab's state directory before it is removed.
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Report } from './types.js';
import { toHtml } from './html.js';
import { toJunit } from './junit.js';
import { toMarkdown } from './markdown.js';

export const RAW_DIRS = ['configs', 'logs', 'pcap'];

/** Copy what the daemons and captures wrote; called while the lab still exists. */
export async function copyRawArtifacts(stateDir: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const sub of RAW_DIRS) await cp(join(stateDir, sub), join(dir, sub), { recursive: true, force: true }).catch(() => undefined);
}

export async function writeReports(dir: string, r: Report): Promise<void> {
  await mkdir(dir, { recursive: true });
  await Promise.all([
    writeFile(join(dir, 'report.json'), JSON.stringify(r, null, 2) + '\n'),
    writeFile(join(dir, 'junit.xml'), toJunit([r])),
    writeFile(join(dir, 'report.md'), toMarkdown(r)),
    writeFile(join(dir, 'report.html'), toHtml(r)),
  ]);
}

/** runs/<time>-<method>-<runtime> (under $V6LAB_RUNS_DIR when set), the default run directory. */
export function defaultRunDir(method: string, runtime: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return join(process.env['V6LAB_RUNS_DIR'] ?? 'runs', `${stamp}-${method}-${runtime}`);
}
