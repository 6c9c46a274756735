// Reliability and safety: the root namespace never changes, teardown happens under every failure
// (crash, throw, signals), `gc` cleans up after SIGKILL, and labs run side by side.
import { afterAll, describe, expect, it } from 'vitest';
import { findLeftovers, NOTHING_LEFT } from '../../lab/leftovers.js';
import type { Report } from '../../lab/report/types.js';
import type { Scenario } from '../../lab/scenario.js';
import { TopologyError } from '../../lab/topology/validate.js';
import { SCENARIOS } from '../../scenarios/index.js';
import { labCli, labUntil } from '../helpers/cli.js';
import { check, failedIds, runMethod, runScenario } from '../helpers/run.js';
import { sharedRun } from '../helpers/shared-runs.js';

describe('sealed: the root namespace is identical before, during and after every method', () => {
  it.each(Object.keys(SCENARIOS))('%s', async (method) => {
    // Taken by the shared run itself: before it, while its checks ran, and after its teardown.
    const { report, root, routes } = await sharedRun(method);
    expect(report.ok).toBe(true);
    expect(root.during).not.toBe('');
    expect(routes.namespaces.length).toBeGreaterThan(3);
    expect(root.during).toBe(root.before);
    expect(root.after).toBe(root.before);
  });
});

describe('every route inside a lab points at lab addresses', () => {
  it.each(['nat64', 'nat64-clat', 'lla-only'])('%s: each "via" is an address some lab node holds', async (method) => {
    const { routes } = await sharedRun(method);
    expect(routes.vias.length).toBeGreaterThan(0);
    for (const v of routes.vias) expect(routes.held.has(v.split(': ')[1]!), v).toBe(true);
  });
});

describe('teardown under failure', () => {
  it('a daemon crashes mid-run: the checks that need it fail, its log tail lands in the report', async () => {
    const r = await runMethod('nat64', { faults: ['kill:gw/tayga'] });
    // Without Tayga no ICMPv6 refusal comes back either: wkp-refuses-private fails as it must.
    expect(failedIds(r)).toEqual(expect.arrayContaining(['reach-by-literal', 'reach-by-name', 'wkp-refuses-private']));
    expect(r.crashes).toHaveLength(1);
    expect(r.crashes[0]).toMatchObject({ node: 'gw', name: 'tayga', exit: 'SIGKILL' });
    expect(r.crashes[0]!.logTail).toContain('TAYGA');
    expect(r.ok).toBe(false);
  });

  it('a link taken down mid-run: the uplink checks fail', async () => {
    const r = await runMethod('nat64', { faults: ['link-down:gw/eth1'] });
    expect(failedIds(r)).toEqual(expect.arrayContaining(['nat44-source', 'reach-by-name']));
    expect(check(r, 'slaac-ula').ok).toBe(true);
  });

  it('the run throws half-way (deploy fails): the error names the cause, nothing is left', async () => {
    const broken: Scenario = { ...SCENARIOS['nat64']!, deploy: async () => Promise.reject(new Error('deploy blew up on purpose')) };
    const failure = await runScenario(broken).then(
      () => undefined,
      (e: Error & { report?: Report }) => e,
    );
    expect(failure?.message).toBe('deploy blew up on purpose');
    expect(failure?.report?.error).toBe('deploy blew up on purpose');
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
  });

  it('a topology that refers to a missing node is refused before anything is built', async () => {
    const bad: Scenario = {
      ...SCENARIOS['nat64']!,
      topology: (o) => {
        const t = SCENARIOS['nat64']!.topology(o);
        return { ...t, links: [...t.links, { ends: ['gw:eth9', 'ghost:eth0'] }] };
      },
    };
    await expect(runScenario(bad)).rejects.toThrow(TopologyError);
    await expect(runScenario(bad)).rejects.toThrow(/refers to node "ghost", which does not exist/);
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
  });
});

describe('signals: a real lab process interrupted at any point leaves nothing', () => {
  it('SIGINT mid-deploy → exit 130 after teardown', async () => {
    const { proc: p } = await labUntil(['nat64'], /packet capture started/);
    p.kill('SIGINT');
    const r = await p;
    expect(r.exitCode).toBe(130);
    expect(r.stderr).toContain('SIGINT received — tearing the lab down');
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
  });

  it('the reader of its output goes away mid-run (`| head`): the run still tears down and leaves nothing', async () => {
    const { proc: p } = await labUntil(['nat64'], /packet capture started/);
    // As `head` does: close the read end; the lab's next line meets EPIPE.
    p.stdout?.destroy();
    const r = await p;
    expect(r.signal, String(r.stderr)).toBeUndefined();
    expect(r.stderr).not.toMatch(/EPIPE|unexpected error/);
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
  });

  it('SIGTERM mid-check → exit 143 after teardown', async () => {
    // no-nat44 makes the reach checks wait on curl's timeout: the signal lands while they run.
    const { proc: p } = await labUntil(['nat64', '--fault', 'no-nat44'], /faults applied/);
    await new Promise((res) => setTimeout(res, 300));
    p.kill('SIGTERM');
    const r = await p;
    expect(r.exitCode).toBe(143);
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
  });

  it('SIGKILL mid-check: `gc` finds exactly what the killed run left, removes it, and is idempotent', async () => {
    const { proc: p } = await labUntil(['nat64', '--fault', 'no-nat44'], /faults applied/);
    p.kill('SIGKILL');
    await p;
    const left = await findLeftovers();
    expect(left.namespaces.length).toBeGreaterThan(0);
    expect(left.daemons.length).toBeGreaterThan(0);
    const gc = await labCli(['gc']);
    expect(gc.stdout).toMatch(/removed:\n {2}lab [0-9a-f]{6} \(nat64, owner pid \d+ gone\)/);
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
    const again = await labCli(['gc']);
    expect(again.stdout).toBe('nothing to collect');
  });
});

afterAll(async () => {
  expect(await findLeftovers()).toEqual(NOTHING_LEFT);
});
