// Before any test: the machine must be fit for real labs (root, the daemons' packages).
// Like `npm run lab`, the suite installs missing Debian packages itself on a fresh machine.
// CLI runs write their run directories into a temporary directory, removed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBinaries, requireRoot } from '../../lab/env/requirements.js';
import { SCENARIOS } from '../../scenarios/index.js';
import { EXTRA_TEST_BINARIES } from './leftovers.js';

export default async function setup(): Promise<() => void> {
  requireRoot();
  const binaries = [...new Set([...Object.values(SCENARIOS).flatMap((s) => s.binaries), ...EXTRA_TEST_BINARIES])];
  await ensureBinaries(binaries, process.env['V6LAB_NO_INSTALL'] !== '1', (l) => console.log(`[setup] ${l}`));
  const runs = mkdtempSync(join(tmpdir(), 'v6lab-test-runs-'));
  process.env['V6LAB_RUNS_DIR'] = runs;
  return () => rmSync(runs, { recursive: true, force: true });
}
