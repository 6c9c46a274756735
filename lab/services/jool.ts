// Jool is a kernel module: it can only run where the kernel has (or can load) it. The lab asks
// the kernel through Jool's own tool and reports what it said, never pretending.
import type { ExecResult, Runtime } from '../runtime/runtime.js';
import type { DaemonSpec } from './daemon-spec.js';

/** Only its command-line tool runs here: the translator itself is a kernel module. */
export const jool = { name: 'jool', binary: 'jool', package: 'jool-tools' } satisfies DaemonSpec;

export interface JoolProbe {
  available: boolean;
  reason: string;
  evidence: ExecResult;
}

export async function probeJool(runtime: Runtime, node: string): Promise<JoolProbe> {
  const r = await runtime.exec(node, ['jool', 'instance', 'display']);
  const said = (r.stderr || r.stdout).trim().split('\n')[0] ?? '';
  if (r.exitCode === 0) return { available: true, reason: 'the kernel answers on Jool\'s netlink family', evidence: r };
  if (/No such file or directory/.test(said) && /exec/.test(said)) {
    return { available: false, reason: 'the jool command is not installed (Debian package jool-tools)', evidence: r };
  }
  if (/socket family doesn't seem to exist/i.test(said)) {
    return { available: false, reason: `the kernel has no Jool module and cannot load one here — jool said: "${said}" (exit ${r.exitCode})`, evidence: r };
  }
  return { available: false, reason: `jool exited ${r.exitCode}: "${said}"`, evidence: r };
}
