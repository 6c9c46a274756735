// Topology validation and the wiring plan: pure functions, no namespaces needed.
import { describe, expect, it } from 'vitest';
import { embeddedIpv4, inPrefix, nat64Address, parseCidr } from '../../lab/topology/address.js';
import { planWiring } from '../../lab/runtime/wiring-plan.js';
import { TopologyError, validateTopology } from '../../lab/topology/validate.js';
import type { Topology } from '../../lab/topology/types.js';
import { GUIDE_PLAN } from '../../scenarios/common/address-plan.js';
import { nat64Topology } from '../../scenarios/nat64/index.js';

const tiny = (): Topology => ({
  nodes: [
    { name: 'a', role: 'host', interfaces: { eth0: { addresses: [{ cidr: 'fd00:1::2/64' }] } } },
    { name: 'b', role: 'router', interfaces: { eth0: { addresses: [{ cidr: '192.0.2.2/24' }] } } },
  ],
  links: [{ ends: ['a:eth0', 'b:eth0'] }],
  segments: [],
});

function problems(t: Topology): string[] {
  try {
    validateTopology(t);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(TopologyError);
    return (e as TopologyError).problems;
  }
}

describe('topology validation', () => {
  it('accepts the nat64 topology, with 2 and with 128 hosts', () => {
    expect(problems(nat64Topology({ hosts: 2, plan: GUIDE_PLAN }))).toEqual([]);
    expect(problems(nat64Topology({ hosts: 128, plan: GUIDE_PLAN }))).toEqual([]);
  });

  it('names an invalid address and says how to write it', () => {
    const t = tiny();
    t.nodes[0]!.interfaces['eth0']!.addresses = [{ cidr: 'fd00:1::zz/64' }, { cidr: '192.0.2.300/24' }, { cidr: 'fd00::1' }, { cidr: 'fd00::1/129' }];
    const p = problems(t);
    expect(p).toHaveLength(4);
    expect(p[0]).toMatch(/a:eth0: invalid IPv6 address "fd00:1::zz\/64"/);
    expect(p[1]).toMatch(/invalid IPv4 address "192.0.2.300\/24"/);
    expect(p[2]).toMatch(/write it with a prefix length/);
    expect(p[3]).toMatch(/prefix length.*use 0 to 128/);
  });

  it('names a link to a node that does not exist, and lists the nodes', () => {
    const t = tiny();
    t.links.push({ ends: ['a:eth1', 'ghost:eth0'] });
    const p = problems(t);
    expect(p.some((x) => /node "ghost", which does not exist \(nodes: a, b\)/.test(x))).toBe(true);
    expect(p.some((x) => /a:eth1, but a declares no interface "eth1"/.test(x))).toBe(true);
  });

  it('refuses interface names over 15 characters, an interface wired twice, and routes via bad devices', () => {
    const t = tiny();
    t.nodes[0]!.interfaces['averyveryverylongname'] = {};
    t.segments.push({ name: 'lan', members: ['a:eth0'] });
    t.nodes[1]!.routes = [{ to: 'default', via: '192.0.2.1', dev: 'eth9' }, { to: '10.0.0.0/8' }];
    const p = problems(t);
    expect(p.some((x) => x.includes('"averyveryverylongname" must be 1-15 characters'))).toBe(true);
    expect(p.some((x) => x.includes('a:eth0 is wired twice'))).toBe(true);
    expect(p.some((x) => x.includes('device "eth9" is not one of the node\'s interfaces'))).toBe(true);
    expect(p.some((x) => x.includes('give "via" or "dev"'))).toBe(true);
  });
});

describe('address derivation', () => {
  it('embeds IPv4 in the NAT64 prefix per RFC 6052 and back', () => {
    expect(nat64Address('192.88.99.80', '64:ff9b::/96')).toBe('64:ff9b::c058:6350');
    expect(embeddedIpv4('64:ff9b::c058:6350', '64:ff9b::/96')).toBe('192.88.99.80');
    expect(embeddedIpv4('2001:db8::1', '64:ff9b::/96')).toBeNull();
  });
  it('tests prefix membership, ignoring a zone index', () => {
    expect(inPrefix('fd00:1::abcd', 'fd00:1::/64')).toBe(true);
    expect(inPrefix('fe80::1%eth0', 'fe80::/10')).toBe(true);
    expect(inPrefix('fd00:2::1', 'fd00:1::/64')).toBe(false);
    expect(inPrefix('192.0.2.2', 'fd00:1::/64')).toBe(false);
    expect(parseCidr('FD00:1::1/64')).toEqual({ family: 6, address: 'fd00:1::1', prefixLength: 64 });
  });
});

describe('wiring plan', () => {
  const plans = planWiring(nat64Topology({ hosts: 2, plan: GUIDE_PLAN }), (n) => `v6l-test-${n}`);
  const byNode = Object.fromEntries(plans.map((p) => [p.node, p]));

  it('creates every veth from inside a lab namespace, far end pushed straight into its peer', () => {
    const creates = plans.flatMap((p) => p.create.map((c) => `${p.node}: ${c}`));
    expect(creates).toContain('gw: link add eth0 netns v6l-test-internet type veth peer name eth1');
    expect(creates).toContain('sw-lan: link add eth0 netns v6l-test-hosta type veth peer name hosta-eth0');
    expect(creates).toContain('sw-lan: link add br0 type bridge mcast_snooping 0');
    // every veth line names the other namespace: nothing is ever left in the caller's (root) namespace
    for (const c of plans.flatMap((p) => p.create).filter((l) => l.includes('veth'))) expect(c).toMatch(/ netns v6l-test-/);
  });

  it('gives the gateway fe80::1 and fd00:1::1 without DAD, and no kernel-made link-local', () => {
    expect(byNode['gw']!.configure).toEqual(
      expect.arrayContaining(['link set dev eth0 addrgenmode none', 'addr add fe80::1/64 dev eth0 nodad', 'addr add fd00:1::1/64 dev eth0 nodad', 'route add 0.0.0.0/0 via 192.0.2.1 dev eth1']),
    );
  });

  it('sets default/all sysctls before interfaces arrive; hosts skip DAD', () => {
    expect(byNode['hosta']!.earlySysctls).toEqual(['net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0']);
    expect(byNode['internet']!.earlySysctls).toContain('net.ipv6.conf.all.disable_ipv6=1');
    expect(byNode['sw-lan']!.earlySysctls).toContain('net.ipv6.conf.default.disable_ipv6=1');
  });
});
