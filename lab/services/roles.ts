// The role registry: for each role, the implementations a lab can choose (`--dns64 bind9`,
// `roles: { dns64: { impl: bind9 } }`), by the names users type. The guide's implementation of
// each role has no service here: the method deploys the guide's own config for it.
import { bind9Dns64 } from './bind9.js';
import { dante, danteAdoption } from './dante.js';
import { dnsmasq, dnsmasqAdoption } from './dnsmasq.js';
import { jool } from './jool.js';
import { knotDns64 } from './knot.js';
import { microsocksSocks } from './microsocks.js';
import { pdnsDns64 } from './pdns.js';
import { privoxyHttp } from './privoxy.js';
import { radvdRa } from './radvd.js';
import type { RoleImpl, RoleName, RoleParams } from './role.js';
import type { ServiceDefinition } from './service.js';
import { squid, squidAdoption } from './squid.js';
import { tayga } from './tayga.js';
import { clatd, clatdService } from './clatd.js';
import { tinyproxyHttp } from './tinyproxy.js';
import { unbound, unboundAdoption } from './unbound.js';

export const ROLE_IMPLS: { [R in RoleName]: Record<string, RoleImpl<R>> } = {
  ra: { dnsmasq: { daemon: dnsmasq, adopt: dnsmasqAdoption, capabilities: {} }, radvd: radvdRa },
  dns64: {
    // The guide's Unbound: its config as the method corrects it (scenarios/nat64/configs.ts).
    unbound: {
      daemon: unbound,
      adopt: unboundAdoption,
      capabilities: { 'dns64-off': 'module-config: "validator iterator"', 'synth-all': 'dns64-synthall: yes', 'open-to-uplink': 'interface: <uplink>, access-control: 0.0.0.0/0 allow' },
    },
    bind9: bind9Dns64, knot: knotDns64, pdns: pdnsDns64 },
  // Jool is a kernel module: chosen, it is probed and reported, never faked (services/jool.ts).
  nat64: {
    tayga: { daemon: tayga, capabilities: {}, noConfig: "the methods write Tayga's config from the plan (its prefix, pool and addresses): give those in the lab file's plan" },
    jool: { daemon: jool, capabilities: {}, noConfig: "Jool is set up with commands from the plan, not a config file: give its prefix and pool in the lab file's plan" },
  },
  'http-proxy': {
    squid: {
      daemon: squid,
      adopt: squidAdoption,
      capabilities: { 'open-to-uplink': 'http_port <uplink>:<port>, http_access allow all', 'deny-clients': 'http_access deny localv6' },
      tunnels: { anyPort: true, why: 'the guide\'s squid.conf has no "http_access deny CONNECT !SSL_ports" (Debian\'s stock squid.conf does): its CONNECT reaches any port' },
    },
    tinyproxy: tinyproxyHttp, privoxy: privoxyHttp },
  socks: {
    dante: {
      daemon: dante,
      adopt: danteAdoption,
      capabilities: { 'open-to-uplink': 'internal: eth1, client and socks pass from 0/0' },
      tunnels: { anyPort: true, why: "SOCKS relays any TCP port (the guide's Dante rules name no port)" },
    },
    microsocks: microsocksSocks,
  },
  // A host's CLAT: the lab's own Tayga, given the PLAT prefix from the plan; or clatd, which finds it.
  clat: {
    tayga: { daemon: tayga, capabilities: {}, noConfig: "the lab writes the CLAT's Tayga config from the plan (its prefix, the host's addresses)" },
    clatd: { daemon: clatd, capabilities: {}, service: clatdService, noConfig: 'the lab gives clatd its addresses and no prefix (it discovers that): there is nothing of yours to adopt' },
  },
};

export const ROLE_NAMES = Object.keys(ROLE_IMPLS) as RoleName[];

export function roleImpl<R extends RoleName>(role: R, impl: string): RoleImpl<R> | undefined {
  return Object.hasOwn(ROLE_IMPLS[role], impl) ? ROLE_IMPLS[role][impl] : undefined;
}

/** The service of a role's implementation, for the role's parameters. */
export function roleService<R extends RoleName>(role: R, impl: string, params: RoleParams[R]): ServiceDefinition {
  const found = roleImpl(role, impl);
  if (!found?.service) throw new Error(`${impl} is the guide's ${role}: the method deploys the guide's config for it`);
  return found.service(params);
}
