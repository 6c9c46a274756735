// The Debian releases v6lab runs on: as the host (the netns runtime runs the host's daemons) and
// as the docker runtime's node images (one per release, so one host can test either release's
// daemons). A daemon or tool that a release does not package says so in its registry entry.
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';

export const RELEASES = {
  bookworm: { number: 12 },
  trixie: { number: 13 },
} as const;

export type Release = keyof typeof RELEASES;

export const RELEASE_NAMES = Object.keys(RELEASES) as Release[];

/** "Debian 13 (trixie)". */
export function releaseLabel(r: Release): string {
  return `Debian ${RELEASES[r].number} (${r})`;
}

export function isRelease(v: string): v is Release {
  return Object.hasOwn(RELEASES, v);
}

/** `--release trixie` or `--release 13`. */
export function parseRelease(v: string): Release {
  const byNumber = RELEASE_NAMES.find((r) => String(RELEASES[r].number) === v);
  if (isRelease(v)) return v;
  if (byNumber) return byNumber;
  throw new UsageError(`unknown release "${v}": use ${RELEASE_NAMES.map((r) => `${r} (${RELEASES[r].number})`).join(' or ')}`);
}

/** `--release all` or one release. */
export function parseReleases(v: string): Release[] {
  return v === 'all' ? RELEASE_NAMES : [parseRelease(v)];
}

let host: Release | null | undefined;

/** The release this machine runs (VERSION_CODENAME in /etc/os-release), or undefined when it is not one of ours. */
export function hostRelease(): Release | undefined {
  if (host === undefined) {
    let text = '';
    try {
      text = readFileSync('/etc/os-release', 'utf8');
    } catch {
      // not a Linux distribution that says what it is
    }
    const codename = /^VERSION_CODENAME="?([a-z]+)"?$/m.exec(text)?.[1] ?? '';
    host = isRelease(codename) ? codename : null;
  }
  return host ?? undefined;
}
