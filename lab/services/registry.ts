// The daemon registry: every program the lab can deploy, by name. Everything that needs a list
// of daemons (packages to install, the docker image's contents, leak checks, the bench's memory
// figure) reads it from here. Adding a daemon = its module in services/ plus one line below.
import { clatd } from './clatd.js';
import type { Release } from '../env/release.js';
import { tool, LONG_RUNNING_TOOLS, NODE_TOOLS, type ToolName } from '../env/tools.js';
import { packagedIn, uniqueRequirements, type Requirement } from '../env/requirements.js';
import { bind9 } from './bind9.js';
import { dante } from './dante.js';
import { daemonRequirements, type DaemonSpec } from './daemon-spec.js';
import { dnsmasq } from './dnsmasq.js';
import { iptables } from './iptables-rules.js';
import { jool } from './jool.js';
import { knot } from './knot.js';
import { lighttpd } from './lighttpd.js';
import { microsocks } from './microsocks.js';
import { nsd } from './nsd.js';
import { pdns } from './pdns.js';
import { privoxy } from './privoxy.js';
import { radvd } from './radvd.js';
import { socat } from './socat.js';
import { squid } from './squid.js';
import { tayga } from './tayga.js';
import { tinyproxy } from './tinyproxy.js';
import { unbound } from './unbound.js';

export const DAEMONS = {
  dnsmasq,
  radvd,
  unbound,
  bind9,
  knot,
  pdns,
  tayga,
  jool,
  iptables,
  nsd,
  lighttpd,
  squid,
  tinyproxy,
  privoxy,
  dante,
  microsocks,
  socat,
  clatd,
} as const satisfies Record<string, DaemonSpec>;

export type DaemonName = keyof typeof DAEMONS;

/** What a lab's nodes run: its daemons' programs and the tools its checks and set-up call. */
export function nodeRequirements(daemons: readonly DaemonName[], tools: readonly ToolName[]): Requirement[] {
  return uniqueRequirements([...daemons.flatMap((d) => daemonRequirements(DAEMONS[d])), ...tools.map(tool)]);
}

/** Process names a lab may start (daemons, their children, long-running tools): what a leak looks like. */
export function labProcessNames(): string[] {
  return [...new Set([...Object.values(DAEMONS).flatMap((d: DaemonSpec) => [d.binary, ...(d.children ?? [])]), ...LONG_RUNNING_TOOLS])];
}

/** What a docker node image of a release holds (docker-images.ts builds and names it). */
export function nodeImageSpec(release: Release): { release: Release; packages: string[] } {
  return { release, packages: nodeImagePackages(release) };
}

/** The packages of a docker node image of a release: every daemon it packages and the node tools. */
export function nodeImagePackages(release: Release): string[] {
  const reqs = nodeRequirements(Object.keys(DAEMONS) as DaemonName[], NODE_TOOLS).filter((r) => packagedIn(r, release));
  return [...new Set(reqs.map((r) => r.package))].sort();
}
