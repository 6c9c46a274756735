// A check is an assertion about the running lab that returns its evidence: what it ran, what
// came back, what it expected. Checks never throw for a failed expectation; they report it.
import { setTimeout as sleep } from 'node:timers/promises';
import { readPacketsUntil, WIRE_WAIT_MS } from '../capture/capture.js';
import { LINKTYPE } from '../capture/decode/link.js';
import { describePacket, ladderLabel, type Packet } from '../capture/decode/packet.js';
import { newMarkerToken, sendMarkerCommand } from '../capture/marker.js';
import type { Lab } from '../lab.js';
import type { Endpoint } from '../topology/types.js';
import { shellQuote, type ExecOptions, type ExecResult } from '../runtime/runtime.js';

export interface CommandEvidence {
  kind: 'command';
  node: string;
  command: string;
  exitCode: number;
  /** stdout then stderr, cut to a readable excerpt. */
  output: string;
  durationMs: number;
}

export interface TextEvidence {
  kind: 'text';
  /** Where it came from: "internet:/…/access.log", "pcap gw-eth1". */
  source: string;
  excerpt: string;
}

export interface PacketEvidence {
  kind: 'packets';
  /** The capture file (pcap/<node>-<iface>.pcap in the artifacts). */
  capture: string;
  /** What was looked for. */
  what: string;
  /** The matching packets, described as tcpdump would (at most a few). */
  packets: string[];
  /** The same packets, structured for the report's packet ladder. */
  timeline: LadderPacket[];
  total: number;
}

export interface LadderPacket {
  time: number;
  src: string;
  dst: string;
  /** Short: "TCP SYN :80", "ICMPv6 1/2 beyond scope", "DNS AAAA 64:ff9b::c058:6350". */
  label: string;
}

export type Evidence = CommandEvidence | TextEvidence | PacketEvidence;

export interface CheckOutcome {
  ok: boolean;
  observed: string;
  /** The implementation cannot do what the check asks at all: why, in its own words (a conformance matrix's "unsupported"). */
  unsupported?: string;
}

/**
 * How a check's outcome stands against what the lab file expects of it: by default every check
 * must pass; `expect: { id: fail }` turns a failure into the expected answer (and a pass into a
 * failed run). A check that does not apply to the plan is never run and never counts as passed.
 */
export type Verdict = 'passed' | 'failed' | 'failed-as-expected' | 'passed-unexpectedly' | 'not-applicable' | 'warned';

/** A check at level warning (a lab file's own check may say so) that misses its expectation warns: the run still passes. */
export type CheckLevel = 'error' | 'warning';

export type Expectation = 'pass' | 'fail';

export interface CheckResult extends CheckOutcome {
  id: string;
  title: string;
  expected: string;
  evidence: Evidence[];
  durationMs: number;
  /** What the lab file expects of it (pass unless it says otherwise). */
  expectation: Expectation;
  verdict: Verdict;
  /** Why the check does not apply to this plan (then it did not run). */
  notApplicable?: string;
  /** Set for a warning-level check. */
  level?: CheckLevel;
}

export function verdictOf(ok: boolean, expectation: Expectation, notApplicable?: string, level: CheckLevel = 'error'): Verdict {
  if (notApplicable !== undefined) return 'not-applicable';
  const missed = expectation === 'fail' ? ok : !ok;
  if (missed && level === 'warning') return 'warned';
  if (expectation === 'fail') return ok ? 'passed-unexpectedly' : 'failed-as-expected';
  return ok ? 'passed' : 'failed';
}

/** A verdict the run can pass with. */
export function verdictOk(v: Verdict): boolean {
  return v === 'passed' || v === 'failed-as-expected' || v === 'not-applicable' || v === 'warned';
}

export interface Check {
  id: string;
  title: string;
  expected: string;
  /** Set when the check does not apply to the lab's plan: the reason, shown instead of a result. */
  notApplicable?: string;
  /** Changes the lab (adds an address, …): runs after every other check, alone. */
  exclusive?: boolean;
  /** The method's known answer when it is a failure (an app the method cannot carry); a lab file's `expect` overrides it. */
  expectation?: Expectation;
  /** warning: missing its expectation warns instead of failing the run (a lab file's own checks may say so). */
  level?: CheckLevel;
  run(ctx: CheckContext): Promise<CheckOutcome>;
}

const EXCERPT_LINES = 30;

export function excerpt(text: string, maxLines = EXCERPT_LINES): string {
  const lines = text.trimEnd().split('\n');
  return lines.length <= maxLines ? lines.join('\n') : [...lines.slice(0, maxLines), `… (${lines.length - maxLines} more lines)`].join('\n');
}

/** What a check gets: the lab, and a recorder that keeps every command it runs as evidence. */
export class CheckContext {
  readonly evidence: Evidence[] = [];

  constructor(readonly lab: Lab) {}

  async run(node: string, argv: string[], options?: ExecOptions): Promise<ExecResult> {
    const r = await this.lab.runtime.exec(node, argv, options);
    this.record(r);
    return r;
  }

  private record(r: ExecResult): void {
    this.evidence.push({
      kind: 'command',
      node: r.node,
      command: shellQuote(r.argv),
      exitCode: r.exitCode,
      output: excerpt([r.stdout.trimEnd(), r.stderr.trimEnd()].filter(Boolean).join('\n')),
      durationMs: r.durationMs,
    });
  }

