// The guide's methods with a large transfer each way: a 1 MiB download from the lab web server
// and a 1 MiB upload to its TCP sink, from HOSTA, directly or through the method's proxy.
import type { Check } from '../../lab/checks/check.js';
import { largeTransferCheck } from '../../lab/checks/large-transfer.js';
import type { Lab } from '../../lab/lab.js';
import type { Egress } from './apps.js';
import { LARGE_TRANSFER } from './internet.js';

/** Generous for 1 MiB on a 2-core machine (measured: well under a second); a black hole stalls far longer. */
const TIMEOUT_S = 5;

export function largeTransfer(lab: Lab, host: string, egress: Egress, pathNote: string): Check {
  const name = lab.plan.internet.names.v4only;
  const proxy = egress.kind === 'proxy' ? ['-x', egress.proxyUrl('eth0')] : [];
  return largeTransferCheck({
    id: 'large-transfer',
    title: `1 MiB down and 1 MiB up from ${host}${egress.kind === 'proxy' ? ' through the proxy' : ''} complete — ${pathNote}`,
    host,
    bytes: LARGE_TRANSFER.bytes,
    download: { url: `http://${name}/${LARGE_TRANSFER.page}`, curlArgs: proxy },
    upload: { url: `http://${name}:${LARGE_TRANSFER.sinkPort}/`, curlArgs: proxy },
    inside: egress.inside,
    outside: egress.outside,
    timeoutS: TIMEOUT_S,
  });
}
