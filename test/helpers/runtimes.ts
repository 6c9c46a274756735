// The runtimes the scenario tests run on. The docker half is skipped only when no engine is
// reachable, and then the skipped test's title says why — never silently.
import { connectDocker } from '../../lab/runtime/docker-runtime.js';
import type { RuntimeKind } from '../../lab/runtime/runtime.js';

const docker = await connectDocker().then(
  () => ({ ok: true as const }),
  (e: Error) => ({ ok: false as const, why: e.message.split('\n')[0] ?? 'no Docker engine' }),
);

export interface RuntimeCase {
  kind: RuntimeKind;
  /** Why this runtime is skipped here, or undefined when it runs. */
  skip: string | undefined;
  /** "netns", or "docker (skipped: no Docker engine reachable at …)". */
  label: string;
}

// Said out loud in the run's output, not only in the skipped tests' titles.
if (!docker.ok) console.warn(`[v6lab] the docker half of this test file is skipped: ${docker.why}`);

export const RUNTIMES: RuntimeCase[] = [
  { kind: 'netns', skip: undefined, label: 'netns' },
  { kind: 'docker', skip: docker.ok ? undefined : docker.why, label: docker.ok ? 'docker' : `docker (skipped: ${docker.why})` },
];

export const DOCKER_AVAILABLE = docker.ok;
