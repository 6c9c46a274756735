// Every command the lab runs in a node (curl, dig, ip, ss… hundreds per run, thousands at 250
// hosts) is forked by a small helper Node process, not by the lab process itself.
//
// Why: Node forks the whole calling process and blocks its event loop until the child has
// exec'd. The lab process holds the run's state (captures, reports; ~110 MB at 64 hosts), so each
// fork copied large page tables: measured, 1.6 s of a 64-host run's main thread was spent inside
// spawn(). A helper that holds nothing forks cheaply while the lab process goes on reading
// captures and judging checks. Until it has booted (~50 ms), commands run from the lab process
// itself, the same way. One helper, not one per core: measured side by side (2 cores), one was
// fastest at 2, 16, 64 and 250 hosts — a second one's boot costs more than it forks.
//
// The helper is detached (a terminal's Ctrl-C reaches only the lab process, which tears down
// through it) and exits when the lab process goes (its IPC channel closes).
import { execFile, spawn, type ChildProcess } from 'node:child_process';

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

interface Request {
  id: number;
  file: string;
  args: string[];
  input?: string;
  /** 'latin1' when input carries bytes (one char per byte), not text. */
  inputEncoding?: 'utf8' | 'latin1';
  timeoutMs: number;
}

/** What running a request gave: execFile's error fields, as they came. */
interface Reply {
  id: number;
  stdout: string;
  stderr: string;
  error: { code?: number | string; killed?: boolean; signal?: string | null; message: string } | null;
}

/**
 * Run one request with execFile. Self-contained (its source is also the helper's program): a
 * command that stops reading its input early is its result, not a crash.
 */
function runRequest(run: typeof execFile, r: Request, reply: (m: Reply) => void, signal?: AbortSignal): void {
  const child = run(r.file, r.args, { timeout: r.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, encoding: 'utf8', signal }, (e, stdout, stderr) => {
    const err = e as (Omit<NodeJS.ErrnoException, 'code'> & { code?: number | string; killed?: boolean; signal?: string | null }) | null;
    reply({ id: r.id, stdout, stderr, error: err && { code: err.code, killed: err.killed, signal: err.signal, message: err.message } });
  });
  child.stdin?.on('error', () => {});
  if (r.input !== undefined) child.stdin?.end(r.input, r.inputEncoding ?? 'utf8');
}

// The helper's whole program (CommonJS, run with `node -e`). An { id, abort } message kills that
// request's command (messages arrive in order: after its request, so the command exists).
const HELPER = `
const { execFile } = require('node:child_process');
const runRequest = ${runRequest.toString()};
const running = new Map();
// The lab process may be gone by the time a command ends (a failed deploy exits at once): then
// there is nobody to answer, and nothing to print — no EPIPE stack after a clean teardown.
const send = (m) => { if (process.connected) process.send(m, () => {}); };
process.on('disconnect', () => process.exit(0));
process.on('message', (r) => {
  if (r.abort) return void running.get(r.id)?.abort();
  const stop = new AbortController();
  running.set(r.id, stop);
  runRequest(execFile, r, (m) => {
    running.delete(r.id);
    send(m);
  }, stop.signal);
});
send({ ready: true });
`;

class Helper {
  readonly process: ChildProcess;
  readonly pending = new Map<number, (r: Reply) => void>();
  ready = false;

  constructor(onGone: (h: Helper) => void) {
    this.process = spawn(process.execPath, ['-e', HELPER], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], detached: true });
    this.process.on('message', (m: Reply | { ready: true }) => {
      if ('ready' in m) {
        this.ready = true;
        this.holdWhileBusy();
        return;
      }
      this.pending.get(m.id)?.(m);
      this.pending.delete(m.id);
      this.holdWhileBusy();
    });
    // A helper that dies takes its requests with it: they fail as "could not run", never hang.
    this.process.once('exit', (code, signal) => {
      onGone(this);
      const why = `v6lab: the command helper exited (${signal ?? code}) before the command finished`;
      for (const [id, settle] of this.pending) settle({ id, stdout: '', stderr: why, error: { code: 128, message: why } });
      this.pending.clear();
    });
    this.holdWhileBusy();
  }

  send(r: Request, settle: (reply: Reply) => void): void {
    this.pending.set(r.id, settle);
    this.holdWhileBusy();
    this.process.send(r);
  }

  abort(id: number): void {
    if (this.pending.has(id)) this.process.send({ id, abort: true });
  }

  /** Keep the lab process alive only while a command is out (an idle helper never holds it). */
  private holdWhileBusy(): void {
    const busy = this.pending.size > 0 || !this.ready;
    if (busy && this.process.exitCode === null) {
      this.process.ref();
      this.process.channel?.ref();
    } else {
      this.process.unref();
      this.process.channel?.unref();
    }
  }
}

let helper: Helper | undefined;
let nextId = 0;

/** Start the helper now: a runtime calls this before making nodes, so it has booted by the first check. */
export function startCommandRunner(): void {
  theHelper();
}

function theHelper(): Helper {
  return (helper ??= new Helper((gone) => {
    if (helper === gone) helper = undefined;
  }));
}

/** The helper's PID once it has booted and takes commands (tests stop it on purpose). */
export function commandRunnerPid(): number | undefined {
  return helper?.ready ? helper.process.pid : undefined;
}

/** Stop the helper (the lab process's exit does it too; a test that must leave nothing calls this). */
export async function stopCommandRunner(): Promise<void> {
  const h = helper;
  if (!h || h.process.exitCode !== null || h.process.signalCode !== null) return;
  const gone = new Promise((resolve) => h.process.once('exit', resolve));
  h.process.disconnect();
  await gone;
}

/**
 * Run a command to completion: never throws; a command that cannot start reports exit 127.
 * `signal`: aborting it kills the command (exit 128) — teardown stops what is still running in
 * the lab's nodes before it deletes them.
 */
export function runCommand(file: string, args: string[], input: string | Buffer | undefined, timeoutMs: number, signal?: AbortSignal): Promise<CommandResult> {
  const runner = theHelper();
  const id = nextId++;
  return new Promise((resolve) => {
    const settle = ({ stdout, stderr, error: e }: Reply): void => {
      const aborted = e?.code === 'ABORT_ERR';
      const timedOut = !aborted && !!e?.killed && e.signal === 'SIGKILL';
      const exitCode = e === null ? 0 : typeof e.code === 'number' ? e.code : timedOut ? 124 : e.code === 'ENOENT' ? 127 : 128;
      resolve({ exitCode, stdout, stderr: aborted ? 'v6lab: stopped (the lab is being torn down)' : stderr || (e && typeof e.code === 'string' ? e.message : ''), timedOut });
    };
    // Bytes cross to the helper as a latin1 string (one char per byte) and are written back as bytes.
    const r: Request = Buffer.isBuffer(input) ? { id, file, args, input: input.toString('latin1'), inputEncoding: 'latin1', timeoutMs } : { id, file, args, input, timeoutMs };
    if (runner.ready) {
      runner.send(r, settle);
      if (signal?.aborted) runner.abort(id);
      else signal?.addEventListener('abort', () => runner.abort(id), { once: true });
    } else runRequest(execFile, r, settle, signal);
  });
}