  /**
   * Run until `done` says the output is what we wait for (a log line being written), polling
   * for at most timeoutMs. Only the last attempt is kept as evidence.
   */
  async runUntil(node: string, argv: string[], done: (r: ExecResult) => boolean, timeoutMs = 1_000): Promise<ExecResult> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const r = await this.lab.runtime.exec(node, argv);
      if (done(r) || performance.now() > deadline) {
        this.record(r);
        return r;
      }
      await sleep(20);
    }
  }

  /**
   * Packets captured so far on an endpoint. With `done`, wait (briefly) until they satisfy it:
   * the capture lags the traffic by a few milliseconds.
   */
  async packets(endpoint: Endpoint, done?: (p: Packet[]) => boolean, timeoutMs = WIRE_WAIT_MS): Promise<Packet[]> {
    const { reader } = this.lab.capture(endpoint);
    return done ? readPacketsUntil(reader, done, timeoutMs) : reader.read();
  }

  /**
   * Every packet the endpoint carried up to now: a marker frame is sent out of the interface and
   * the capture read until it shows (see capture/marker.ts) — what "no such packet" is judged on.
   * `how` says what the read covers, for the evidence.
   */
  async packetsUntilNow(endpoint: Endpoint): Promise<{ packets: Packet[]; how: string }> {
    const { reader } = this.lab.capture(endpoint);
    const soFar = await reader.read();
    if (reader.linkType !== LINKTYPE.ETHERNET) {
      return { packets: soFar, how: 'the capture as read (not Ethernet: no marker frame can be sent on it)' };
    }
    const token = newMarkerToken();
    const send = sendMarkerCommand(endpoint, token);
    const sent = await this.lab.runtime.exec(send.node, send.argv, { input: send.input, timeoutMs: 5_000 });
    if (sent.exitCode !== 0) {
      return { packets: await reader.read(), how: `the capture as read (the marker frame could not be sent: exit ${sent.exitCode} ${sent.stderr.trim().split('\n')[0] ?? ''})` };
    }
    // The marker is written within a millisecond of being sent: look again soon.
    const packets = await readPacketsUntil(reader, (ps) => ps.some((p) => p.marker === token), WIRE_WAIT_MS, 5);
    const marker = packets.find((p) => p.marker === token);
    return marker
      ? { packets: packets.filter((p) => p.number < marker.number), how: `the capture up to marker frame #${marker.number}` }
      : { packets, how: `the capture as read (marker frame ${token} not seen within ${WIRE_WAIT_MS} ms)` };
  }

  /**
   * Keep the matching packets as evidence. With the whole capture (`all`), the ladder also gets
   * each matched TCP request's answer: the first later segment back on the same flow with a payload.
   */
  notePackets(endpoint: Endpoint, what: string, matching: Packet[], all: Packet[] = []): void {
    const shown = matching.slice(0, 6);
    const answers = shown.flatMap((p) => {
      const reply = all.find((q) => q.time >= p.time && isAnswerTo(q, p));
      return reply ? [reply] : [];
    });
    this.evidence.push({
      kind: 'packets',
      capture: this.lab.capture(endpoint).artifact,
      what,
      packets: shown.map(describePacket),
      timeline: [...shown, ...answers].flatMap((p) => (p.ip ? [{ time: p.time, src: p.ip.src, dst: p.ip.dst, label: ladderLabel(p) }] : [])),
      total: matching.length,
    });
  }

  note(source: string, text: string): void {
    this.evidence.push({ kind: 'text', source, excerpt: excerpt(text) });
  }
}

/** q travels back on p's TCP flow and carries data (the HTTP answer to p's request). */
function isAnswerTo(q: Packet, p: Packet): boolean {
  return (
    !!p.tcp && !!q.tcp && !!p.payload && !!q.payload && !!p.ip && !!q.ip &&
    q.ip.src === p.ip.dst && q.ip.dst === p.ip.src && q.tcp.srcPort === p.tcp.dstPort && q.tcp.dstPort === p.tcp.srcPort
  );
}

export async function runCheck(lab: Lab, check: Check, expectation: Expectation = 'pass'): Promise<CheckResult> {
  const ctx = new CheckContext(lab);
  const started = performance.now();
  let outcome: CheckOutcome;
  if (check.notApplicable !== undefined) outcome = { ok: false, observed: `not applicable: ${check.notApplicable}` };
  else {
    try {
      outcome = await check.run(ctx);
    } catch (e) {
      outcome = { ok: false, observed: `check could not run: ${(e as Error).message}` };
    }
  }
  return {
    id: check.id,
    title: check.title,
    expected: check.expected,
    ...outcome,
    evidence: ctx.evidence,
    durationMs: Math.round(performance.now() - started),
    expectation,
    verdict: verdictOf(outcome.ok, expectation, check.notApplicable, check.level),
    ...(check.notApplicable !== undefined ? { notApplicable: check.notApplicable } : {}),
    ...(check.level === 'warning' ? { level: check.level } : {}),
  };
}

/** A check that does not apply to this plan: it keeps its id and title, and says why. */
export function notApplicableCheck(o: { id: string; title: string; expected: string; reason: string }): Check {
  return { id: o.id, title: o.title, expected: o.expected, notApplicable: o.reason, run: async () => ({ ok: false, observed: `not applicable: ${o.reason}` }) };
}
