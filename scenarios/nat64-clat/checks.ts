// 464XLAT's own checks: IPv4 literals work from every host, and the hosts' IPv4 goes nowhere but
// into their CLAT. The rest of method 1's checks (and the app matrix, IPv4 literals now
// expected to work) run unchanged.
import { httpProbe, ipv4Packet } from '../../lab/capture/match.js';
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
export const clatScenarioChecks = [...guideChecks(CLAT), clatChecks] as const;
