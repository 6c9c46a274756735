// The checks a lab file may state of its own (`checks:`), as a schema (zod): the lab file's schema
// embeds it (spec/schema.ts), user-checks.ts runs what it describes.
import { z } from 'zod';
import { parseCidr } from '../topology/address.js';

/** A prefix, IPv6 or IPv4, with its length. */
const prefixText = z.string().refine(
  (v) => {
    try {
      parseCidr(v);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a prefix with its length: write it like 64:ff9b::/96 or 192.88.99.0/24' },
);

/** What every check of a lab file's own has: its id, where it runs from, what it expects, how long it may retry. */
const checkCommon = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and "-", like intranet-resolves').describe('the check id (in the report, in expect:)'),
  title: z.string().describe('what it shows, in a sentence').optional(),
  from: z.array(z.string()).min(1).describe('the nodes it runs from (default: every host)').optional(),
  expect: z.enum(['pass', 'fail']).describe('pass (the default) or fail: a check meant to fail').optional(),
  retry: z
    .strictObject({ for: z.string().regex(/^\d+(\.\d+)?(ms|s)$/, 'a duration like 5s or 500ms').describe('retry the nodes that have not passed yet, for this long') })
    .optional(),
  level: z.enum(['error', 'warning']).describe('warning: missing its expectation warns, the run still passes').optional(),
};

/** A lab file's own checks (`checks:`), each a kind with its own fields. */
export const userCheckSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...checkCommon,
    kind: z.literal('fetch'),
    url: z.string().regex(/^https?:\/\/\S+$/, 'an http:// or https:// URL').describe('the page to fetch'),
    proxy: z.string().describe('through this proxy, as curl -x takes it (http://[fe80::1%eth0]:3128, socks5h://…)').optional(),
    status: z.number().int().min(100).max(599).describe('the HTTP status expected (default 200)').optional(),
    body: z.string().describe('text the page must contain').optional(),
  }),
  z.strictObject({
    ...checkCommon,
    kind: z.literal('resolve'),
    name: z.string().regex(/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.?$/, 'a DNS name like www.v4only.lab').describe('the name, asked of the node\'s own resolver'),
    type: z.enum(['A', 'AAAA']).describe('the record type (default AAAA)').optional(),
    in: prefixText.describe('every answer must lie in this prefix (default: any answer)').optional(),
    none: z.literal(true).describe('no answer at all').optional(),
  }),
  z.strictObject({ ...checkCommon, kind: z.literal('ping'), to: z.string().min(1).describe('an address or a name of the lab') }),
  z.strictObject({
    ...checkCommon,
    kind: z.literal('tcp'),
    to: z.string().regex(/^(\[[^\]]+\]|[^:\s]+):\d{1,5}$/, 'host:port, [IPv6]:port').describe('host:port to connect to'),
    banner: z.string().describe('text the service must send first (an SSH greeting…)').optional(),
  }),
  z.strictObject({
    ...checkCommon,
    kind: z.literal('exec'),
    argv: z.array(z.string()).min(1).describe('the command, as a list (no shell)'),
    exit: z.number().int().min(0).max(255).describe('the exit code expected (default 0)').optional(),
    stdout: z.string().describe('text its output must contain').optional(),
  }),
  z.strictObject({
    ...checkCommon,
    kind: z.literal('wire'),
    on: z.string().regex(/^[\w-]+:[\w.-]+$/, 'node:interface, like gw:eth1').describe('a captured interface'),
    packet: z
      .strictObject({
        src: z.string().describe('source address or prefix').optional(),
        dst: z.string().describe('destination address or prefix').optional(),
        proto: z.enum(['tcp', 'udp', 'icmp']).optional(),
        port: z.number().int().min(1).max(65535).describe('either port of a TCP or UDP packet').optional(),
      })
      .describe('the packet looked for'),
    absent: z.boolean().describe('true: no such packet may appear in the whole run (judged up to a marker frame)').optional(),
  }),
]);

export type UserCheckSpec = z.infer<typeof userCheckSchema>;
