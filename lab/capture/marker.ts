// A marker frame, so that "no such packet appeared" is judged on everything captured up to now —
// not on whatever tcpdump happened to have written when the check looked. A check that expects a
// packet to be absent sends a marker out of the captured interface and reads the capture until
// the marker is in it: tcpdump writes frames in the order it sees them, so every packet the
// interface carried before the marker has been read by then.
//
// The frame carries the IEEE 802 "local experimental" ethertype, not IP: no packet predicate
// matches it, and it never leaves the lab's link (it is addressed to a local multicast MAC).
import { randomBytes } from 'node:crypto';
import type { ToolName } from '../env/tools.js';
import { splitEndpoint, type Endpoint } from '../topology/types.js';

export const MARKER_ETHERTYPE = 0x88b5;
/** The tool that writes the frame (a requirement of every lab: scenario.ts's engine tools). */
const SENDER: ToolName = 'socat';
const MAGIC = 'v6lab-marker ';
/** Locally administered: a multicast destination and a unicast source no real interface uses. */
const DST = Buffer.from([0x03, 0x76, 0x36, 0x6c, 0x61, 0x62]);
const SRC = Buffer.from([0x02, 0x76, 0x36, 0x6c, 0x61, 0x62]);

export function newMarkerToken(): string {
  return randomBytes(6).toString('hex');
}

export function markerFrame(token: string): Buffer {
  const type = Buffer.alloc(2);
  type.writeUInt16BE(MARKER_ETHERTYPE);
  return Buffer.concat([DST, SRC, type, Buffer.from(MAGIC + token, 'ascii')]);
}

/** The marker's token when the frame is one (the decoder sets Packet.marker from it). */
export function markerIn(frame: Buffer, payloadOffset: number): string | undefined {
  const text = frame.subarray(payloadOffset).toString('latin1');
  return text.startsWith(MAGIC) ? text.slice(MAGIC.length).replace(/\0+$/, '') : undefined;
}

/**
 * The command that sends a marker out of the endpoint's interface, run in its node: the frame on
 * socat's stdin, written to the interface through a packet socket (socat's INTERFACE address).
 */
export function sendMarkerCommand(endpoint: Endpoint, token: string): { node: string; argv: string[]; input: Buffer } {
  const { node, ifname } = splitEndpoint(endpoint);
  return { node, argv: [SENDER, '-u', 'STDIN', `INTERFACE:${ifname}`], input: markerFrame(token) };
}
