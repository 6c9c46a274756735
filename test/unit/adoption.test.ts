// Adopting a user's own config: what each implementation's adoption rewrites (and why), what it
// adds where the file leaves a default that points at the host, and the port its listen line names.
// The runs that prove each adopted daemon starts with the host's paths out of reach are in
// test/lab/host-paths.test.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adoptedPort, adoptText, hostPort } from '../../lab/services/adopt.js';
import type { RoleName } from '../../lab/services/role.js';
import { ROLE_IMPLS, roleImpl } from '../../lab/services/roles.js';

const CONTEXT = { dir: '/run/v6lab/x/configs/gw', ifname: 'eth0' };

function adopt(role: RoleName, impl: string, text: string) {
  const a = roleImpl(role, impl)!.adopt!;
  return adoptText('their.conf', text, a, CONTEXT);
}

describe('every implementation with a config file adopts one', () => {
  it('each role implementation adopts a config, or says why it has none', () => {
    const without = Object.entries(ROLE_IMPLS).flatMap(([role, impls]) => Object.entries(impls).filter(([, i]) => !i.adopt && !i.noConfig).map(([name]) => `${role}/${name}`));
    expect(without).toEqual([]);
  });
});

describe('what each adoption rewrites, with why', () => {
  it("dnsmasq: the lab's interface and the prefix constructed from it, no pid/log/include/user of the host, DNS left to the DNS64 role", () => {
    const a = adopt('ra', 'dnsmasq', readFileSync('examples/configs/dnsmasq.conf', 'utf8'));
    expect(a.text).toMatch(/^interface=eth0$/m);
    expect(a.text).toMatch(/^dhcp-range=::,constructor:eth0,ra-only,64,12h$/m);
    expect(a.text).not.toMatch(/^(pid-file|log-facility|conf-dir|user)=/m);
    expect(a.text).toMatch(/^port=0$/m);
    expect(a.text).toContain(`dhcp-leasefile=${CONTEXT.dir}/dnsmasq.leases`);
  });

  it('Knot Resolver: no trust anchor, no host cache, the lab root, logs to stderr', () => {
    const a = adopt('dns64', 'knot', readFileSync('examples/configs/kresd.conf', 'utf8'));
    expect(a.text).not.toMatch(/^trust_anchors\.add_file|^cache\.open/m);
    expect(a.text).toMatch(/^trust_anchors\.remove\('\.'\)$/m);
    expect(a.text).toContain(`hints.root_file('${CONTEXT.dir}/root.hints')`);
    expect(a.text).toMatch(/^log_target\('stderr'\)$/m);
    expect(a.rewrites.map((r) => r.why)).toContain("its cache lives in the lab's run directory (the default is the host's /var/cache/knot-resolver)");
  });

  it('PowerDNS Recursor: no host config-dir, includes or Lua config, the lab root, no validation, the special ranges allowed', () => {
    const a = adopt('dns64', 'pdns', readFileSync('examples/configs/recursor.conf', 'utf8'));
    expect(a.text).not.toMatch(/^(config-dir|include-dir|lua-config-file)=/m);
    expect(a.text).toMatch(/^dnssec=off$/m);
    expect(a.text).toContain(`hint-file=${CONTEXT.dir}/root.hints`);
    expect(a.text).toMatch(/^dont-query=$/m);
    expect(a.text).toMatch(/^daemon=no$/m);
  });

  it("BIND: a named.conf.options that leaves the pid file and session key to /run/named gets the lab's", () => {
    const a = adopt('dns64', 'bind9', 'options {\n\tdirectory "/var/cache/bind";\n\tdns64 64:ff9b::/96 { clients { any; }; };\n};\n');
    expect(a.text).toContain(`\tdirectory "${CONTEXT.dir}";`);
    expect(a.text).toContain(`pid-file "${CONTEXT.dir}/named.pid";`);
    expect(a.text).toContain(`session-keyfile "${CONTEXT.dir}/session.key";`);
    // Inside the options block, not after it.
    expect(a.text.indexOf('session-keyfile')).toBeLessThan(a.text.indexOf('};'));
  });

  it('Unbound: a file with its settings in includes only still gets a server clause with the lab paths', () => {
    const a = adopt('dns64', 'unbound', 'include-toplevel: "/etc/unbound/unbound.conf.d/*.conf"\n');
    expect(a.text).toMatch(/^server:$/m);
    for (const line of ['pidfile: ', 'chroot: ""', 'username: ""', 'use-syslog: no', 'root-hints: ']) expect(a.text).toContain(`  ${line}`);
    expect(a.text).not.toContain('include-toplevel');
  });

  it("Squid: a stock squid.conf's cache_log default is replaced (its messages reach the lab through -d1)", () => {
    const a = adopt('http-proxy', 'squid', 'http_port 3128\n');
    expect(a.text).toMatch(/^cache_log \/dev\/null$/m);
  });
});

describe('the port a config listens on', () => {
  it('host:port spellings', () => {
    expect(hostPort('[fe80::1%eth0]:3128')).toEqual({ address: 'fe80::1%eth0', port: 3128 });
    expect(hostPort('192.0.2.1:8080')).toEqual({ address: '192.0.2.1', port: 8080 });
    expect(hostPort(':8118')).toEqual({ port: 8118 });
    expect(hostPort('3128')).toEqual({ port: 3128 });
    expect(hostPort('eth0')).toBeUndefined();
  });

  it('the listen line on the lab\'s address wins (compared as values), else the only port', () => {
    const squid = roleImpl('http-proxy', 'squid')!.adopt!.listens!;
    expect(adoptedPort(squid('http_port 3128\nhttp_port [FE80:0::1%eth0]:3129\n'), 'fe80::1')).toBe(3129);
    expect(adoptedPort(squid('http_port 127.0.0.1:3130\n'), 'fe80::1')).toBe(3130);
    expect(adoptedPort(squid('http_port 127.0.0.1:3130\nhttp_port 192.0.2.2:3131\n'), 'fe80::1')).toBeUndefined();
    expect(adoptedPort(roleImpl('socks', 'dante')!.adopt!.listens!('internal: eth0 port = 1081\n'), 'fe80::1')).toBe(1081);
    expect(adoptedPort(roleImpl('http-proxy', 'tinyproxy')!.adopt!.listens!('Port 8888\nListen fe80::1%eth0\n'), 'fe80::1')).toBe(8888);
    // privoxy with no listen-address listens where its default says: 127.0.0.1:8118.
    expect(adoptedPort(roleImpl('http-proxy', 'privoxy')!.adopt!.listens!('toggle 1\n'), 'fe80::1')).toBe(8118);
  });
});
