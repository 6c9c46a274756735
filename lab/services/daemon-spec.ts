// What the lab knows about one program it deploys: where it comes from, what else it starts, and
// how its own config checker reports a bad line. Each services/<daemon>.ts declares one of these
// beside the code that renders and starts it; services/registry.ts lists them all.
import type { Release } from '../env/release.js';
import type { Requirement } from '../env/requirements.js';

export interface ConfigChecker {
  /** The checker's command line; the config file's path is appended. */
  argv: string[];
  /** It reports every bad line (unbound-checkconf) rather than stopping at the first. */
  reportsAllErrors: boolean;
  /** How its messages name a line: group 1 is the line number. */
  lineRef: RegExp;
  /** A prefix it puts before each message (a timestamp), dropped when the message is shown. */
  prefix?: RegExp;
}

export interface DaemonSpec {
  /** The name users and reports use: "unbound", "dante". */
  name: string;
  /** The program the lab runs, as `pgrep -x` sees it: "unbound", "danted". */
  binary: string;
  /** The Debian package that ships it. */
  package: string;
  /** Other programs of the same package the lab calls (a config checker, a control tool). */
  tools?: string[];
  /** Processes it starts that live beside it (Squid's pinger): a leak check looks for them too. */
  children?: string[];
  /** Its own config checker, used to audit the guide's lines and users' files. */
  checker?: ConfigChecker;
  /** What it needs from other packages (a file, and its package): lighttpd's TLS module, the openssl that makes its certificate. */
  needs?: { file: string; package: string }[];
  /** The Debian releases that package it (absent: every release the lab knows). */
  releases?: readonly Release[];
  /** How to ask it its version (the lab renders by version, and the reports name it): group 1 is the version. */
  version?: { argv: string[]; pattern: RegExp };
}

/** Whether a release packages the daemon. */
export function packagedIn(d: DaemonSpec, release: Release): boolean {
  return d.releases === undefined || d.releases.includes(release);
}

/** A daemon whose config the lab can check with the daemon's own checker. */
export type CheckedDaemon = DaemonSpec & { checker: ConfigChecker };

/** The programs a daemon needs on the machine that runs it. */
export function daemonRequirements(d: DaemonSpec): Requirement[] {
  const releases = d.releases ? { releases: d.releases } : {};
  return [...[d.binary, ...(d.tools ?? [])].map((binary) => ({ binary, package: d.package, ...releases })), ...(d.needs ?? []).map((m) => ({ binary: m.file, package: m.package }))];
}

/** "5.2.13" ≥ "5": dotted numbers compared part by part. An unknown version is none of them. */
export function versionAtLeast(version: string | undefined, min: string): boolean {
  if (!version) return false;
  const a = version.split(/[.~+-]/).map((x) => parseInt(x, 10) || 0);
  const b = min.split('.').map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < b.length; i++) if ((a[i] ?? 0) !== b[i]) return (a[i] ?? 0) > b[i]!;
  return true;
}
