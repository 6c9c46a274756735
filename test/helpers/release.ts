// The Debian release this machine runs, for tests of what a release may not package: such a test
// is skipped where it is absent, and its title says why (the run itself refuses with the reason,
// which test/lab/release.test.ts checks).
import { hostRelease, releaseLabel } from '../../lab/env/release.js';
import { packagedIn, type DaemonSpec } from '../../lab/services/daemon-spec.js';

export const HOST_RELEASE = hostRelease();

/** Why a daemon cannot run here (its package is not in this machine's release), or undefined. */
export function notPackagedHere(d: DaemonSpec): string | undefined {
  return HOST_RELEASE && !packagedIn(d, HOST_RELEASE) ? `${d.package} is not packaged in ${releaseLabel(HOST_RELEASE)}` : undefined;
}
