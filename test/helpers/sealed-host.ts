// Running with the machine's own daemon paths out of reach: a private mount namespace where /etc,
// /var/log, /var/lib, /var/cache, /var/spool and /run are read-only (only /run/netns and
// /etc/netns, which the netns runtime manages, stay writable). A daemon that still reaches for a
// host path (a pid file in /run, a log in /var/log) fails there with its own words.
import { mkdir } from 'node:fs/promises';
import { execa } from 'execa';

const SEAL = `set -eu
for d in /etc /var/log /var/lib /var/cache /var/spool /run; do
  [ -d "$d" ] || continue
  mount --rbind "$d" "$d"
  mount -o remount,bind,ro "$d"
done
for d in /run/netns /etc/netns; do
  mount --bind "$d" "$d"
  mount -o remount,bind,rw "$d"
done
exec "$@"`;

/** The words daemons use when a path is out of reach (Squid, BIND, Unbound, privoxy… as measured). */
export const HOST_PATH_COMPLAINT = /read-only file system|permission denied|EROFS|EACCES/i;

/** Lines of a daemon's log that say it reached for a host path. */
export function hostPathComplaints(log: string): string[] {
  return log.split('\n').filter((l) => HOST_PATH_COMPLAINT.test(l));
}

/** Run argv sealed (own mount namespace; `network: false` also gives it a network namespace with only lo). */
export async function sealed(argv: string[], o: { env?: Record<string, string>; network?: boolean; timeoutMs?: number } = {}) {
  await mkdir('/run/netns', { recursive: true });
  await mkdir('/etc/netns', { recursive: true });
  return execa('unshare', ['--mount', '--propagation', 'private', ...(o.network === false ? ['--net'] : []), 'sh', '-c', SEAL, 'sh', ...argv], {
    reject: false,
    ...(o.env ? { env: o.env } : {}),
    ...(o.timeoutMs ? { timeout: o.timeoutMs } : {}),
  });
}
