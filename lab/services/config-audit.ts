// Trying the guide's config as written: hand the verbatim text to the daemon's own checker (or
// run a guide command as is) and keep, per line, whether it passed and what the daemon said.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AuditEntry } from '../lab.js';
import type { ExecResult, Runtime } from '../runtime/runtime.js';

/**
 * Line numbers in checker messages: "file:7: error: …" (Unbound), "at line 7 of" (dnsmasq),
 * "Bungled file line 3: …" (Squid), "problem on line 3 near token" (Dante).
 */
const LINE_REFS = [/^[^\s:]+:(\d+): /, /at line (\d+) of \S+\s*(.*)$/, /Bungled \S+ line (\d+):/, /problem on line (\d+) /];

export async function auditConfigText(o: {
  runtime: Runtime;
  node: string;
  daemon: string;
  text: string;
  /** Where the verbatim copy is written (kept with the run's configs). */
  path: string;
  /** The daemon's own config checker, with the file path as its last argument. */
  checker: string[];
  /** The checker reports every bad line (unbound-checkconf) rather than stopping at the first. */
  reportsAllErrors: boolean;
  /** Files the checker writes its messages to instead of stdout/stderr (read after it ran). */
  messagesIn?: string;
}): Promise<AuditEntry[]> {
  await mkdir(dirname(o.path), { recursive: true });
  await writeFile(o.path, o.text + '\n');
  const r = await runChecker(o.runtime, o.node, [...o.checker, o.path], o.messagesIn);
  const clean = (l: string): string =>
    l
      .trim()
      .replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\|\s*/, '') // Squid's timestamp
      .replace(/^\w{3} \d+ [\d:]+ \([\d.]+\) \S+: /, '') // Dante's
      .replaceAll(`${o.path}: `, '')
      .replaceAll(`${o.path}:`, 'line ')
      .replaceAll(o.path, 'the file');
  const errors = new Map<number, string[]>();
  const unplaced: string[] = [];
  for (const raw of `${r.stdout}\n${r.stderr}`.split('\n')) {
    const line = raw.trim();
    const ref = LINE_REFS.map((re) => re.exec(line)).find((m) => m?.[1]);
    if (ref?.[1]) errors.set(Number(ref[1]), [...(errors.get(Number(ref[1])) ?? []), clean(line)]);
    else if (/FATAL|\berror\b|internal error|Assertion/.test(line)) unplaced.push(clean(line));
  }
  const fatal = [...errors.entries()].filter(([, msgs]) => !msgs.every((m) => /warning|deprecated/i.test(m))).map(([n]) => n);
  const firstError = Math.min(...fatal);
  return o.text.split('\n').flatMap((line, i): AuditEntry[] => {
    if (!line.trim() || line.trim().startsWith('#')) return [];
    const n = i + 1;
    const errs = errors.get(n);
    if (errs) {
      // The checker's unnumbered complaints ("FATAL: Invalid ACL type") explain the first bad line.
      const extra = n === firstError ? unplaced : [];
      // A line that only drew a warning ("keyword is deprecated") still works.
      const ok = errs.every((e) => /warning|deprecated/i.test(e)) && !extra.length;
      return [{ daemon: o.daemon, line, ok, message: [...extra, ...errs].join('; ') }];
    }
    if (r.exitCode === 0) return [{ daemon: o.daemon, line, ok: true, message: 'accepted by the checker' }];
    if (errors.size === 0) return [{ daemon: o.daemon, line, ok: false, message: `not judged: the checker failed (exit ${r.exitCode}): ${unplaced[0] ?? 'no message'}` }];
    if (o.reportsAllErrors || n < firstError) return [{ daemon: o.daemon, line, ok: true, message: 'accepted (the checker reported errors on other lines only)' }];
    const why = errors.size > 0 ? `the checker stopped at line ${firstError}` : `the checker failed: ${unplaced[0] ?? `exit ${r.exitCode}`}`;
    return [{ daemon: o.daemon, line, ok: false, message: `not judged: ${why}` }];
  });
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
