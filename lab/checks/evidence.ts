// What a check keeps to show what it saw: the commands it ran, log and capture excerpts, packets.

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

const EXCERPT_LINES = 30;

export function excerpt(text: string, maxLines = EXCERPT_LINES): string {
  const lines = text.trimEnd().split('\n');
  return lines.length <= maxLines ? lines.join('\n') : [...lines.slice(0, maxLines), `… (${lines.length - maxLines} more lines)`].join('\n');
}
