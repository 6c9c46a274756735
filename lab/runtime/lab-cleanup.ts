// Finding labs again after their process is gone: kept labs (`down`) and leftovers of killed
// runs (`gc`). Only names with the lab prefix and labs with records are ever touched; what each
// runtime holds beyond namespaces (containers) it removes itself (runtime/registry.ts).
import { readdir } from 'node:fs/promises';
import { execa } from 'execa';
import { UsageError } from '../errors.js';
import { destroyNamespaces } from './host-commands.js';
import { NS_PREFIX, readLabRecords, removeLabDir, type LabRecord } from './lab-state.js';
import { RUNTIMES, runtimeDriver } from './registry.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function findKeptLab(id?: string): Promise<LabRecord> {
  const kept = (await readLabRecords()).filter((r) => r.kept && (id === undefined || r.labId === id));
  if (kept.length === 0) throw new UsageError(id ? `no kept lab "${id}"` : 'no kept lab: start one with `npm run lab -- <method> --keep`');
  if (kept.length > 1) throw new UsageError(`several kept labs (${kept.map((k) => `${k.labId} ${k.method}`).join(', ')}): choose one with --lab <id>`);
  return kept[0]!;
}

async function removeLab(r: LabRecord): Promise<void> {
  await runtimeDriver(r.runtime).removeLab(r);
  await destroyNamespaces(Object.values(r.namespaces));
  await removeLabDir(r.labId);
}

export async function downKeptLabs(id?: string): Promise<string[]> {
  const kept = (await readLabRecords()).filter((r) => r.kept && (id === undefined || r.labId === id));
  if (id !== undefined && kept.length === 0) throw new UsageError(`no kept lab "${id}"`);
  await Promise.all(kept.map(removeLab));
  return kept.map((r) => `${r.labId} (${r.method})`);
}

/** Labs whose owner died without tearing down, and lab namespaces no record accounts for. */
export async function collectGarbage(): Promise<string[]> {
  const found: string[] = [];
  const records = await readLabRecords();
  const live = records.filter((r) => r.kept || alive(r.ownerPid));
  for (const r of records.filter((x) => !live.includes(x))) {
    await removeLab(r);
    found.push(`lab ${r.labId} (${r.method}, owner pid ${r.ownerPid} gone)`);
  }
  const owned = new Set(live.flatMap((r) => Object.values(r.namespaces)));
  const listed = await execa('ip', ['netns', 'list'], { reject: false });
  const orphans = String(listed.stdout)
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((ns) => ns.startsWith(NS_PREFIX) && !owned.has(ns));
  if (orphans.length > 0) {
    await destroyNamespaces(orphans);
    found.push(...orphans.map((ns) => `namespace ${ns} (no live lab)`));
  }
  const liveIds = new Set(live.map((r) => r.labId));
  for (const driver of Object.values(RUNTIMES)) found.push(...(await driver.collectStray(liveIds)));
  const etc = await readdir('/etc/netns').catch(() => [] as string[]);
  const strayEtc = etc.filter((d) => d.startsWith(NS_PREFIX) && !owned.has(d));
  if (strayEtc.length > 0) {
    await destroyNamespaces(strayEtc);
    found.push(...strayEtc.filter((d) => !orphans.includes(d)).map((d) => `/etc/netns/${d}`));
  }
  return found;
}
