// A lab file's own checks, run for real: each kind fails when a fault breaks what it states (with
// its evidence), a retried check passes once its state comes true and says how long it took, and a
// warning-level check that misses warns without failing the run.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findLeftovers, NOTHING_LEFT } from '../../lab/leftovers.js';
import type { Report } from '../../lab/report/types.js';
import { labCli } from '../helpers/cli.js';
import { scratchDir } from '../helpers/scratch.js';

const scratch = scratchDir('user-checks');

async function runJson(args: string[]): Promise<{ exitCode: number | undefined; report: Report; stderr: string }> {
  const r = await labCli([...args, '--json', '--no-install']);
  return { exitCode: r.exitCode, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}

const OWN = ['name-in-nat64-prefix', 'page-by-name', 'intranet-over-https', 'ping-by-name', 'ssh-greets', 'our-service-by-name', 'nat44-rule-held', 'no-pool-address-outside', 'no-ipv6-outside'];

describe('your own checks', () => {
  it('a fault per kind makes each fail with its evidence: no DNS64 (resolve, fetch, ping, tcp by name), no NAT44 (exec, wire: pool addresses leave un-NATed), IPv6 outside (wire)', async () => {
    const r = await runJson(['examples/own-checks.lab.yaml', '--fault', 'no-dns64', '--fault', 'no-nat44', '--fault', 'outside-ipv6', '--artifacts', join(scratch(), 'faults')]);
    expect(r.exitCode, r.stderr).toBe(1);
    const verdict = (id: string) => r.report.checks.find((c) => c.id === id);
    for (const id of OWN) expect(verdict(id), id).toMatchObject({ verdict: 'failed', ok: false });
    expect(verdict('name-in-nat64-prefix')!.observed).toMatch(/hosta: NOERROR: no answer/);
    // Without DNS64 the name has only its A record: an IPv6-only host cannot connect to it.
    expect(verdict('page-by-name')!.observed).toMatch(/hosta: curl exit 7 /);
    expect(verdict('nat44-rule-held')!.evidence[0]).toMatchObject({ kind: 'command', node: 'gw', command: 'iptables -t nat -C POSTROUTING -o eth1 -j MASQUERADE', exitCode: 1 });
    expect(verdict('no-pool-address-outside')!.observed).toMatch(/gw:eth1 HAS \d+ packet from 192\.168\.255\.0\/24/);
    expect(verdict('no-pool-address-outside')!.evidence.find((e) => e.kind === 'packets')).toMatchObject({ capture: 'pcap/gw-eth1.pcap' });
    expect(verdict('no-ipv6-outside')!.observed).toMatch(/gw:eth1 HAS \d+ packet from ::\/0/);
    // The warning stays a warning.
    expect(verdict('ipv4-literal-by-ping')!.verdict).toBe('warned');
  });

  it('your own service on the internet (plan.internet.services), killed: the check that reaches it by name fails, and only that one', async () => {
    const r = await runJson(['examples/own-checks.lab.yaml', '--fault', 'kill:internet/git-ssh', '--artifacts', join(scratch(), 'service-killed')]);
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.report.checks.filter((c) => c.verdict === 'failed').map((c) => c.id)).toEqual(['our-service-by-name']);
    expect(r.report.checks.find((c) => c.id === 'our-service-by-name')!.observed).toMatch(/hosta: no connection/);
  });

  it('retry: a check that becomes true within its window passes and says how long it took; a check meant to fail is not retried', async () => {
    // A counter in the scratch directory (the netns runtime's nodes share this file system): true from the third try.
    const dir = join(scratch(), 'counter');
    await mkdir(dir, { recursive: true });
    const file = join(scratch(), 'retry.lab.yaml');
    const count = `n=$(cat ${dir}/n 2>/dev/null || echo 0); echo $((n+1)) > ${dir}/n; [ "$n" -ge 2 ]`;
    await writeFile(file, `method: lla-only\nchecks:\n  - { id: third-time, kind: exec, from: [gw], argv: [sh, -c, '${count}'], retry: { for: 5s } }\n  - { id: never, kind: exec, from: [gw], argv: ["false"], expect: fail, retry: { for: 5s } }\n`);
    const r = await runJson([file, '--artifacts', join(scratch(), 'retry')]);
    const third = r.report.checks.find((c) => c.id === 'third-time')!;
    expect(third.verdict, third.observed).toBe('passed');
    expect(third.observed).toMatch(/^gw: exit 0 \(passed after 3 tries in \d+\.\d s\)$/);
    expect(await readFile(join(dir, 'n'), 'utf8')).toBe('3\n');
    const never = r.report.checks.find((c) => c.id === 'never')!;
    expect(never).toMatchObject({ verdict: 'failed-as-expected', observed: 'gw: exit 1' });
  });
});

afterAll(async () => expect(await findLeftovers()).toEqual(NOTHING_LEFT));
