// The netns runtime on its own: a daemon that cannot bind fails with its own words, and
// teardown after a failed deploy leaves nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { Lab } from '../../lab/lab.js';
import { GUIDE_PLAN } from '../../scenarios/common/address-plan.js';
import { DaemonError } from '../../lab/runtime/daemon.js';
import { newLabId } from '../../lab/runtime/lab-state.js';
import { NetnsRuntime } from '../../lab/runtime/netns-runtime.js';
import { lighttpd, lighttpdService } from '../../lab/services/lighttpd.js';
import { configDir } from '../../lab/services/service.js';
import { findLeftovers, NOTHING_LEFT } from '../../lab/leftovers.js';

describe('netns runtime', () => {
  it('a port already taken in a node: the second daemon fails naming the port, and down removes all', async () => {
    const id = await newLabId();
    const runtime = new NetnsRuntime(id, { method: 'test', createdAt: new Date().toISOString(), ownerPid: process.pid, kept: false });
    const lab = new Lab({ runtime, method: 'test', faults: new Set(), hosts: 1, plan: GUIDE_PLAN, declared: new Set([lighttpd]) });
    try {
      await runtime.up({
        nodes: [
          { name: 'web', role: 'server', interfaces: { eth0: { addresses: [{ cidr: '192.0.2.1/24' }] } } },
          { name: 'client', role: 'host', interfaces: { eth0: { addresses: [{ cidr: '192.0.2.9/24' }] } } },
        ],
        links: [{ ends: ['web:eth0', 'client:eth0'] }],
        segments: [],
      });
      const page = { 'index.html': 'hello\n' };
      await lab.deploy([lighttpdService({ node: 'web', dir: configDir(runtime, 'web'), port: 80, pages: page })]);
      const second = lab.deploy([{ ...lighttpdService({ node: 'web', dir: `${configDir(runtime, 'web')}/second`, port: 80, pages: page }), name: 'lighttpd2' }]);
      await expect(second).rejects.toThrow(DaemonError);
      await expect(second).rejects.toThrow(/lighttpd2 in web exited .* before it was ready[\s\S]*Address already in use/);
      const ping = await runtime.exec('client', ['ping', '-c1', '-W1', '192.0.2.1']);
      expect(ping.exitCode).toBe(0);
    } finally {
      await lab.stopServices();
      await runtime.down();
      await runtime.down(); // idempotent
    }
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
  });

  afterAll(async () => {
    expect(await findLeftovers()).toEqual(NOTHING_LEFT);
  });
});
