// Packet capture during a run: one tcpdump per chosen interface, writing a pcap that Wireshark
// opens, read back while it is being written (tcpdump -U flushes every packet).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Daemon } from '../runtime/daemon.js';
import type { Runtime } from '../runtime/runtime.js';
import { splitEndpoint, type Endpoint } from '../topology/types.js';
import type { Packet } from './decode/packet.js';
import { LiveCaptureReader } from './live-reader.js';
import { decodeRecords, readPcap } from './pcap-file.js';

/** Captures live in <state>/pcap/ and are copied to the run directory's pcap/. */
const PCAP_SUBDIR = 'pcap';

/** Bytes kept of each packet (its original length is kept too). */
export const SNAPLEN = 2048;

/** How long a check waits for its packets to reach a live capture (measured: milliseconds; seconds on a loaded machine). */
export const WIRE_WAIT_MS = 3_000;

export function pcapDir(runtime: Runtime): string {
  return join(runtime.stateDir, PCAP_SUBDIR);
}

export interface Capture {
  endpoint: Endpoint;
  /** Where tcpdump writes it while the lab runs. */
  file: string;
  /** Its path in the run directory: "pcap/hosta-eth0.pcap". */
  artifact: string;
  daemon: Daemon;
  /** Reads what tcpdump has written so far, decoding each record once. */
  reader: LiveCaptureReader;
}

/** Start tcpdump on each endpoint and wait until each says "listening on". */
export async function startCaptures(runtime: Runtime, endpoints: Endpoint[]): Promise<Capture[]> {
  await mkdir(pcapDir(runtime), { recursive: true });
  await mkdir(join(runtime.stateDir, 'logs'), { recursive: true });
  return Promise.all(
    endpoints.map(async (endpoint) => {
      const { node, ifname } = splitEndpoint(endpoint);
      const name = `${node}-${ifname}.pcap`;
      const file = join(pcapDir(runtime), name);
      const daemon = new Daemon(
        runtime,
        {
          name: `tcpdump-${ifname}`,
          node,
          // -U: write each packet at once; --immediate-mode: no kernel buffering delay; -n: no DNS.
          // -s: the first bytes of each packet hold everything a check reads (headers, an HTTP request
          // line, a ClientHello, a DNS message); whole 64 KiB offload segments of a large transfer
          // would make every re-read of a live capture slow enough to miss a check's wait.
          argv: ['tcpdump', '-i', ifname, '-n', '-U', '--immediate-mode', '-s', String(SNAPLEN), '-w', file],
          ready: { kind: 'log', pattern: /listening on/ },
        },
        join(runtime.stateDir, 'logs', `${node}-tcpdump-${ifname}.log`),
      );
      await daemon.start();
      return { endpoint, file, artifact: `${PCAP_SUBDIR}/${name}`, daemon, reader: new LiveCaptureReader(file) };
    }),
  );
}

export async function stopCaptures(captures: Capture[]): Promise<void> {
  await Promise.all(captures.map((c) => c.daemon.stop()));
}

export async function readPackets(file: string): Promise<Packet[]> {
  return decodeRecords(await readPcap(file));
}

/** Read a live capture until `done` holds (packets arrive a few ms after the traffic), or time out. */
export async function readPacketsUntil(reader: LiveCaptureReader, done: (p: Packet[]) => boolean, timeoutMs = WIRE_WAIT_MS, pollMs = 25): Promise<Packet[]> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const packets = await reader.read();
    if (done(packets) || performance.now() > deadline) return packets;
    await sleep(pollMs);
  }
}
