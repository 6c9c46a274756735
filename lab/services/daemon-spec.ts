// What the lab knows about one program it deploys: where it comes from, what else it starts, and
// how its own config checker reports a bad line. Each services/<daemon>.ts declares one of these
// beside the code that renders and starts it; services/registry.ts lists them all.
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
}

/** A daemon whose config the lab can check with the daemon's own checker. */
export type CheckedDaemon = DaemonSpec & { checker: ConfigChecker };

/** The programs a daemon needs on the machine that runs it. */
export function daemonRequirements(d: DaemonSpec): Requirement[] {
  return [...[d.binary, ...(d.tools ?? [])].map((binary) => ({ binary, package: d.package })), ...(d.needs ?? []).map((m) => ({ binary: m.file, package: m.package }))];
}
