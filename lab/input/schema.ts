// The lab file's schema, in code (zod), from which the shipped JSON Schema is generated
// (schema/lab.schema.json, kept equal by a test). Shapes only: whether a plan can work is
// judged after merging it with its preset (plan/rules.ts and each method's own rules).
import { RELEASE_NAMES, type Release } from '../env/release.js';
import { z } from 'zod';
import { parseAddress, parseCidr } from '../topology/address.js';
import { MAX_HOSTS } from '../host-count.js';
import { userCheckSchema } from '../checks/user-check-spec.js';

export { userCheckSchema, type UserCheckSpec } from '../checks/user-check-spec.js';

/** A string that parses as `family` (and, for prefixes, carries a length); the message says how to write it. */
function address(family: 4 | 6, withLength: boolean, example: string) {
  const what = `${withLength ? 'an' : 'an'} IPv${family} ${withLength ? 'prefix or address with its length' : 'address'}`;
  return z.string().refine(
    (v) => {
      try {
        const p = withLength ? parseCidr(v) : parseAddress(v);
        return p.family === family;
      } catch {
        return false;
      }
    },
    { message: `not ${what}: write it like ${example}` },
  );
}

const ipv6Prefix = (example: string) => address(6, true, example);
const ipv6 = (example: string) => address(6, false, example);
const ipv4Cidr = (example: string) => address(4, true, example);
const ipv4 = (example: string) => address(4, false, example);
const tcpPort = () => z.number().int('a TCP port: a whole number from 1 to 65535').min(1, 'a TCP port is 1 to 65535').max(65535, 'a TCP port is 1 to 65535');

export const planSchema = z.strictObject({
  lan: z
    .strictObject({
      prefix: ipv6Prefix('2001:db8:100::/64').describe('the /64 hosts take their SLAAC address from').optional(),
      'gateway-lla': ipv6('fe80::53').describe("the gateway's link-local address: RA source and the hosts' next-hop").optional(),
      gateway: ipv6('2001:db8:100::1').describe("the gateway's address in the LAN prefix: RDNSS and DNS64 resolver").optional(),
    })
    .optional(),
  nat64: z
    .strictObject({
      prefix: ipv6Prefix('2001:db8:64::/96').describe('the NAT64 prefix (RFC 6052: /32, /40, /48, /56, /64 or /96)').optional(),
      pool: ipv4Cidr('192.168.100.0/24').describe("Tayga's dynamic pool: one IPv4 address per IPv6 host").optional(),
      'tayga-ipv4': ipv4('192.168.100.1').describe("Tayga's own IPv4 address (default: the pool's first)").optional(),
      'tayga-ipv6': ipv6('fd00:64::1').describe("Tayga's own IPv6 address, used under the well-known prefix").optional(),
    })
    .optional(),
  nsp: z
    .strictObject({
      prefix: ipv6Prefix('2001:db8:64::/96').describe('a second translator beside a well-known-prefix NAT64, for comparison').optional(),
      pool: ipv4Cidr('192.168.254.0/24').optional(),
      'tayga-ipv4': ipv4('192.168.254.1').optional(),
    })
    .optional(),
  uplink: z
    .strictObject({
      gateway: ipv4Cidr('198.51.100.2/24').describe("the gateway's uplink address with its prefix length").optional(),
      internet: ipv4('198.51.100.1').describe("the internet's address on the uplink (the gateway's default route)").optional(),
    })
    .optional(),
  internet: z
    .strictObject({
      dns: ipv4('192.88.99.53').describe('the lab root DNS server').optional(),
      web: ipv4('192.88.99.80').describe('the IPv4-only web site').optional(),
      'dual-web': ipv4('192.88.99.81').describe("the dual-stack web site's IPv4 address").optional(),
      'dual-web-ipv6': ipv6('2001:db8:46::81').describe("the dual-stack web site's AAAA").optional(),
      records: z
        .record(
          z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a DNS name like intranet.example.lab'),
          z.strictObject({ A: ipv4('192.88.99.80').optional(), AAAA: ipv6('2001:db8:46::81').optional() }),
        )
        .describe("your own names in the lab's DNS, each pointing at one of the internet's addresses (dns, web, dual-web, dual-web-ipv6)")
        .optional(),
      services: z
        .array(
          z.strictObject({
            name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/, 'lower-case letters, digits and "-" (it names the service and its log)').describe('names the service (its log: internet-<name>.log)'),
            address: ipv4('192.88.99.81').describe("one of the internet's IPv4 addresses (dns, web, dual-web)"),
            port: tcpPort().describe('the TCP port it listens on'),
            banner: z.string().regex(/^[\w .\/+=-]{1,80}$/, 'up to 80 letters, digits, spaces and . _ / + = -').describe('the line it sends each client first (a tcp check can expect it)'),
          }),
        )
        .describe('your own TCP services on the internet, each greeting its clients with a banner')
        .optional(),
      names: z
        .strictObject({
          v4only: z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a DNS name like www.v4only.lab').optional(),
          'dual-stack': z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a DNS name like www.dualstack.lab').optional(),
        })
        .optional(),
    })
    .optional(),
});

