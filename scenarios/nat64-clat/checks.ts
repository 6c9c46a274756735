// 464XLAT's own checks: IPv4 literals work from every host, and the hosts' IPv4 goes nowhere but
// into their CLAT. The rest of method 1's checks (and the app matrix, IPv4 literals now
// expected to work) run unchanged.
import { dnsAnswer, httpProbe, ipv4Packet } from '../../lab/capture/match.js';
import { withWire } from '../../lab/checks/wire.js';
import { clatd, CLATD_PREFIX_LINE } from '../../lab/services/clatd.js';
import { sameAddress } from '../../lab/topology/address.js';
import { checkGroup } from '../../lab/checks/check-group.js';
import { httpReachCheck } from '../../lab/checks/http-reach.js';
import { ipv4OnlyIntoCheck } from '../../lab/checks/ipv4-only-into.js';
import type { Lab } from '../../lab/lab.js';
import { nat64Address } from '../../lab/topology/address.js';
import { WEB_MARKER } from '../common/address-plan.js';
import { uplinkGateway } from '../common/internet.js';
import { hostNames } from '../common/lan.js';
import { guideChecks, type ClatView } from '../nat64/checks.js';
import { INSIDE, OUTSIDE } from '../nat64/topology.js';
import { CLAT_ROUTE_MTU, CLAT_TUN, clatAddress } from './clat.js';

/** HOSTA's CLAT as the checks see it. */
/** ipv4only.arpa's first well-known address (RFC 7050 §2.2): what DNS64 synthesizes for the CLAT to find. */
const RFC7050_WKA = '192.0.0.170';

const CLAT: ClatView = { ipv6: (plan) => clatAddress(plan, 0), device: CLAT_TUN, routeMtu: CLAT_ROUTE_MTU };

const clatChecks = checkGroup({
  name: 'the CLAT (464XLAT)',
  ids: ['clat-ipv4-literal', 'clat-no-native-ipv4'],
  make: (lab: Lab) => {
    const { plan } = lab;
    const hosts = hostNames(lab.options.hosts);
    const web = plan.internet.web;
    const literal = `http://${web}/`;
    const clat = CLAT.ipv6(plan);
    const gateway = uplinkGateway(plan);
    return [
      httpReachCheck({
        id: 'clat-ipv4-literal',
        title: `Every host fetches the IPv4 literal ${literal} through its CLAT: IPv6 from ${clat} on HOSTA's link, IPv4 from ${gateway} outside`,
        hosts,
        urls: [literal],
        bodyMarker: WEB_MARKER,
        wire: [
          { endpoint: INSIDE, what: `this check's request as IPv6, ${clat} → [${nat64Address(web, plan.nat64.prefix)}]:80`, match: httpProbe({ src: clat, dst: nat64Address(web, plan.nat64.prefix), dstPort: 80 }) },
          { endpoint: OUTSIDE, what: `this check's request as IPv4, ${gateway} → ${web}:80`, match: httpProbe({ src: gateway, dst: web, dstPort: 80 }) },
        ],
      }),
      ipv4OnlyIntoCheck({
        id: 'clat-no-native-ipv4',
        title: `No IPv4 leaves the hosts except into the CLAT: IPv4 only on ${CLAT_TUN}, none on HOSTA's link`,
        hosts,
        device: CLAT_TUN,
        traffic: { node: hosts[0]!, argv: ['curl', '-s', '-o', '/dev/null', '--max-time', '3', literal] },
        wire: [{ endpoint: INSIDE, what: 'IPv4 packet', match: ipv4Packet(), absent: true }],
      }),
    ];
  },
});

/** Method 1's guide checks with the CLAT's address in them, then the CLAT's own. */
/**
 * With clatd as the CLAT: it was given no prefix, and must have found the plan's — through DNS64
 * (RFC 7050): its log says which source it used and what it found, and HOSTA's link carries the
 * resolver's answer for ipv4only.arpa (192.0.0.170 synthesized into the PLAT prefix).
 */
const discovery = checkGroup({
  name: "clatd discovers the PLAT's prefix",
  ids: ['clat-discovers-prefix'],
  when: (i) => i.roles.clat === 'clatd',
  make: (lab: Lab) => {
    const host = hostNames(lab.options.hosts)[0]!;
    const expected = lab.plan.nat64.prefix;
    const answer = nat64Address(RFC7050_WKA, expected);
    return [
      {
        id: 'clat-discovers-prefix',
        title: `clatd on ${host}, given no prefix, finds the PLAT's: ${expected} (RFC 7050: the AAAA of ipv4only.arpa through DNS64)`,
        expected: `clatd's log: "Looking up 'ipv4only.arpa'" then "Using PLAT (NAT64) prefix: ${expected}"; on the wire: ${INSIDE} shows the answer AAAA ${answer} for ipv4only.arpa`,
        async run(ctx) {
          const service = lab.services.find((s) => s.definition.node === host && s.definition.program === clatd);
          const log = service?.daemon?.logTail(400) ?? '';
          const found = CLATD_PREFIX_LINE.exec(log)?.[1];
          const source = /Looking up 'ipv4only\.arpa' using ([^\n]+)/.exec(log)?.[1]?.trim() ?? (/PREF64/.test(log) ? 'PREF64' : undefined);
          const ok = found !== undefined && sameAddress(found.split('/')[0] ?? '', expected.split('/')[0] ?? '') && found.split('/')[1] === expected.split('/')[1];
          const observed = service ? `clatd: ${source ? `looked up ipv4only.arpa using ${source}` : 'no discovery in its log'}; ${found ? `found ${found}` : 'found no prefix'} (the plan's: ${expected})` : `no clatd in ${host}`;
          return withWire(ctx, { ok, observed }, [{ endpoint: INSIDE, what: `the answer AAAA ${answer} for ipv4only.arpa`, match: dnsAnswer({ type: 'AAAA', data: answer, name: 'ipv4only.arpa' }) }]);
        },
      },
    ];
  },
});

export const clatScenarioChecks = [...guideChecks(CLAT), clatChecks, discovery] as const;
