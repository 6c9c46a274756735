// 464XLAT's negative controls, beside method 1's own faults.
import type { Lab } from '../../lab/lab.js';
import type { Fault } from '../../lab/scenario.js';
import { nat64Faults, type Nat64Fault } from '../nat64/faults.js';

/** A MAC nobody on the LAN has: the native IPv4 packet goes onto the wire, flooded, and nowhere. */
const NOBODY_MAC = '02:00:5e:00:53:01';

export type ClatFault = Nat64Fault | 'clat-stopped' | 'hosta-native-ipv4';

export const clatFaults: Record<ClatFault, Fault<ClatFault>> = {
  ...(nat64Faults as Record<Nat64Fault, Fault<ClatFault>>),
  'clat-stopped': {
    description: "stop hosta's CLAT (its Tayga, or clatd and its Tayga) after it came up",
    // Stopped, not SIGKILLed: clatd's Tayga would outlive a killed clatd.
    apply: async (lab: Lab) => {
      await lab.daemon('hosta', 'clat').stop();
    },
  },
  'hosta-native-ipv4': {
    description: "give hosta a native IPv4 address and a route to the web server on eth0 (beside its CLAT)",
    apply: async (lab: Lab) => {
      const web = lab.plan.internet.web;
      for (const argv of [
        ['ip', 'addr', 'add', '198.18.0.2/24', 'dev', 'eth0'],
        ['ip', 'route', 'add', `${web}/32`, 'dev', 'eth0', 'src', '198.18.0.2'],
        ['ip', 'neigh', 'replace', web, 'lladdr', NOBODY_MAC, 'dev', 'eth0', 'nud', 'permanent'],
      ]) {
        const r = await lab.runtime.exec('hosta', argv);
        if (r.exitCode !== 0) throw new Error(`hosta-native-ipv4: ${argv.join(' ')}: ${r.stderr.trim()}`);
      }
    },
  },
};
