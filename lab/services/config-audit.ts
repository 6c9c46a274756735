// Trying a config as written: hand the verbatim text to the daemon's own checker (or run a guide
// command as is) and keep, per line, whether it passed and what the daemon said. How each
// checker names a bad line is declared by its daemon (DaemonSpec.checker).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ExecResult, Runtime } from '../runtime/runtime.js';
import type { CheckedDaemon, ConfigChecker } from './daemon-spec.js';

/** One line of a config tried as written, with the daemon's own words. */
export interface AuditEntry {
  daemon: string;
  line: string;
  ok: boolean;
  message: string;
}

const WARNING = /warning|deprecated/i;

/**
 * Per line of `text`, what the checker's output says of it. Pure: fed the checker's exit code
 * and output, so it can be tested on any daemon's recorded words.
 */
export function judgeCheckerOutput(o: { daemon: string; checker: ConfigChecker; text: string; path: string; result: Pick<ExecResult, 'exitCode' | 'stdout' | 'stderr'> }): AuditEntry[] {
  const { checker, path, result: r } = o;
  const clean = (l: string): string =>
    l
      .trim()
      .replace(checker.prefix ?? /^$/, '')
      .replaceAll(`${path}: `, '')
      .replaceAll(`${path}:`, 'line ')
      .replaceAll(path, 'the file');
  const errors = new Map<number, string[]>();
  const unplaced: string[] = [];
  for (const raw of `${r.stdout}\n${r.stderr}`.split('\n')) {
    const line = raw.trim();
    const ref = checker.lineRef.exec(line)?.[1];
    if (ref) errors.set(Number(ref), [...(errors.get(Number(ref)) ?? []), clean(line)]);
    else if (/FATAL|\berror\b|ERROR:|internal error|Assertion/.test(line)) unplaced.push(clean(line));
  }
  const fatal = [...errors.entries()].filter(([, msgs]) => !msgs.every((m) => WARNING.test(m))).map(([n]) => n);
  const firstError = Math.min(...fatal);
  const entry = (line: string, ok: boolean, message: string): AuditEntry => ({ daemon: o.daemon, line, ok, message });
  return o.text.split('\n').flatMap((line, i): AuditEntry[] => {
    if (!line.trim() || line.trim().startsWith('#')) return [];
    const n = i + 1;
    const errs = errors.get(n);
    if (errs) {
      // The checker's unnumbered complaints ("FATAL: Invalid ACL type") explain the first bad line.
      const extra = n === firstError ? unplaced : [];
      // A line that only drew a warning ("keyword is deprecated") still works.
      const ok = errs.every((e) => WARNING.test(e)) && !extra.length;
      return [entry(line, ok, [...extra, ...errs].join('; '))];
    }
    if (r.exitCode === 0) return [entry(line, true, 'accepted by the checker')];
    if (errors.size === 0) return [entry(line, false, `not judged: the checker failed (exit ${r.exitCode}): ${unplaced[0] ?? 'no message'}`)];
    if (checker.reportsAllErrors || n < firstError) return [entry(line, true, 'accepted (the checker reported errors on other lines only)')];
    return [entry(line, false, `not judged: the checker stopped at line ${firstError}`)];
  });
}

export async function auditConfigText(o: {
  runtime: Runtime;
  node: string;
  daemon: CheckedDaemon;
  text: string;
  /** Where the verbatim copy is written (kept with the run's configs). */
  path: string;
  /** A file the checker writes its messages to instead of stdout/stderr (read after it ran). */
  messagesIn?: string;
}): Promise<AuditEntry[]> {
  await mkdir(dirname(o.path), { recursive: true });
  await writeFile(o.path, o.text + '\n');
  const result = await runChecker(o.runtime, o.node, [...o.daemon.checker.argv, o.path], o.messagesIn);
  return judgeCheckerOutput({ daemon: o.daemon.name, checker: o.daemon.checker, text: o.text, path: o.path, result });
}

/**
 * Run a guide command line exactly as written, inside the node. A complaint on stderr counts as
 * failure even with exit 0: `jool -t nat64 --enable` prints "invalid option" and its usage, then exits 0.
 */
export async function auditCommand(runtime: Runtime, node: string, daemon: string, line: string): Promise<AuditEntry> {
  const r = await runtime.exec(node, line.split(/\s+/));
  const complaint = r.stderr.trim().split('\n').find((l) => /invalid|error|unknown|unrecognized|usage/i.test(l));
  const said = complaint ?? (r.stderr || r.stdout).trim().split('\n')[0] ?? '';
  const ok = r.exitCode === 0 && complaint === undefined;
  return { daemon, line, ok, message: `exit ${r.exitCode}${said ? `: ${said}` : ''}` };
}

/**
 * Run a checker; when its messages go to a file under /var/log (Dante's guide config logs to
 * /var/log/danted.log), run it over a throwaway tmpfs there, in the node's own mount namespace
 * (`ip netns exec` gives each command one), and read the file back: nothing lands on the host.
 */
async function runChecker(runtime: Runtime, node: string, argv: string[], messagesIn?: string): Promise<ExecResult> {
  if (!messagesIn) return runtime.exec(node, argv);
  const dir = dirname(messagesIn);
  // A container's /var/log is its own already (start the file afresh: callers run one checker at
  // a time there); on the host it gets a throwaway tmpfs.
  const isolate = runtime.isolatedFilesystem ? `rm -f "${messagesIn}"; ` : `mount -t tmpfs v6lab-audit "${dir}" && `;
  const script = `${isolate}"$@"; rc=$?; cat "${messagesIn}" 2>/dev/null; exit $rc`;
  return runtime.exec(node, ['sh', '-c', script, 'audit', ...argv]);
}
