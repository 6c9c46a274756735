// The command-line tools the lab itself calls (not daemons: those are in services/registry.ts),
// each with the Debian package that ships it.
import type { Requirement } from './requirements.js';

export const TOOLS = {
  ip: 'iproute2',
  ss: 'iproute2',
  sysctl: 'procps',
  pgrep: 'procps',
  stdbuf: 'coreutils',
  tcpdump: 'tcpdump',
  // Also the internet's TCP services (services/socat.ts); here: the capture layer's marker-frame sender.
  socat: 'socat',
  dig: 'bind9-dnsutils',
  curl: 'curl',
  rdisc6: 'ndisc6',
  ping: 'iputils-ping',
  nc: 'netcat-openbsd',
  openssl: 'openssl',
  debootstrap: 'debootstrap',
  dockerd: 'docker.io',
  chromium: 'chromium',
  'firefox-esr': 'firefox-esr',
  certutil: 'libnss3-tools',
} as const;

export type ToolName = keyof typeof TOOLS;

export function tool(name: ToolName): Requirement {
  return { binary: name, package: TOOLS[name] };
}

/** Tools that run for the whole lab (so a leak check looks for them too). */
export const LONG_RUNNING_TOOLS: ToolName[] = ['tcpdump', 'rdisc6'];

/** What a node of the docker runtime must hold besides the daemons: the tools run inside nodes. */
export const NODE_TOOLS: ToolName[] = ['ip', 'ss', 'sysctl', 'pgrep', 'tcpdump', 'socat', 'dig', 'curl', 'rdisc6', 'ping', 'nc', 'openssl'];
