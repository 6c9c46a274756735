// Driving the real `lab` entry point from tests, as a user would. Runs that would build a lab
// pass --no-install: the suite's global setup installed what the labs need.
import { execa, type ResultPromise } from 'execa';

/** `npm run lab -- <args>` as a child process. */
export function labCli(args: string[], options: { env?: Record<string, string> } = {}): ResultPromise<{ reject: false; env?: Record<string, string> }> {
  return execa('node', ['--import', 'tsx', 'lab/cli.ts', ...args], { env: options.env, reject: false });
}

/** Start the real CLI and wait until its output shows `marker`. */
export async function labUntil(args: string[], marker: RegExp): Promise<{ proc: ResultPromise }> {
  const p = labCli([...args, '--no-install']);
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    p.stdout?.on('data', (d: Buffer) => {
      seen += d.toString();
      if (marker.test(seen)) resolve();
    });
    void p.then(() => reject(new Error(`the lab ended before "${marker}":\n${seen}`)));
  });
  // Wrapped: an execa process is a promise, and returning it bare would await its end.
  return { proc: p };
}
