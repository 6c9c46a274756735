// dnsmasq as the router-advertisement daemon (SLAAC prefix + RDNSS), DNS service off.
import { join } from 'node:path';
import { renderConfig, type ComposedConfig } from './config-text.js';
import type { ServiceDefinition } from './service.js';
import type { DaemonSpec } from './daemon-spec.js';
import type { Adoption } from './adopt.js';
import type { RaParams } from './role.js';

export const dnsmasq = {
  name: 'dnsmasq',
  binary: 'dnsmasq',
  package: 'dnsmasq-base',
  version: { argv: ['dnsmasq', '--version'], pattern: /version (\S+)/ },
  // "dnsmasq: bad option at line 3 of /path" — and it stops at the first one.
  checker: { argv: ['dnsmasq', '--test', '-C'], reportsAllErrors: false, lineRef: /at line (\d+) of \S+/ },
} satisfies DaemonSpec;

/** dnsmasq as the lab runs it on a config file: in the foreground, its pid and log in the lab. */
function dnsmasqRun(o: { node: string; dir: string }, conf: string): Omit<ServiceDefinition, 'files'> {
  return {
    name: 'dnsmasq',
    program: dnsmasq,
    node: o.node,
    daemon: {
      // -k: foreground; logs to stdout so they land in the lab's log file.
      argv: ['dnsmasq', '-k', '-C', conf, `--pid-file=${join(o.dir, 'dnsmasq.pid')}`, '--log-facility=-'],
      // Printed once dnsmasq has bound its ICMPv6 socket and starts advertising.
      ready: { kind: 'log', pattern: /router advertisement on/ },
    },
  };
}

export function dnsmasqService(o: { node: string; dir: string; config: ComposedConfig }): ServiceDefinition {
  const conf = join(o.dir, 'dnsmasq.conf');
  return { ...dnsmasqRun(o, conf), files: [{ path: conf, content: renderConfig(o.config) }] };
}

/** A production dnsmasq.conf for router advertisements, as the lab runs it: on the lab's LAN, DNS left to the DNS64 role. */
export const dnsmasqAdoption: Adoption<RaParams> = {
  fileName: 'dnsmasq.conf',
  rules: [
    { match: /^interface=\S+/, replace: (_m, c) => [`interface=${c.ifname}`], why: "the lab's LAN interface" },
    { match: /^(dhcp-range=.*constructor:)([^,\s]+)(.*)$/, replace: (m, c) => [`${m[1]}${c.ifname}${m[3]}`], why: "the prefix is the one on the lab's LAN interface" },
    { match: /^(pid-file|log-facility)=/, replace: () => [], why: 'the lab gives its pid file and log on the command line (in its state directory, and its log file)' },
    { match: /^dhcp-leasefile=/, replace: (_m, c) => [`dhcp-leasefile=${join(c.dir, 'dnsmasq.leases')}`], why: "leases in the lab's state directory" },
    { match: /^(conf-dir|conf-file|addn-hosts|resolv-file|servers-file|dhcp-hostsfile|dhcp-optsfile|hostsdir)=/, replace: () => [], why: 'it names a file of the production host, which the lab does not have' },
    { match: /^(user|group)=/, replace: () => [], why: 'no user switch: the lab runs it in its own namespace' },
    { match: /^port=(?!0$)/, replace: () => ['port=0'], why: "DNS is the DNS64 role's in this method (its resolver binds port 53 on the gateway): dnsmasq only advertises" },
  ],
  additions: [
    { unless: /^port=/, lines: () => ['port=0'], why: "DNS is the DNS64 role's in this method (its resolver binds port 53 on the gateway): dnsmasq only advertises" },
    { unless: /^dhcp-leasefile=/, lines: (c) => [`dhcp-leasefile=${join(c.dir, 'dnsmasq.leases')}`], why: "leases in the lab's state directory (the default is the host's /var/lib/misc/dnsmasq.leases)" },
  ],
  service: (p, path) => ({ ...dnsmasqRun(p, path), files: [] }),
};
