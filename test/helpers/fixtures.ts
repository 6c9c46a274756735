// Small captures cut from real runs (nat64 and lla-only, netns), committed under test/fixtures/
// so that decoders and packet judgements are tested without building a lab.
import { join } from 'node:path';

const dir = join(import.meta.dirname, '..', 'fixtures');

export const FIXTURES = {
  /** nat64: HOSTA's link (RA, DNS64 answers, requests to 64:ff9b::/96, Tayga's refusal). */
  nat64Inside: join(dir, 'nat64-hosta-eth0.pcap'),
  /** nat64: the gateway's IPv4-only uplink (NAT44'd requests from 192.0.2.2). */
  nat64Outside: join(dir, 'nat64-gw-eth1.pcap'),
  /** lla-only: HOSTA's link (ICMPv6 1/2 and 1/0 from fe80::1). */
  llaInside: join(dir, 'lla-only-hosta-eth0.pcap'),
  /** lla-only: the gateway's uplink (nothing link-local forwarded). */
  llaOutside: join(dir, 'lla-only-gw-eth1.pcap'),
};
