// Trying the guide's config as written: hand the verbatim text to the daemon's own checker (or
// run a guide command as is) and keep, per line, whether it passed and what the daemon said.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AuditEntry } from '../lab.js';
import type { Runtime } from '../runtime/runtime.js';

/** Line numbers in checker messages: "file:7: error: …" (Unbound, Squid) or "at line 7 of" (dnsmasq). */
const LINE_REFS = [/:(\d+):\s*(.*)$/, /at line (\d+) of \S+\s*(.*)$/];

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
}): Promise<AuditEntry[]> {
  await mkdir(dirname(o.path), { recursive: true });
  await writeFile(o.path, o.text + '\n');
  const r = await o.runtime.exec(o.node, [...o.checker, o.path]);
  const output = `${r.stdout}\n${r.stderr}`;
  const errors = new Map<number, string[]>();
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    for (const re of LINE_REFS) {
      const m = re.exec(line);
      if (m?.[1]) {
        const message = line.replaceAll(`${o.path}:`, 'line ').replaceAll(o.path, 'the file');
        errors.set(Number(m[1]), [...(errors.get(Number(m[1])) ?? []), message]);
        break;
      }
    }
  }
  const summary = (output.trim().split('\n').filter(Boolean).pop() ?? `exit ${r.exitCode}`).replaceAll(o.path, 'the file');
  return o.text.split("\n").flatMap((line, i): AuditEntry[] => {
    if (!line.trim() || line.trim().startsWith('#')) return [];
    const errs = errors.get(i + 1);
    if (errs) return [{ daemon: o.daemon, line, ok: false, message: errs.join('; ') }];
    if (r.exitCode === 0) return [{ daemon: o.daemon, line, ok: true, message: summary }];
    if (o.reportsAllErrors) return [{ daemon: o.daemon, line, ok: true, message: 'accepted (the checker reported errors on other lines only)' }];
    return [{ daemon: o.daemon, line, ok: false, message: `not judged: the checker stopped on an error elsewhere (${summary})` }];
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
