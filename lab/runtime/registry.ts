// The runtime registry: each runtime by the name users type (`--runtime netns|docker`).
// Callers look a runtime up here and never branch on its kind.
import { UsageError } from '../errors.js';
import { dockerDriver } from './docker-driver.js';
import type { RuntimeDriver } from './driver.js';
import { netnsDriver } from './netns-runtime.js';
import type { RuntimeKind } from './runtime.js';

export const RUNTIMES: Record<RuntimeKind, RuntimeDriver> = { netns: netnsDriver, docker: dockerDriver };

export const RUNTIME_KINDS = Object.keys(RUNTIMES) as RuntimeKind[];

export function isRuntimeKind(v: string): v is RuntimeKind {
  return Object.hasOwn(RUNTIMES, v);
}

export function runtimeDriver(kind: string): RuntimeDriver {
  if (!isRuntimeKind(kind)) throw new UsageError(`unknown runtime "${kind}": use ${RUNTIME_KINDS.join(' or ')}`);
  return RUNTIMES[kind];
}
