// Method 1's faults: each breaks one part of the stack on purpose (a negative control).
// Their names type the scenario: a fault read elsewhere under a misspelt name fails to compile.
import type { Lab } from '../../lab/lab.js';
import type { Fault } from '../../lab/scenario.js';
import { deleteRuleArgv } from '../../lab/services/iptables-rules.js';
import { INTERNET, uplinkGateway } from '../common/internet.js';
import { GATEWAY } from '../common/lan.js';
import { GUIDE_NAT44, inboundFilterRules } from './guide-configs.js';
import { natTuns } from './topology.js';

/** Both the gateway's own "too big" messages (OUTPUT) and Tayga's, forwarded out of its TUN (FORWARD). */
const PMTUD_BLACKHOLE = ['OUTPUT', 'FORWARD'].flatMap((chain) => [
  ['ip6tables', '-I', chain, '-p', 'icmpv6', '--icmpv6-type', 'packet-too-big', '-j', 'DROP'],
  ['iptables', '-I', chain, '-p', 'icmp', '--icmp-type', 'fragmentation-needed', '-j', 'DROP'],
]);

const FAULTS = {
  'no-nat44': {
    description: "delete the guide's MASQUERADE rule from the running gateway",
    apply: async (lab: Lab) => {
      const r = await lab.runtime.exec(GATEWAY, deleteRuleArgv(GUIDE_NAT44));
      if (r.exitCode !== 0) throw new Error(`could not delete the NAT44 rule: ${r.stderr.trim()}`);
    },
  },
  'no-dns64': {
    description: 'the resolver deployed without DNS64 (Unbound: module-config "validator iterator")',
    transform: { role: 'dns64', capability: 'dns64-off', params: (p) => ({ ...p, dns64: false }) },
  },
  'dns64-synthall': {
    description: 'the resolver synthesizes AAAA records even for names that have a real AAAA (Unbound: dns64-synthall: yes)',
    transform: { role: 'dns64', capability: 'synth-all', params: (p) => ({ ...p, synthAll: true }) },
  },
  // The hosts take their addresses during deploy: only a deploy without an RA daemon shows them without one.
  'no-ra': { description: 'the RA daemon not started: hosts get no prefix and no RDNSS', variant: true },
  'no-inbound-filter': {
    description: "the guide's gateway as written: no conntrack rule keeping the internet out of the NAT64 (inside hosts are reachable through their pool addresses)",
    apply: async (lab: Lab) => {
      for (const rule of inboundFilterRules(natTuns(lab.plan))) {
        const r = await lab.runtime.exec(GATEWAY, deleteRuleArgv(rule));
        if (r.exitCode !== 0) throw new Error(`could not delete the inbound filter rule: ${r.stderr.trim()}`);
      }
    },
  },
  'open-resolver': {
    description: 'the DNS64 resolver also listens on the uplink and answers anyone',
    transform: { role: 'dns64', capability: 'open-to-uplink', params: (p, plan) => ({ ...p, openOn: uplinkGateway(plan) }) },
  },
  'pmtud-blackhole': {
    description: 'the gateway drops ICMP "too big" both ways (ICMPv6 Packet Too Big, ICMPv4 fragmentation needed): Path MTU discovery black-holed',
    apply: async (lab: Lab) => {
      for (const argv of PMTUD_BLACKHOLE) {
        const r = await lab.runtime.exec(GATEWAY, argv);
        if (r.exitCode !== 0) throw new Error(`pmtud-blackhole: ${argv.join(' ')}: ${r.stderr.trim()}`);
      }
    },
  },
  'outside-ipv6': {
    description: 'enable IPv6 on the internet and the gateway uplink (no longer IPv4-only)',
    apply: async (lab: Lab) => {
      for (const [node, keys] of [
        [INTERNET, ['net.ipv6.conf.all.disable_ipv6=0', 'net.ipv6.conf.lo.disable_ipv6=0', 'net.ipv6.conf.eth0.disable_ipv6=0']],
        [GATEWAY, ['net.ipv6.conf.eth1.disable_ipv6=0']],
      ] as const) {
        const r = await lab.runtime.exec(node, ['sysctl', '-q', '-w', ...keys]);
        if (r.exitCode !== 0) throw new Error(`could not enable IPv6 in ${node}: ${r.stderr.trim()}`);
      }
    },
  },
} satisfies Record<string, Fault>;

export type Nat64Fault = keyof typeof FAULTS;
export const nat64Faults: Record<Nat64Fault, Fault<Nat64Fault>> = FAULTS;
