// A certificate authority made for one run, and a server certificate it signs: HTTPS inside the
// lab that clients verify against this CA only (curl --cacert), never the machine's store. Made
// with openssl in the node that serves it (P-256 keys, valid one day), into the lab's state
// directory, so every node — container or namespace — reads the CA at the same path.
import { join } from 'node:path';
import type { ServiceFile } from './service.js';

export interface LabPki {
  /** The CA certificate clients trust. */
  ca: string;
  cert: string;
  key: string;
  files: ServiceFile[];
  /** The openssl commands, run in the serving node before the server starts. */
  before: string[][];
}

export function labPki(dir: string, o: { names: string[]; addresses: string[] }): LabPki {
  const p = (f: string): string => join(dir, 'pki', f);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  const san = [...o.names.map((n) => `DNS:${n}`), ...o.addresses.map((a) => `IP:${a}`)].join(',');
  return {
    ca: p('ca.pem'),
    cert: p('server.pem'),
    key: p('server.key'),
    files: [{ path: p('server.ext'), content: `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n` }],
    before: [
      ['openssl', 'req', '-x509', ...ec, '-keyout', p('ca.key'), '-out', p('ca.pem'), '-days', '1', '-subj', '/CN=v6lab run CA'],
      ['openssl', 'req', ...ec, '-keyout', p('server.key'), '-out', p('server.csr'), '-subj', `/CN=${o.names[0] ?? 'server'}`],
      ['openssl', 'x509', '-req', '-in', p('server.csr'), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-CAcreateserial', '-out', p('server.pem'), '-days', '1', '-extfile', p('server.ext')],
      // The server may drop privileges: its key must stay readable to it.
      ['chmod', '0644', p('server.key')],
    ],
  };
}
