// Method 1 of the guide (recommended): hosts with a ULA only, DNS64 on the gateway's Unbound,
// NAT64 (Tayga here; Jool where the kernel has it) and NAT44 toward an IPv4-only outside.
// The pieces: topology.ts, configs.ts (+ guide-configs.ts), audit.ts, deploy.ts, checks.ts.
import type { Scenario } from '../../lab/scenario.js';
import { deleteRuleArgv } from '../../lab/services/iptables-rules.js';
import { INTERNET } from '../common/internet.js';
import { GATEWAY } from '../common/lan.js';
import { checks, INSIDE, OUTSIDE } from './checks.js';
import { deploy } from './deploy.js';
import { GUIDE_NAT44 } from './guide-configs.js';
import { nat64Topology } from './topology.js';

export { gatewayNode, nat64Topology } from './topology.js';

export const nat64Scenario: Scenario = {
  name: 'nat64',
  title: 'Method 1: ULA + DNS64/NAT64 (recommended)',
  binaries: ['ip', 'tcpdump', 'dnsmasq', 'unbound', 'unbound-checkconf', 'tayga', 'iptables', 'nsd', 'lighttpd', 'dig', 'curl', 'rdisc6', 'ss', 'jool'],
  topology: nat64Topology,
  captures: [INSIDE, OUTSIDE],
  deploy,
  checks,
  faults: {
    'no-nat44': {
      description: "delete the guide's MASQUERADE rule from the running gateway",
      apply: async (lab) => {
        const r = await lab.runtime.exec(GATEWAY, deleteRuleArgv(GUIDE_NAT44));
        if (r.exitCode !== 0) throw new Error(`could not delete the NAT44 rule: ${r.stderr.trim()}`);
      },
    },
    'no-dns64': { description: 'Unbound deployed without the dns64 module (module-config "validator iterator")' },
    'dns64-synthall': { description: 'Unbound synthesizes AAAA records even for names that have a real AAAA (dns64-synthall: yes)' },
    'no-ra': { description: 'dnsmasq (the RA daemon) not started: hosts get no prefix and no RDNSS' },
    'outside-ipv6': {
      description: 'enable IPv6 on the internet and the gateway uplink (no longer IPv4-only)',
      apply: async (lab) => {
        for (const [node, keys] of [
          [INTERNET, ['net.ipv6.conf.all.disable_ipv6=0', 'net.ipv6.conf.lo.disable_ipv6=0', 'net.ipv6.conf.eth0.disable_ipv6=0']],
          [GATEWAY, ['net.ipv6.conf.eth1.disable_ipv6=0']],
        ] as const) {
          const r = await lab.runtime.exec(node, ['sysctl', '-q', '-w', ...keys]);
          if (r.exitCode !== 0) throw new Error(`could not enable IPv6 in ${node}: ${r.stderr.trim()}`);
        }
      },
    },
  },
};
