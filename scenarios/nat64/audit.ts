// The guide's method-1 lines tried as written: Unbound's and dnsmasq's own checkers, and Jool's
// commands where the kernel cannot take them (the probe's answer becomes the run's Jool note).
import { join } from 'node:path';
import type { Lab } from '../../lab/lab.js';
import { auditCommand, auditConfigText } from '../../lab/services/config-audit.js';
import { dnsmasq } from '../../lab/services/dnsmasq.js';
import { jool, probeJool } from '../../lab/services/jool.js';
import { unbound } from '../../lab/services/unbound.js';
import { configDir } from '../../lab/services/service.js';
import { GATEWAY } from '../common/lan.js';
import { GUIDE_DNSMASQ, GUIDE_JOOL, GUIDE_UNBOUND } from './guide-configs.js';

export async function auditGuide(lab: Lab): Promise<void> {
  const dir = join(configDir(lab.runtime, GATEWAY), 'guide-verbatim');
  const entries = await Promise.all([
    auditConfigText({ runtime: lab.runtime, node: GATEWAY, daemon: unbound, text: GUIDE_UNBOUND, path: join(dir, 'unbound.conf') }),
    auditConfigText({ runtime: lab.runtime, node: GATEWAY, daemon: dnsmasq, text: GUIDE_DNSMASQ, path: join(dir, 'dnsmasq.conf') }),
  ]);
  lab.audit.push(...entries.flat());
  // Jool's lines change kernel state when they work, so they are run only to show why they don't.
  const probe = await probeJool(lab.runtime, GATEWAY);
  if (!probe.available) for (const line of GUIDE_JOOL) lab.audit.push(await auditCommand(lab.runtime, GATEWAY, jool.name, line));
  lab.notes.push(probe.available ? 'Jool: available in this kernel; this lab still translates with Tayga' : `Jool: unavailable — ${probe.reason}; NAT64 by Tayga`);
}
