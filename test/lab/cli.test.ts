// The CLI as a user meets it: exit codes, messages that name the problem and the fix, and
// kept labs that can be entered and removed. Runs the real `lab` entry point in a child process.
import { existsSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureRequirements } from '../../lab/env/requirements.js';
import { EnvironmentError } from '../../lab/errors.js';
import { findLeftovers, NOTHING_LEFT } from '../../lab/leftovers.js';
import { labCli } from '../helpers/cli.js';
import { scratchDir } from '../helpers/scratch.js';

const lab = (args: string[]) => labCli(args);

const scratch = scratchDir('cli');

/**
 * The built CLI (what `npm run lab` runs) as another user. The clone may sit where other users
 * cannot enter (/root is 0700, and so is mktemp -d): that user runs a copy it can read.
 */
async function labAsUser(uid: number, args: string[]) {
  const dir = join(scratch(), 'readable');
  if (!existsSync(dir)) {
    await cp('dist', join(dir, 'dist'), { recursive: true });
    await cp('package.json', join(dir, 'package.json'));
    await cp('node_modules/pcap-parser', join(dir, 'node_modules', 'pcap-parser'), { recursive: true });
    await execa('chmod', ['-R', 'a+rX', scratch()]);
  }
  return execa('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', 'node', 'dist/lab/cli.js', ...args], { reject: false, cwd: dir });
}

describe('lab CLI: bad input gets a clear message and the documented exit code', () => {
  it('unknown method → exit 2, listing the valid methods', async () => {
    const r = await lab(['nat46']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('unknown method "nat46"');
    expect(r.stderr).toMatch(/nat64\s+Method 1/);
  });

  it('unknown flag → exit 2', async () => {
    const r = await lab(['nat64', '--bogus']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("unknown option '--bogus'");
  });

  it('unknown fault and bad --hosts → exit 2, naming the valid values', async () => {
    const f = await lab(['nat64', '--fault', 'no-such-fault']);
    expect(f.exitCode).toBe(2);
    expect(f.stderr).toContain('--fault: nat64 has no fault "no-such-fault"; its faults are: no-nat44, no-dns64, dns64-synthall, no-ra, no-inbound-filter, open-resolver, pmtud-blackhole, outside-ipv6, kill:<node>/<daemon>, link-down:<node>/<ifname>');
    const h = await lab(['nat64', '--hosts', '0']);
    expect(h.exitCode).toBe(2);
    expect(h.stderr).toContain('give a whole number from 1 to 250');
  });

  it('not root → exit 3 with how to run it', async () => {
    const r = await labAsUser(65534, ['nat64']);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('v6lab must run as root');
    expect(r.stderr).toContain('sudo npm run lab -- nat64');
  });

  it('a missing daemon binary → EnvironmentError with the exact apt-get command', async () => {
    const missing = { binary: 'v6lab-no-such-daemon', package: 'v6lab-no-such-package' };
    await expect(ensureRequirements([{ binary: 'tayga', package: 'tayga' }, missing], false, () => {})).rejects.toThrow(EnvironmentError);
    await expect(ensureRequirements([missing], false, () => {})).rejects.toThrow(
      /missing: v6lab-no-such-daemon \(v6lab-no-such-package\)\.\nInstall them with:\n {2}apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends v6lab-no-such-package/,
    );
  });

  it('an artifacts directory that cannot be written → exit 2 before anything is built', async () => {
    const r = await lab(['nat64', '--artifacts', '/proc/v6lab-artifacts']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/cannot write artifacts to \/proc\/v6lab-artifacts: .*choose a writable directory/);
  });

  it('list names every method and its faults', async () => {
    const r = await lab(['list']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('nat64');
    expect(r.stdout).toContain('--fault no-nat44');
  });
});

describe('lab CLI: lab files', () => {
  it('`lab <file>` runs the file (with the flags a method takes); expected failures pass; its run directory is named after it', async () => {
    const r = await lab(['examples/wkp-private-fails.lab.yaml', '--quiet', '--no-install']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.trim()).toMatch(/^PASS wkp-private-fails \(nat64\) on netns: 8\/18 checks passed, 10 failed as expected, 1 not applicable in [\d.]+ s$/);
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
  });

  it('a bad lab file: exit 2, the place in the file and the fix, nothing built — even as root with everything installed', async () => {
    const r = await lab(['test/fixtures/bad-pool.lab.yaml', '--no-install']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^v6lab: test\/fixtures\/bad-pool\.lab\.yaml: a problem, nothing was built:\n {2}5:12 plan\.nat64\.pool: 192\.168\.100\.0\/28 gives Tayga 14 addresses for 16 hosts/);
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
  });
});

describe('lab CLI: --json', () => {
  it('prints the whole report.json through a pipe, however long (16 hosts: well over the 64 KiB a pipe takes at once)', async () => {
    // A reader that starts late, as a shell pipeline's next command may: the pipe fills at 64 KiB.
    const r = await execa('sh', ['-c', 'node --import tsx lab/cli.ts nat64 --hosts 16 --json --no-install | (sleep 1; cat)'], { reject: false });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(65_536);
    const report = JSON.parse(r.stdout) as { ok: boolean; checks: unknown[] };
    expect(report.ok).toBe(true);
    expect(report.checks.length).toBeGreaterThan(10);
  });
});

describe('lab CLI: a run that fails its checks, kept, entered with exec, removed with down', () => {
  it('nat64 --fault no-dns64 --keep → exit 1 naming the failed checks → exec hosta shows its ULA → down removes everything', async () => {
    const up = await lab(['nat64', '--fault', 'no-dns64', '--keep', '--no-install']);
    expect(up.exitCode, up.stderr).toBe(1);
    expect(up.stdout).toMatch(/^FAIL nat64 on netns: 9\/19 checks passed, 1 failed as expected \(faults: no-dns64\)/m);
    expect(up.stdout).toMatch(/Failed checks:\n {2}✗ dns64-synthesis/);
    expect(up.stdout).toContain('is kept up');
    // The help names the kept lab's own nodes.
    expect(up.stdout).toContain('npm run lab -- exec hosta -- ip -6 addr');
    expect(up.stdout).toContain('npm run lab -- exec gw -- ss -lntu');
    const ex = await lab(['exec', 'hosta', '--', 'ip', '-6', 'addr', 'show', 'dev', 'eth0']);
    expect(ex.exitCode).toBe(0);
    expect(ex.stdout).toMatch(/inet6 fd00:1::[0-9a-f:]+\/64 scope global dynamic/);
    const bad = await lab(['exec', 'nosuchnode', '--', 'true']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/has no node "nosuchnode" \(nodes: .*hosta/);
    const down = await lab(['down']);
    expect(down.exitCode).toBe(0);
    expect(down.stdout).toMatch(/removed: [0-9a-f]{6} \(nat64\)/);
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
    const again = await lab(['down']);
    expect(again.stdout).toContain('no kept lab to remove');
  });

  afterAll(async () => {
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
  });
});
