// v6lab as an image, run as someone on a machine that is not Debian would: from an empty
// directory, `docker run --rm --privileged --network none -v "$PWD:/lab" -w /lab v6lab/v6lab …`.
// The lab runs on the netns runtime inside the container; the run directory lands in the mounted
// directory, owned by its owner; the exit code is the CLI's; nothing is left in the engine or on
// the host. Built (or reused) by images/v6lab-image.ts, as `npm run images -- --v6lab` does.
import { copyFile, chown, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { findLeftovers, NOTHING_LEFT } from '../../lab/leftovers.js';
import { connectDocker } from '../../lab/runtime/docker-runtime.js';
import { ensureV6labImage } from '../../images/v6lab-image.js';
import { RUNTIMES } from '../helpers/runtimes.js';
import { scratchDir } from '../helpers/scratch.js';

const docker = RUNTIMES.find((r) => r.kind === 'docker')!;
/**
 * What the container needs, measured (docs/runtimes.md): instead of --privileged, which this
 * machine's engine cannot grant (its own bounding set lacks CAP_SYS_RESOURCE: runc "unable to
 * apply caps"). NET_ADMIN: veths, addresses, routes, netfilter; SYS_ADMIN: `ip netns add` (mounts);
 * SYS_PTRACE: `ss -p` naming sockets of daemons that dropped to another user; a writable /proc/sys
 * (systempaths=unconfined) for the nodes' sysctls; /dev/net/tun for Tayga.
 */
const ENOUGH_PAIRS = [['--cap-add', 'NET_ADMIN'], ['--cap-add', 'SYS_ADMIN'], ['--cap-add', 'SYS_PTRACE'], ['--security-opt', 'systempaths=unconfined'], ['--device', '/dev/net/tun']] as const;
const ENOUGH = ENOUGH_PAIRS.flat();
/** The measured set but one piece. */
const without = (piece: string): string[] => ENOUGH_PAIRS.filter(([, value]) => value !== piece).flat();
/** The calling user on the host: not root, so the chown of the run directory shows. */
const CALLER = { uid: 1000, gid: 1000 };
const dir = scratchDir('image');
let image = '';

/** `docker run` of the image in a fresh directory of this file's, with these docker options. */
async function inImage(name: string, args: string[], dockerOptions: readonly string[] = ENOUGH) {
  const work = join(dir(), name);
  await execa('mkdir', ['-p', work]);
  await chown(work, CALLER.uid, CALLER.gid);
  const r = await execa('docker', ['run', '--rm', ...dockerOptions, '--network', 'none', '-v', `${work}:/lab`, '-w', '/lab', image, ...args], { reject: false, all: true, timeout: 600_000 });
  return { ...r, work };
}

/** Every file and directory under a directory, each with its owner. */
async function owners(path: string): Promise<string[]> {
  const entries = await readdir(path, { recursive: true });
  return [...new Set(await Promise.all(entries.map(async (e) => { const s = await stat(join(path, e)); return `${s.uid}:${s.gid}`; })))];
}

/** Nothing of the run is left: no container from the image, nothing of a lab on the host. */
async function nothingLeft(): Promise<void> {
  const ps = await execa('docker', ['ps', '-a', '--filter', `ancestor=${image}`, '--format', '{{.ID}}'], { reject: false });
  expect(String(ps.stdout).trim()).toBe('');
  expect(await findLeftovers()).toEqual(NOTHING_LEFT);
}

describe.skipIf(docker.skip !== undefined)(`the v6lab image${docker.skip ? ` (skipped: ${docker.skip})` : ''}`, () => {
  beforeAll(async () => {
    image = await ensureV6labImage(await connectDocker(), (l) => console.log(`[v6lab image] ${l}`));
  }, 900_000);

  it('nat64 from an empty directory with --network none: exit 0, report.html in that directory, owned by its owner; nothing left', async () => {
    const r = await inImage('nat64', ['nat64']);
    expect(r.exitCode, String(r.all)).toBe(0);
    expect(String(r.stdout)).toMatch(/PASS nat64 on netns/);
    // The daemons are Debian 13's, inside the container.
    expect(String(r.stdout)).toContain('daemons of Debian 13 (trixie), on netns');
    const [run] = await readdir(join(r.work, 'runs'));
    expect(await readdir(join(r.work, 'runs', run!))).toEqual(expect.arrayContaining(['report.html', 'report.json', 'junit.xml', 'pcap']));
    expect(await owners(r.work)).toEqual([`${CALLER.uid}:${CALLER.gid}`]);
    await nothingLeft();
  });

  it("a lab file in the directory: the file's own checks run, with the CLI's exit code", async () => {
    const work = join(dir(), 'lab-file');
    await execa('mkdir', ['-p', work]);
    await copyFile(join(import.meta.dirname, '..', '..', 'examples', 'own-checks.lab.yaml'), join(work, 'own-checks.lab.yaml'));
    const r = await inImage('lab-file', ['./own-checks.lab.yaml', '--quiet']);
    expect(r.exitCode, String(r.all)).toBe(0);
    expect(String(r.stdout)).toMatch(/^PASS own-checks \(nat64\) on netns/m);
    await nothingLeft();
  });

  it("exit codes are the CLI's: 2 bad input, 1 a check failed, 3 the release lacks a package, 4 a daemon that cannot deploy", async () => {
    const usage = await inImage('exit-2', ['nat46']);
    expect(usage.exitCode).toBe(2);
    expect(String(usage.stderr)).toContain('unknown method "nat46"');
    const failed = await inImage('exit-1', ['nat64', '--fault', 'no-nat44', '--quiet']);
    expect(failed.exitCode).toBe(1);
    // Debian 13 packages no Dante: the guide's SOCKS proxy stops the run before anything is built.
    const env = await inImage('exit-3', ['proxy-socks']);
    expect(env.exitCode).toBe(3);
    expect(String(env.stderr)).toContain('dante-server is not packaged in Debian 13');
    // Jool is the host kernel's module: the container cannot have it either.
    const deploy = await inImage('exit-4', ['nat64', '--nat64', 'jool']);
    expect(deploy.exitCode).toBe(4);
    expect(String(deploy.stderr)).toContain('Jool is unavailable');
    await nothingLeft();
  });

  it('less than the measured set is not enough: each missing piece stops the run with its own words (exit 4), nothing left', async () => {
    const noTun = await inImage('no-tun', ['nat64'], without('/dev/net/tun'));
    expect(noTun.exitCode).toBe(4);
    expect(String(noTun.stderr)).toContain('Unable to open /dev/net/tun');
    const roSysctl = await inImage('ro-proc-sys', ['nat64'], without('systempaths=unconfined'));
    expect(roSysctl.exitCode).toBe(4);
    expect(String(roSysctl.stderr)).toMatch(/sysctl: permission denied on key/);
    const noPtrace = await inImage('no-ptrace', ['proxy-http', '--json'], without('SYS_PTRACE'));
    expect(noPtrace.exitCode).toBe(1);
    // ss -p cannot name Squid's socket (Squid runs as user proxy): the one check that reads it fails.
    const report = JSON.parse(String(noPtrace.stdout)) as { checks: { id: string; verdict: string }[] };
    expect(report.checks.filter((c) => c.verdict === 'failed').map((c) => c.id)).toEqual(['proxy-listens-lla']);
    await nothingLeft();
  });

  it('`lab all` through the image: every method, with what Debian 13 packages', async () => {
    const r = await inImage('all', ['all']);
    expect(r.exitCode, String(r.all)).toBe(0);
    expect(String(r.stdout)).toMatch(/proxy-socks \[socks: microsocks\]/);
    await nothingLeft();
  });
});
