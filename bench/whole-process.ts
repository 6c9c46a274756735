// What a user waits for, start-up included: `npm run lab -- nat64 --hosts N --quiet` as a whole
// process, against Mininet's whole process building and stopping a single switch with N hosts.
// Mininet runs inside a throwaway network namespace, so its bridge and veths never touch the
// root namespace; the namespace is deleted after each run (never `mn -c`).
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';

export interface Timed {
  seconds: number;
  ok: boolean;
  detail: string;
}

export async function timeV6lab(hosts: number, runsDir: string): Promise<Timed> {
  const t0 = performance.now();
  const r = await execa('npm', ['run', '-s', 'lab', '--', 'nat64', '--hosts', String(hosts), '--quiet', '--no-install', '--no-browsers'], { reject: false, env: { V6LAB_RUNS_DIR: runsDir } });
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, ok: r.exitCode === 0, detail: String(r.stdout).trim().split('\n').pop() ?? String(r.stderr).trim() };
}

export async function timeMininet(hosts: number): Promise<Timed> {
  const ns = `v6l-bench-mn-${randomBytes(3).toString('hex')}`;
  await execa('ip', ['netns', 'add', ns]);
  try {
    const t0 = performance.now();
    const r = await execa('ip', ['netns', 'exec', ns, 'mn', '--topo', `single,${hosts}`, '--switch', 'lxbr', '--controller', 'none', '--test', 'none'], { reject: false });
    const seconds = (performance.now() - t0) / 1000;
    return { seconds, ok: r.exitCode === 0, detail: String(r.stderr).trim().split('\n').pop() ?? '' };
  } finally {
    await execa('ip', ['netns', 'del', ns], { reject: false });
  }
}
