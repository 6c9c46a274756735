// The runtimes the scenario tests run on, from the runtime registry. A runtime that cannot run
// here (no Docker engine) is skipped, and then the skipped tests' titles say why — never silently.
import { RUNTIME_KINDS, runtimeDriver } from '../../lab/runtime/registry.js';
import type { RuntimeKind } from '../../lab/runtime/runtime.js';

export interface RuntimeCase {
  kind: RuntimeKind;
  /** Why this runtime is skipped here, or undefined when it runs. */
  skip: string | undefined;
  /** "netns", or "docker (skipped: no Docker engine reachable at …)". */
  label: string;
}

export const RUNTIMES: RuntimeCase[] = await Promise.all(
  RUNTIME_KINDS.map(async (kind) => {
    const skip = await runtimeDriver(kind).unavailable();
    // Said out loud in the run's output, not only in the skipped tests' titles.
    if (skip) console.warn(`[v6lab] the ${kind} half of the lab tests is skipped: ${skip}`);
    return { kind, skip, label: skip ? `${kind} (skipped: ${skip})` : kind };
  }),
);
