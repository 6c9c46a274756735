// What must (or must not) be seen on the wire for a check to pass: packet evidence from the
// run's captures, judged by predicates over decoded packets.
import type { Packet } from '../capture/decode/packet.js';
import type { Endpoint } from '../topology/types.js';
import type { CheckContext, CheckOutcome } from './check.js';

export interface WireExpectation {
  endpoint: Endpoint;
  /** "TCP SYN from a ULA to 64:ff9b::c058:6350 port 80" */
  what: string;
  /** `probes`: the tokens the check put into its own requests (see httpProbe). */
  match(p: Packet, probes: readonly string[]): boolean;
  /** True: no such packet may appear (e.g. a link-local source on the outside). */
  absent?: boolean;
}

export async function judgeWire(ctx: CheckContext, expectations: WireExpectation[], probes: readonly string[] = []): Promise<CheckOutcome> {
  const seen: string[] = [];
  let ok = true;
  for (const e of expectations) {
    const match = (p: Packet): boolean => e.match(p, probes);
    const { packets, how } = e.absent ? await ctx.packetsUntilNow(e.endpoint) : { packets: await ctx.packets(e.endpoint, (ps) => ps.some(match)), how: '' };
    const matching = packets.filter(match);
    ctx.notePackets(e.endpoint, e.absent ? `must not appear: ${e.what} (judged on ${how})` : `must appear: ${e.what}`, matching, packets);
    const good = e.absent ? matching.length === 0 : matching.length > 0;
    ok &&= good;
    seen.push(`${e.endpoint} ${e.absent ? (good ? 'has no' : `HAS ${matching.length}`) : good ? `shows ${matching.length}` : 'shows no'} ${e.what}`);
  }
  return { ok, observed: seen.join('; ') };
}

/** Combine a behavioural outcome with wire evidence: both must hold. */
export async function withWire(ctx: CheckContext, outcome: CheckOutcome, expectations: WireExpectation[] | undefined, probes: readonly string[] = []): Promise<CheckOutcome> {
  if (!expectations || expectations.length === 0) return outcome;
  const wire = await judgeWire(ctx, expectations, probes);
  return { ok: outcome.ok && wire.ok, observed: `${outcome.observed}; wire: ${wire.observed}` };
}

/** " — and on the wire: …" for a check's expected text. */
export function describeWire(expectations: WireExpectation[] | undefined): string {
  if (!expectations || expectations.length === 0) return '';
  return `; on the wire: ${expectations.map((e) => `${e.endpoint} ${e.absent ? 'has no' : 'shows'} ${e.what}`).join('; ')}`;
}
