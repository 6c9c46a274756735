// A large transfer each way through the method, as a user's download and upload would go: both
// must complete, and the captures say how the path's MTU was met — ICMPv6 Packet Too Big on the
// LAN, ICMPv4 "fragmentation needed" on the uplink, or neither (TCP's MSS alone sized the segments).
import type { Packet } from '../capture/decode/packet.js';
import { ICMP6 } from '../capture/decode/icmp.js';
import type { Endpoint } from '../topology/types.js';
import type { Check, CheckContext } from './check.js';

const ICMP4_UNREACH = 3;
const ICMP4_FRAG_NEEDED = 4;

const tooBig6 = (p: Packet): boolean => p.icmp?.version === 6 && p.icmp.type === ICMP6.PACKET_TOO_BIG;
const fragNeeded4 = (p: Packet): boolean => p.icmp?.version === 4 && p.icmp.type === ICMP4_UNREACH && p.icmp.code === ICMP4_FRAG_NEEDED;

export function largeTransferCheck(o: {
  id: string;
  title: string;
  host: string;
  bytes: number;
  /** curl's URL for the download (an HTTP file of `bytes`), and for the upload (an HTTP sink that answers with the count it received). */
  download: { url: string; curlArgs: string[] };
  upload: { url: string; curlArgs: string[] };
  inside: Endpoint;
  outside: Endpoint;
  timeoutS: number;
}): Check {
  const mib = (o.bytes / 1048576).toFixed(0);
  return {
    id: o.id,
    title: o.title,
    expected: `${o.host} downloads ${o.download.url} (${o.bytes} bytes) and uploads ${o.bytes} bytes to ${o.upload.url}, each within ${o.timeoutS} s; the captures show how the path MTU was met`,
    async run(ctx) {
      const timeout = String(o.timeoutS);
      const since = Date.now() / 1000;
      // One after the other, upload first: a server that has just learnt the path MTU advertises
      // a smaller MSS on its next connection, which would spare the upload its own discovery.
      // No "Expect: 100-continue": curl would wait a second for an answer the sink never sends.
      const up = await ctx.run(o.host, ['curl', '-sS', '-g', '--max-time', timeout, '-H', 'Expect:', '--data-binary', '@-', ...o.upload.curlArgs, o.upload.url], { input: 'x'.repeat(o.bytes), timeoutMs: (o.timeoutS + 1) * 1000 });
      const down = await ctx.run(o.host, ['curl', '-sS', '-g', '--max-time', timeout, ...o.download.curlArgs, '-o', '/dev/null', '-w', '%{http_code} %{size_download} %{time_total}', o.download.url], { timeoutMs: (o.timeoutS + 1) * 1000 });
      const [code, size, secs] = down.stdout.trim().split(' ');
      const downOk = down.exitCode === 0 && code === '200' && Number(size) === o.bytes;
      const counted = Number(up.stdout.trim().split('\n').pop());
      const upOk = counted === o.bytes;
      const how = await howMtuWasMet(ctx, o.inside, o.outside, since, downOk && upOk);
      return {
        ok: downOk && upOk,
        observed:
          `download ${downOk ? `${mib} MiB in ${Number(secs).toFixed(2)} s` : `FAILED (curl exit ${down.exitCode}, ${size ?? 0} of ${o.bytes} bytes${down.stderr.trim() ? `: ${down.stderr.trim().split('\n').pop()}` : ''})`}; ` +
          `upload ${upOk ? `${mib} MiB counted by the server` : `FAILED (curl exit ${up.exitCode}, server counted ${Number.isFinite(counted) ? counted : 'nothing'}${up.stderr.trim() ? `: ${up.stderr.trim().split('\n').pop()}` : ''})`}; ${how}`,
      };
    },
  };
}

/** The ICMP that carried the path MTU, on each side; none means TCP's MSS was enough. */
async function howMtuWasMet(ctx: CheckContext, inside: Endpoint, outside: Endpoint, since: number, completed: boolean): Promise<string> {
  const [inPackets, outPackets] = await Promise.all([ctx.packets(inside), ctx.packets(outside)]);
  // Only what the transfers caused: the ICMP seen since they began.
  const ptb = inPackets.filter((p) => p.time >= since && tooBig6(p));
  const frag = outPackets.filter((p) => p.time >= since && fragNeeded4(p));
  ctx.notePackets(inside, 'ICMPv6 Packet Too Big (the path MTU, told to the host)', ptb);
  ctx.notePackets(outside, 'ICMPv4 fragmentation needed (the path MTU, told to the server)', frag);
  if (ptb.length === 0 && frag.length === 0) {
    if (!completed) return `no ICMP "too big" on ${inside} or ${outside}: nothing told either end the path MTU`;
    // An earlier connection of this run may have met the path MTU (Debian 13's 1574-byte TLS
    // ClientHello does): the host keeps it, and its next SYNs offer an MSS that fits.
    const earlier = inPackets.filter((p) => p.time < since && tooBig6(p));
    if (earlier.length === 0) return 'no ICMP needed: TCP MSS sized every segment to the path';
    ctx.notePackets(inside, 'ICMPv6 Packet Too Big earlier in the run (the path MTU the host already knew)', earlier);
    return `path MTU known from earlier in the run: ${earlier.length} Packet Too Big on ${inside} before these transfers, so their SYNs offered an MSS that fits`;
  }
  return `path MTU by ICMP: ${ptb.length} Packet Too Big on ${inside}, ${frag.length} fragmentation-needed on ${outside}`;
}
