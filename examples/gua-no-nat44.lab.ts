// A lab written in TypeScript: the GUA site of gua-nsp.lab.yaml, with one fault on purpose and
// the checks it breaks expected to fail. Run it with `npm run lab -- ./examples/gua-no-nat44.lab.ts`,
// or from a test (my-lab.test.ts).
import { defineLab } from '../lab/index.js';

export default defineLab({
  name: 'gua-no-nat44',
  method: 'nat64',
  hosts: 2,
  plan: {
    lan: { prefix: '2001:db8:100::/64', 'gateway-lla': 'fe80::53', gateway: '2001:db8:100::1' },
    nat64: { prefix: '2001:db8:64::/96', pool: '192.168.100.0/24' },
    uplink: { gateway: '198.51.100.2/24', internet: '198.51.100.1' },
  },
  // Without NAT44, translated packets leave with Tayga's pool addresses and get no answer.
  faults: ['no-nat44'],
  expect: {
    'reach-by-name': 'fail',
    'reach-by-literal': 'fail',
    'nsp-reaches-private': 'fail',
    'nat44-source': 'fail',
    // Every application that goes out through NAT64.
    'app-http-name': 'fail',
    'app-https-name': 'fail',
    'app-udp-name': 'fail',
    'app-icmp-name': 'fail',
    'app-tcp-any': 'fail',
    'large-transfer': 'fail',
  },
});
