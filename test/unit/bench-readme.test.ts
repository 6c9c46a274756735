// README's Speed section is written from a bench.json: its sentences about targets and causes
// must follow the figures, never stay as text written on another day.
import { describe, expect, it } from 'vitest';
import { speedSection, type BenchResult } from '../../bench/readme.js';

const st = (median: number) => ({ min: median, median, max: median });
const phases = (topology: number, services: number, checks: number, teardown: number) => ({
  topology: st(topology),
  services: st(services),
  checks: st(checks),
  teardown: st(teardown),
  total: st(topology + services + checks + teardown),
});

function bench(dockerServices: number, v6labAt64: number): BenchResult {
  const netns = phases(0.05, 0.2, 0.4, 0.05);
  const docker = phases(0.45, dockerServices, 0.4, 0.2);
  const overhead = docker.total.median - netns.total.median;
  return {
    machine: { cores: 2, memoryGb: 24, node: 'v20', date: '2026-11-27T00:00:00Z' },
    runs: 3,
    pairRuns: 3,
    perMethod: {
      'nat64 (netns)': { phases: netns, floorUp: st(0.04), topologyOverFloor: 1.2, failures: 0 },
      'nat64 (docker)': { phases: docker, floorUp: st(0.04), topologyOverFloor: 11, failures: 0 },
    },
    dockerFloor: [{ method: 'nat64', containers: 5, floor: st(0.55), overhead, overheadOverFloor: overhead / 0.55 }],
    scaling: [
      { n: 2, v6lab: st(0.9), mininet: st(0.3), failures: 0, floor: 0.04 },
      { n: 64, v6lab: st(v6labAt64), mininet: st(2.8), failures: 0, floor: 0.4 },
    ],
  };
}

describe('README Speed section from a bench.json', () => {
  it('says where v6lab is within Mininet and where it is not, from the pairs', () => {
    expect(speedSection(bench(0.2, 2.6))).toContain('At 64 hosts v6lab');
    expect(speedSection(bench(0.2, 3.0))).toContain('At no size was v6lab');
  });

  it('names the phases docker costs more in when its target is missed, and says so when it is met', () => {
    const met = speedSection(bench(0.2, 2.6)); // docker − netns = 0.55 s = ×1.00 the floor
    expect(met).toContain('within 1.2 × its floor for every method');
    const missed = speedSection(bench(0.5, 2.6)); // services +0.30 s: ×1.55
    expect(missed).toContain('nat64 ×1.55 (topology +0.40 s, services +0.30 s, checks +0.00 s, teardown +0.15 s; floor 0.55 s)');
    expect(missed).not.toContain('within 1.2');
  });
});
