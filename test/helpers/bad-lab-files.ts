// Lab files that cannot work, one per kind of mistake, with the message `validate` gives: the
// unit test asserts each (test/unit/lab-files.test.ts), and README's table of them is generated
// from this list (scripts/readme-tables.ts; a test keeps it equal).
export interface BadLabFile {
  what: string;
  text: string;
  message: RegExp;
}

const CASES: [string, string, RegExp][] = [
    ['a YAML syntax error, with line:column', 'method: nat64\nplan:\n  lan: { prefix: [2001:db8::/64\n', /^4:1 YAML syntax error: Flow sequence .* end with a \]/],
    ['an unknown key, with the nearest valid one', 'method: nat64\nplan:\n  lan:\n    prefx: 2001:db8:100::/64\n', /^4:5 plan\.lan\.prefx: unknown key; did you mean prefix\? \(valid here: prefix, gateway-lla, gateway\)$/],
    ['an unknown top-level key', 'method: nat64\nhost: 3\n', /^2:1 host: unknown key; did you mean hosts\?/],
    ['an invalid address: its path, its value, how to write it', 'method: nat64\nplan:\n  nat64:\n    pool: 192.168.300.0/24\n', /^4:5 plan\.nat64\.pool: "192\.168\.300\.0\/24": not an IPv4 prefix or address with its length: write it like 192\.168\.100\.0\/24$/],
    ['an IPv4 address where IPv6 belongs', 'method: nat64\nplan:\n  lan: { gateway-lla: 192.0.2.1 }\n', /^3:10 plan\.lan\.gateway-lla: "192\.0\.2\.1": not an IPv6 address: write it like fe80::53$/],
    ['a LAN prefix that is not a /64 (SLAAC needs /64)', 'method: nat64\nplan:\n  lan: { prefix: 2001:db8:100::/56, gateway: 2001:db8:100::1 }\n', /^3:10 plan\.lan\.prefix: 2001:db8:100::\/56 is a \/56; SLAAC needs a \/64 .*e\.g\. 2001:db8:100::\/64$/],
    ['a NAT64 prefix length RFC 6052 does not allow', 'method: nat64\nplan:\n  nat64: { prefix: "2001:db8:64::/80" }\n', /^3:12 plan\.nat64\.prefix: 2001:db8:64::\/80 is a \/80; a NAT64 prefix is \/32, \/40, \/48, \/56, \/64, \/96 \(RFC 6052 §2\.2\)/],
    ['a gateway-lla outside fe80::/10', 'method: nat64\nplan:\n  lan: { gateway-lla: "2001:db8::53" }\n', /^3:10 plan\.lan\.gateway-lla: 2001:db8::53 is not link-local: .* must be in fe80::\/10/],
    ['overlapping prefixes', 'method: nat64\nplan:\n  nat64: { prefix: "fd00:1::/96" }\n', /^3:12 plan\.nat64\.prefix: fd00:1::\/96 overlaps lan\.prefix \(fd00:1::\/64\)/],
    ['a pool too small for the hosts (Tayga maps one IPv4 per IPv6 host)', 'method: nat64\nhosts: 16\nplan:\n  nat64: { pool: 192.168.100.0/28 }\n', /^4:12 plan\.nat64\.pool: 192\.168\.100\.0\/28 gives Tayga 14 addresses for 16 hosts; Tayga maps one IPv4 address per IPv6 host: use a larger pool \(a \/27 or wider\)$/],
    ['the well-known prefix with non-global internet addresses', 'method: nat64\nplan:\n  internet: { web: 10.0.0.80 }\n', /^3:15 plan\.internet\.web: 10\.0\.0\.80 is non-global \(10\.0\.0\.0\/8, RFC 6052 §3\.1\) and the NAT64 prefix is the well-known 64:ff9b::\/96: Tayga refuses to translate it.* network-specific prefix .* expect it: reach-by-name: fail/],
    // browsers: false keeps the list the same on every machine (V6LAB_BROWSERS=off changes the default).
    ['an expect: naming a check the method does not have', 'method: nat64\nbrowsers: false\nexpect:\n  nat44-sorce: fail\n', /^4:3 expect\.nat44-sorce: nat64 has no check "nat44-sorce"; did you mean nat44-source\?; its checks are: slaac-ula, /],
    ['a fault the method does not have', 'method: proxy-http\nfaults: [no-nat44]\n', /^2:10 faults\.0: proxy-http has no fault "no-nat44"; its faults are: proxy-stopped, hosta-ula, open-proxy, acl-deny, kill:/],
    ['an unknown method', 'method: nat65\n', /^1:1 method: unknown method "nat65"; did you mean nat64\?; the methods are: nat64, nat64-clat, lla-only, proxy-http, proxy-socks$/],
    ['no method at all', 'hosts: 2\n', /^method: missing \(required\)$/],
    ['a resolver that cannot synthesize under the plan\'s prefix length (Knot: /96 only)', 'method: nat64\nplan:\n  nat64: { prefix: "2001:db8:64::/64" }\nroles:\n  dns64: { impl: knot }\n', /^5:12 roles\.dns64\.impl: knot synthesizes only under a \/96 NAT64 prefix, and the plan's is 2001:db8:64::\/64: .* Use a \/96 prefix, or --dns64 unbound or bind9$/],
    ['an alias with no anchor (a stack trace before)', 'method: nat64\nhosts: *two\n', /^2:8 YAML: Unresolved alias/],
    ['a port for a role that has none to choose', 'method: nat64\nroles:\n  dns64: { port: 5353 }\n', /^3:12 roles\.dns64\.port: port 5353 for dns64: dns64 has no port to choose \(the RA \(RDNSS, RFC 8106\) names the resolver by address only/],
    ['a port out of range', 'method: proxy-http\nroles:\n  http-proxy: { port: 70000 }\n', /^3:17 roles\.http-proxy\.port: 70000: a TCP port is 1 to 65535$/],
    ['a config for an implementation that has no config file (microsocks)', 'method: proxy-socks\nroles:\n  socks: { impl: microsocks, config: ./socks.conf }\n', /^3:30 roles\.socks\.config: microsocks cannot take your own config \(microsocks has no config file: .*\); the socks implementations that take one: dante$/],
  ['a LAN prefix written with a host part (RFC 4291 §2.3)', 'method: nat64\nplan:\n  lan: { prefix: "2001:db8:1::1/64", gateway: "2001:db8:1::1" }\n', /^3:10 plan\.lan\.prefix: 2001:db8:1::1\/64 is an address with a length, not a prefix \(RFC 4291 §2\.3\): the prefix is 2001:db8:1::\/64$/],
  ['a NAT64 prefix that sets the reserved u-octet (RFC 6052 §2.2)', 'method: nat64\nplan:\n  nat64: { prefix: "2001:db8:64:0:100::/96" }\n', /^3:12 plan\.nat64\.prefix: 2001:db8:64:0:100::\/96 sets bits 64–71 \(the "u" octet\), which RFC 6052 §2\.2 reserves as zero; Tayga refuses such a prefix/],
  ['a config for a role whose implementation takes none (Tayga: configured from the plan)', 'method: nat64\nroles:\n  nat64: { config: ./tayga.conf }\n', /^3:12 roles\.nat64\.config: tayga cannot take your own config \(the methods write Tayga's config from the plan/],
  ['your check run from a node the lab does not have', 'method: nat64\nchecks:\n  - { id: mine, kind: ping, to: www.v4only.lab, from: [hostc] }\n', /^3:56 checks\.0\.from\.0: no node "hostc" in this lab; its nodes are: hosta, hostb, gw, internet$/],
  ['your check aimed at an address outside the lab (the lab is sealed)', 'method: nat64\nchecks:\n  - { id: dns-out, kind: tcp, to: "8.8.8.8:53" }\n', /^3:31 checks\.0\.to: 8\.8\.8\.8 is not an address of the lab \(the lab is sealed/],
  ['your check with the id of one of the method\'s', 'method: nat64\nchecks:\n  - { id: reach-by-name, kind: ping, to: www.v4only.lab }\n', /^3:7 checks\.0\.id: the method already has a check "reach-by-name": give yours another id$/],
  ['your wire check on an interface the method does not capture', 'method: nat64\nchecks:\n  - { id: mine, kind: wire, on: "internet:eth0", packet: { proto: udp } }\n', /^3:29 checks\.0\.on: internet:eth0 is not captured in this method; its captures are: /],
  ['your check of a kind the lab does not have', 'method: nat64\nchecks:\n  - { id: mine, kind: traceroute, to: www.v4only.lab }\n', /^3:17 checks\.0\.kind: unknown kind "traceroute"; the kinds are: fetch, resolve, ping, tcp, exec, wire$/],
  ['your own service on an address outside the lab (the lab is sealed)', 'method: proxy-http\nplan:\n  internet:\n    services:\n      - { name: ours, address: 10.1.2.3, port: 8443, banner: hi }\n', /^5:23 plan\.internet\.services\.0\.address: 10\.1\.2\.3 is not one of the lab internet's IPv4 addresses/],
  ["your own service on a port of the internet's own", 'method: lla-only\nplan:\n  internet:\n    services:\n      - { name: ours, address: 192.88.99.80, port: 443, banner: hi }\n', /^5:46 plan\.internet\.services\.0\.port: port 443 is the lab internet's own/],
  ['your own name pointing outside the lab (the lab is sealed)', 'method: nat64\nplan:\n  internet:\n    records:\n      out.example.lab: { A: 8.8.8.8 }\n', /^5:26 plan\.internet\.records\.out\.example\.lab\.A: 8\.8\.8\.8 is not one of the lab internet's addresses/],
];

export const BAD_LAB_FILES: BadLabFile[] = CASES.map(([what, text, message]) => ({ what, text, message }));
