// Driving the real `lab` entry point from tests.
import { execa, type ResultPromise } from 'execa';

/** Start the real CLI and wait until its output shows `marker`. */
export async function labUntil(args: string[], marker: RegExp): Promise<{ proc: ResultPromise }> {
  const p = execa('node', ['--import', 'tsx', 'lab/cli.ts', ...args], { reject: false, env: { V6LAB_NO_INSTALL: '1' } });
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
