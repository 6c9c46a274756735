// A long-running process started from this machine into a node (a daemon, a capture), shared by
// both runtimes: netns starts it with `ip netns exec`, docker with `nsenter` into the container.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NodeProcess, ProcessExit } from './runtime.js';

export interface HostProcess {
  /** The launcher (`ip netns exec …`, `nsenter …`): unref it to let a kept lab outlive us. */
  child: ChildProcess;
  proc: NodeProcess;
}

/**
 * Start file+args detached (not in our process group: a terminal's Ctrl-C reaches only us and we
 * tear down in order), stdout and stderr appended to logFile. `forks`: the launcher forks the
 * real process instead of exec'ing it (nsenter into a PID namespace does) — the handle then
 * holds the forked child's PID, the one `ss -p` shows, and signals go to it.
 */
export async function startHostProcess(file: string, args: string[], logFile: string, forks = false): Promise<HostProcess> {
  const fd = openSync(logFile, 'a');
  const child = spawn(file, args, { stdio: ['ignore', fd, fd], detached: true });
  closeSync(fd);
  let exit: ProcessExit | undefined;
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
    child.once('error', () => {
      exit = { code: 127, signal: null };
      resolve(exit);
    });
  });
  const launcher = child.pid ?? -1;
  const pid = forks && launcher > 0 ? await forkedChild(launcher, exited) : launcher;
  const proc: NodeProcess = {
    pid,
    exited,
    get exit() {
      return exit;
    },
    kill: (signal) => {
      if (exit !== undefined) return;
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    },
  };
  return { child, proc };
}

/** The one child a launcher forks (from /proc), or the launcher itself if it exits first. */
async function forkedChild(launcher: number, exited: Promise<ProcessExit>): Promise<number> {
  let done = false;
  void exited.then(() => (done = true));
  const deadline = performance.now() + 5_000;
  while (!done && performance.now() < deadline) {
    try {
      const children = readFileSync(`/proc/${launcher}/task/${launcher}/children`, 'utf8').trim();
      if (children) return Number(children.split(/\s+/)[0]);
    } catch {
      break;
    }
    await sleep(1);
  }
  return launcher;
}
