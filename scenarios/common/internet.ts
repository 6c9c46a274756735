// The lab's IPv4-only "internet": one namespace with the uplink to the gateway, an authoritative
// server for the root zone "." (so the gateway's resolver iterates as on the real Internet) and
// a web server. It has no IPv6 at all.
import type { Lab } from '../../lab/lab.js';
import { lighttpdService, accessLogPath } from '../../lab/services/lighttpd.js';
import { nsdService } from '../../lab/services/nsd.js';
import { configDir } from '../../lab/services/service.js';
import type { NodeSpec } from '../../lab/topology/types.js';
import { PLAN, WEB_MARKER } from './address-plan.js';

export const INTERNET = 'internet';

/** IPv4-only as the guide draws it; `dualStack` gives it IPv6 too (only the lla-only scenario does). */
export function internetNode(o: { dualStack?: boolean } = {}): NodeSpec {
  const { internet, uplink, uplink6 } = PLAN;
  const v4 = [internet.rootDns, internet.webV4Only, internet.webDualV4].map((a) => ({ cidr: `${a}/32` }));
  if (!o.dualStack) {
    return {
      name: INTERNET,
      role: 'server',
      interfaces: { eth0: { addresses: [{ cidr: `${uplink.internet}/${uplink.prefixLength}` }] } },
      loopback: v4,
      sysctls: { 'net.ipv6.conf.all.disable_ipv6': '1', 'net.ipv6.conf.default.disable_ipv6': '1' },
    };
  }
  return {
    name: INTERNET,
    role: 'server',
    interfaces: {
      eth0: { addresses: [{ cidr: `${uplink.internet}/${uplink.prefixLength}` }, { cidr: `${uplink6.internet}/${uplink6.prefixLength}`, nodad: true }] },
    },
    loopback: [...v4, { cidr: `${internet.webDualV6}/128` }],
    // Replies to the LAN's ULAs go back through the gateway.
    routes: [{ to: PLAN.lan.prefix, via: uplink6.gateway, dev: 'eth0' }],
    sysctls: { 'net.ipv6.conf.all.accept_dad': '0', 'net.ipv6.conf.default.accept_dad': '0' },
  };
}

export function rootZone(): string {
  const { names, internet } = PLAN;
  return [
    '$TTL 300',
    `. IN SOA ${names.rootServer} hostmaster.lab. 1 3600 600 86400 300`,
    `. IN NS ${names.rootServer}`,
    `${names.rootServer} IN A ${internet.rootDns}`,
    `${names.v4only}. IN A ${internet.webV4Only}`,
    `${names.dualStack}. IN A ${internet.webDualV4}`,
    `${names.dualStack}. IN AAAA ${internet.webDualV6}`,
    '',
  ].join('\n');
}

/** Root hints for a resolver: the lab's root server only. */
export function rootHints(): string {
  return `. 3600000 NS ${PLAN.names.rootServer}\n${PLAN.names.rootServer} 3600000 A ${PLAN.internet.rootDns}\n`;
}

export function internetAccessLog(lab: Lab): string {
  return accessLogPath(configDir(lab.runtime, INTERNET));
}

export async function deployInternet(lab: Lab, o: { dualStack?: boolean } = {}): Promise<void> {
  const dir = configDir(lab.runtime, INTERNET);
  await lab.deploy([
    nsdService({ node: INTERNET, dir, listen: PLAN.internet.rootDns, zones: [{ name: '.', text: rootZone() }] }),
    lighttpdService({ node: INTERNET, dir, port: 80, ipv6: o.dualStack ?? false, pages: { 'index.html': `<html><body><h1>${WEB_MARKER}</h1></body></html>\n` } }),
  ]);
}
