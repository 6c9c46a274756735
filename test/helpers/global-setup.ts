// Before the lab tests: the machine must be fit for real labs (root, the daemons' packages).
// Like `npm run lab`, the suite installs missing Debian packages itself on a fresh machine.
// Run directories (CLI runs and shared runs) go into a temporary directory, removed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostRelease } from '../../lab/env/release.js';
import { ensureRequirements, packagedIn, requireRoot } from '../../lab/env/requirements.js';
import { tool } from '../../lab/env/tools.js';
import { defaultBrowsers } from '../../lab/input/resolve.js';
import { everyRequirement } from '../../lab/scenario.js';
import { SCENARIOS } from '../../scenarios/index.js';

/** What the tests use besides the methods' and implementations' own: ping, pgrep, a real browser for report.html. */
const TEST_TOOLS = [tool('ping'), tool('pgrep'), tool('chromium')];

export default async function setup(): Promise<() => void> {
  requireRoot('npm test');
  // Only what this machine's release packages: the tests of what it lacks say so and are skipped (test/helpers/release.ts).
  const release = hostRelease();
  // Every role implementation too: the suite runs each (a fresh Debian 13 root showed the suite failing without them).
  // The browsers too, unless this machine says it runs none (test:fresh's root: V6LAB_BROWSERS=off).
  const reqs = [...everyRequirement(Object.values(SCENARIOS), release, { browsers: defaultBrowsers('netns') }).packaged, ...TEST_TOOLS.filter((r) => packagedIn(r, release))];
  await ensureRequirements(reqs, true, (l) => console.log(`[setup] ${l}`));
  const runs = mkdtempSync(join(tmpdir(), 'v6lab-test-runs-'));
  process.env['V6LAB_RUNS_DIR'] = runs;
  return () => rmSync(runs, { recursive: true, force: true });
}
