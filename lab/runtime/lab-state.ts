// Where a lab keeps what it needs to be found again: /run/v6lab/<lab-id>/lab.json, plus the
// per-node configs and logs beside it. `down` and `gc` read these records; nothing is guessed.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Every lab namespace starts with this; `gc` only ever touches names with it. */
export const NS_PREFIX = 'v6l-';

export function stateRoot(): string {
  return process.env['V6LAB_STATE_ROOT'] ?? '/run/v6lab';
}

export interface LabRecord {
  labId: string;
  runtime: string;
  method: string;
  /** node name → namespace name */
  namespaces: Record<string, string>;
  createdAt: string;
  /** PID of the lab process that owns it; a lab whose owner is gone and not kept is garbage. */
  ownerPid: number;
  kept: boolean;
}

export function labDir(labId: string): string {
  return join(stateRoot(), labId);
}

/** A short id, unique among labs on this machine, so two labs never share a name. */
export async function newLabId(): Promise<string> {
  await mkdir(stateRoot(), { recursive: true });
  for (;;) {
    const id = randomBytes(3).toString('hex');
    const dir = labDir(id);
    if (!existsSync(dir)) {
      await mkdir(dir, { recursive: true });
      return id;
    }
  }
}

export async function writeLabRecord(record: LabRecord): Promise<void> {
  await mkdir(labDir(record.labId), { recursive: true });
  await writeFile(join(labDir(record.labId), 'lab.json'), JSON.stringify(record, null, 2));
}

export async function readLabRecords(): Promise<LabRecord[]> {
  if (!existsSync(stateRoot())) return [];
  const records: LabRecord[] = [];
  for (const id of await readdir(stateRoot())) {
    try {
      records.push(JSON.parse(await readFile(join(stateRoot(), id, 'lab.json'), 'utf8')) as LabRecord);
    } catch {
      // A directory without a record is a lab that died before writing one; gc handles it.
    }
  }
  return records;
}

export async function removeLabDir(labId: string): Promise<void> {
  await rm(labDir(labId), { recursive: true, force: true });
}
