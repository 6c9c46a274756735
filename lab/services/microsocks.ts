// microsocks as the SOCKS5 proxy on the gateway's scoped link-local address (-i takes it as
// written). It has no access control at all, and listens on one address.
import type { DaemonSpec } from './daemon-spec.js';
import type { RoleImpl } from './role.js';

export const microsocks = {
  name: 'microsocks',
  binary: 'microsocks',
  package: 'microsocks',
} satisfies DaemonSpec;

export const microsocksSocks: RoleImpl<'socks'> = {
  daemon: microsocks,
  tunnels: { anyPort: true, why: 'microsocks relays any TCP port (it has no rules at all)' },
  noConfig: 'microsocks has no config file: its listen address and port are command-line flags (give the port with port:)',
  capabilities: {},
  lacks: {
    'open-to-uplink': 'microsocks listens on one address; an open proxy on the uplink would be a second process, not a config change',
  },
  service: (p) => ({
    name: 'microsocks',
    program: microsocks,
    node: p.node,
    files: [],
    daemon: { argv: ['microsocks', '-i', `${p.address}%${p.ifname}`, '-p', String(p.port)], ready: { kind: 'listen', proto: 'tcp', port: p.port, address: p.address } },
  }),
};
