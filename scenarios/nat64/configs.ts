// The guide's method-1 configs as the lab deploys them: the guide's lines, with each correction
// and addition written into the file with its reason.
import type { Lab } from '../../lab/lab.js';
import type { ComposedConfig } from '../../lab/services/config-text.js';
import type { Nat64Fault } from './faults.js';
import { GUIDE_DNSMASQ, GUIDE_UNBOUND } from './guide-configs.js';

export function dnsmasqConfig(): ComposedConfig {
  return {
    guideText: GUIDE_DNSMASQ,
    corrections: [],
    additions: [{ why: 'dnsmasq would also serve DNS on port 53 of every address and keep Unbound from binding fd00:1::1', lines: ['port=0'] }],
  };
}

export function unboundConfig(lab: Lab<Nat64Fault>): ComposedConfig {
  return {
    guideText: GUIDE_UNBOUND,
    corrections: [
      { guide: 'dns64:', use: [], why: 'Unbound has no "dns64:" clause (unbound-checkconf: unknown keyword); the prefix is a server option' },
      { guide: 'prefix: 64:ff9b::/96', use: ['dns64-prefix: 64:ff9b::/96'], why: 'the server option is named dns64-prefix' },
      ...(lab.faults.has('no-dns64')
        ? [{ guide: 'module-config: "dns64 validator iterator"', use: ['module-config: "validator iterator"'], why: 'fault no-dns64: DNS64 module removed on purpose' }]
        : []),
    ],
    additions: [
      {
        why: 'Unbound refuses queries from anyone not listed; the LAN is fd00:1::/64 (and fe80::/10 for link-local clients)',
        lines: ['  access-control: fd00:1::/64 allow', '  access-control: fe80::/10 allow'],
      },
      ...(lab.faults.has('dns64-synthall') ? [{ why: 'fault dns64-synthall: synthesize even where a real AAAA exists', lines: ['  dns64-synthall: yes'] }] : []),
    ],
  };
}
