// Linux capabilities by name (linux/capability.h, in bit order), so that a daemon started in a
// container from the host can be given the container's own bounding set, as `docker exec` would.
import { readFile } from 'node:fs/promises';

const NAMES = [
  'chown', 'dac_override', 'dac_read_search', 'fowner', 'fsetid', 'kill', 'setgid', 'setuid', 'setpcap', 'linux_immutable',
  'net_bind_service', 'net_broadcast', 'net_admin', 'net_raw', 'ipc_lock', 'ipc_owner', 'sys_module', 'sys_rawio', 'sys_chroot', 'sys_ptrace',
  'sys_pacct', 'sys_admin', 'sys_boot', 'sys_nice', 'sys_resource', 'sys_time', 'sys_tty_config', 'mknod', 'lease', 'audit_write',
  'audit_control', 'setfcap', 'mac_override', 'mac_admin', 'syslog', 'wake_alarm', 'block_suspend', 'audit_read', 'perfmon', 'bpf',
  'checkpoint_restore',
];

/** The names of the capabilities set in a mask as /proc/PID/status prints it ("00000000a80435fb"). */
export function capabilityNames(hexMask: string): string[] {
  const mask = BigInt(`0x${hexMask}`);
  return NAMES.filter((_, bit) => (mask >> BigInt(bit)) & 1n);
}

/** A process's capability bounding set, by name. */
export async function boundingSet(pid: number): Promise<string[]> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const hex = /^CapBnd:\s*([0-9a-f]+)$/m.exec(status)?.[1];
  if (!hex) throw new Error(`no CapBnd line in /proc/${pid}/status`);
  return capabilityNames(hex);
}

/** setpriv's argv prefix that limits what follows to these capabilities (for root: exactly these). */
export function withBoundingSet(names: string[], argv: string[]): string[] {
  return ['setpriv', `--bounding-set=-all${names.map((n) => `,+${n}`).join('')}`, '--', ...argv];
}
