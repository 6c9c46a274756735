// Querying DNS the way an operator would, with dig, and reading its answer section.
import type { CheckContext } from './check.js';

export interface DnsRecord {
  name: string;
  ttl: number;
  type: string;
  data: string;
}

/** Parse `dig +noall +answer` output into records. */
export function parseDigAnswer(output: string): DnsRecord[] {
  return output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith(';'))
    .flatMap((l) => {
      const [name, ttl, klass, type, ...data] = l.split(/\s+/);
      return name && ttl && klass === 'IN' && type ? [{ name, ttl: Number(ttl), type, data: data.join(' ') }] : [];
    });
}

export interface DigResult {
  exitCode: number;
  records: DnsRecord[];
  /** The rcode dig printed in its header ("NOERROR", "NXDOMAIN", …), or the failure. */
  status: string;
}

/** dig from a node; `server` undefined uses the node's resolv.conf, as an application would. */
export async function dig(ctx: CheckContext, node: string, type: string, name: string, server?: string, recurse = true): Promise<DigResult> {
  const argv = ['dig', '+time=2', '+tries=2', '+noall', '+answer', '+comments', ...(recurse ? [] : ['+norec']), ...(server ? [`@${server}`] : []), type, name];
  const r = await ctx.run(node, argv);
  const status = /status: ([A-Z]+)/.exec(r.stdout)?.[1] ?? (r.stdout.match(/;; (.*timed out.*|communications error.*|no servers could be reached.*)/)?.[1] ?? `dig exit ${r.exitCode}`);
  return { exitCode: r.exitCode, records: parseDigAnswer(r.stdout).filter((x) => x.type === type), status };
}
