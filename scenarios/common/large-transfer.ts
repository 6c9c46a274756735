// The guide's methods with a large transfer each way: a 1 MiB download from the lab web server
// and a 1 MiB upload to its TCP sink, from HOSTA, directly or through the method's proxy.
import { checkGroup, type CheckGroup } from '../../lab/checks/check-group.js';
import { largeTransferCheck } from '../../lab/checks/large-transfer.js';
import type { Lab } from '../../lab/lab.js';
import type { Egress } from './apps.js';
import { LARGE_TRANSFER } from './internet.js';
import { hostNames } from './lan.js';

/** Generous for 1 MiB on a 2-core machine (measured: well under a second); a black hole stalls far longer. */
const TIMEOUT_S = 5;

/** `pathNote`: why the path's MTU is what it is (said in the title). */
export function largeTransferGroup<D>(egressOf: (lab: Lab, deployed: D) => Egress, pathNote: string): CheckGroup<'large-transfer', D> {
  return checkGroup({
    name: 'a large transfer each way',
    ids: ['large-transfer'],
    make: (lab, deployed) => {
      const egress = egressOf(lab, deployed);
      const host = hostNames(lab.options.hosts)[0]!;
      const name = lab.plan.internet.names.v4only;
      return [
        largeTransferCheck({
          id: 'large-transfer',
          title: `1 MiB down and 1 MiB up from ${host}${egress.through} complete — ${pathNote}`,
          host,
          bytes: LARGE_TRANSFER.bytes,
          download: { url: `http://${name}/${LARGE_TRANSFER.page}`, curlArgs: egress.curlArgs },
          upload: { url: `http://${name}:${LARGE_TRANSFER.sinkPort}/`, curlArgs: egress.curlArgs },
          inside: egress.inside,
          outside: egress.outside,
          timeoutS: TIMEOUT_S,
        }),
      ];
    },
  });
}