/** Per role, the implementation to deploy, and the user's own config file for it. */
function rolesSchema(impls: Record<string, [string, ...string[]]>) {
  return z.strictObject(
    Object.fromEntries(
      Object.entries(impls).map(([role, names]) => [
        role,
        z
          .strictObject({
            impl: z.enum(names).describe(`the ${role} implementation`).optional(),
            config: z.string().describe('your own config file for it (adopted with the rewrites a lab needs, shown as a diff)').optional(),
            port: tcpPort().describe("the port it listens on (proxies: default the guide's, or your config's listen line)").optional(),
          })
          .optional(),
      ]),
    ),
  );
}

const HOSTS = `give a whole number from 1 to ${MAX_HOSTS}`;

/** `methods`, `runtimes`, `roles`: the presets, runtimes and role implementations the lab has (they become enums for editors). */
export function labSchema(methods: [string, ...string[]], runtimes: [string, ...string[]], roles: Record<string, [string, ...string[]]> = {}) {
  return z.strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][\w.-]*$/, 'letters, digits, ".", "_" and "-" (it names the run directory)')
      .describe('names the run and its run directory')
      .optional(),
    method: z.enum(methods).describe('a preset, as `npm run lab -- list` shows them'),
    hosts: z.number().int(HOSTS).min(1, HOSTS).max(MAX_HOSTS, HOSTS).describe('hosts on the LAN').optional(),
    runtime: z.enum(runtimes).describe('where the nodes run').optional(),
    release: z.enum(RELEASE_NAMES as [Release, ...Release[]]).describe("the Debian release of the nodes' daemons: the docker runtime's node image (netns runs this machine's)").optional(),
    plan: planSchema.describe("any part of the address plan; the rest comes from the method's preset").optional(),
    roles: rolesSchema(roles).describe("which implementation fills each of the method's roles (default: the guide's)").optional(),
    faults: z.array(z.string()).describe("break the stack on purpose: the method's faults, or kill:<node>/<daemon>, link-down:<node>/<if>").optional(),
    expect: z.record(z.string(), z.enum(['pass', 'fail'])).describe('per check id: pass (the default) or fail').optional(),
    conformance: z.boolean().describe("also run the method's conformance checks (RFC corner cases per implementation)").optional(),
    browsers: z.boolean().describe('also try real browsers (Chromium, Firefox ESR) as clients; default: yes on the netns runtime, where this machine runs them').optional(),
    checks: z.array(userCheckSchema).describe('your own checks, run after the method\'s, with evidence: fetch, resolve, ping, tcp, exec, wire').optional(),
  });
}

export type LabFileShape = z.infer<ReturnType<typeof labSchema>>;

/** The JSON Schema editors read (`# yaml-language-server: $schema=…`). */
export function labJsonSchema(methods: [string, ...string[]], runtimes: [string, ...string[]], roles: Record<string, [string, ...string[]]> = {}): object {
  return { ...z.toJSONSchema(labSchema(methods, runtimes, roles), { io: 'input' }), title: 'v6lab lab file' };
}
