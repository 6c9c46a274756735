// The helper that forks every command the lab runs in a node: same answers as running the command
// from the lab process (exit codes, output, input, timeouts, a missing program), and a helper that
// dies takes its commands with it as failures — never a hang.
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { commandRunnerPid, runCommand, startCommandRunner, stopCommandRunner } from '../../lab/runtime/command-runner.js';

async function helperUp(): Promise<number> {
  startCommandRunner();
  for (let i = 0; i < 200 && commandRunnerPid() === undefined; i++) await sleep(10);
  const pid = commandRunnerPid();
  if (pid === undefined) throw new Error('the command helper never booted');
  return pid;
}

afterAll(async () => {
  await stopCommandRunner();
});

describe('the command runner', () => {
  it('forks commands from the helper once it has booted (not from this process)', async () => {
    const pid = await helperUp();
    const r = await runCommand('sh', ['-c', 'echo $PPID'], undefined, 5_000);
    expect(r.exitCode).toBe(0);
    expect(Number(r.stdout.trim())).toBe(pid);
    expect(pid).not.toBe(process.pid);
  });

  it('reports exit codes, output, stderr and stdin as execFile would', async () => {
    await helperUp();
    expect(await runCommand('sh', ['-c', 'echo out; echo err >&2; exit 3'], undefined, 5_000)).toEqual({ exitCode: 3, stdout: 'out\n', stderr: 'err\n', timedOut: false });
    expect((await runCommand('cat', [], 'through stdin', 5_000)).stdout).toBe('through stdin');
    // Bytes arrive as bytes (a raw frame), not re-encoded as UTF-8 text.
    const bytes = Buffer.from([0x03, 0x76, 0x88, 0xb5, 0xff, 0x00, 0x80]);
    expect((await runCommand('od', ['-An', '-tx1'], bytes, 5_000)).stdout.trim()).toBe('03 76 88 b5 ff 00 80');
    const missing = await runCommand('/nonexistent/v6lab-no-such-program', [], undefined, 5_000);
    expect(missing.exitCode).toBe(127);
    expect(missing.stderr).toMatch(/ENOENT/);
  });

  it('kills a command that outlives its timeout and says so (exit 124)', async () => {
    await helperUp();
    const started = performance.now();
    const r = await runCommand('sleep', ['5'], undefined, 200);
    expect(r).toMatchObject({ exitCode: 124, timedOut: true });
    expect(performance.now() - started).toBeLessThan(4_000);
  });

  it('a command whose signal is aborted is killed at once and says why (teardown stops what still runs)', async () => {
    await helperUp();
    const stop = new AbortController();
    const started = performance.now();
    const pending = runCommand('sleep', ['5'], undefined, 10_000, stop.signal);
    await sleep(50);
    stop.abort();
    expect(await pending).toEqual({ exitCode: 128, stdout: '', stderr: 'v6lab: stopped (the lab is being torn down)', timedOut: false });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('a helper killed mid-command: the command fails at once with the reason, and the next one runs in a new helper', async () => {
    const pid = await helperUp();
    const pending = runCommand('sleep', ['5'], undefined, 10_000);
    await sleep(50);
    process.kill(pid, 'SIGKILL');
    const r = await pending;
    expect(r.exitCode).toBe(128);
    expect(r.stderr).toMatch(/command helper exited \(SIGKILL\)/);
    const next = await runCommand('echo', ['again'], undefined, 5_000);
    expect(next).toMatchObject({ exitCode: 0, stdout: 'again\n' });
    expect(await helperUp()).not.toBe(pid);
  });

  it('a process that starts the helper and runs nothing exits on its own (an idle helper never holds it)', async () => {
    const runner = fileURLToPath(new URL('../../lab/runtime/command-runner.ts', import.meta.url));
    const r = await execa(process.execPath, ['--import', 'tsx', '-e', `import(${JSON.stringify(runner)}).then((m) => m.startCommandRunner())`], { timeout: 4_000, reject: false });
    expect(r.timedOut, 'the process was still waiting after 4 s').toBe(false);
    expect(r.exitCode, r.stderr).toBe(0);
  });
});
