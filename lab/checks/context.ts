// What a check gets while it runs: the lab, and recorders that keep every command it runs and
// every packet set it cites as evidence.
import { setTimeout as sleep } from 'node:timers/promises';
import { readPacketsUntil, WIRE_WAIT_MS } from '../capture/capture.js';
import { LINKTYPE } from '../capture/decode/link.js';
import { describePacket, ladderLabel, type Packet } from '../capture/decode/packet.js';
import { newMarkerToken, sendMarkerCommand } from '../capture/marker.js';
import type { Lab } from '../lab.js';
import type { Endpoint } from '../topology/types.js';
import { shellQuote, type ExecOptions, type ExecResult } from '../runtime/runtime.js';
import { excerpt, type Evidence } from './evidence.js';

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
