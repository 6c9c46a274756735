// A lab as a user writes it — in a YAML lab file or with defineLab() in TypeScript: a method
// (preset), any part of the address plan, hosts, faults and what each check is expected to do.
import type { Expectation } from '../checks/check.js';
import type { PlanInput } from '../plan/plan.js';
import type { Release } from '../env/release.js';
import type { RuntimeKind } from '../runtime/runtime.js';
import type { RoleName } from '../services/role.js';
import type { UserCheckSpec } from '../checks/user-check-spec.js';

export interface LabSpec<M extends string = string> {
  /** Names the run and its run directory. */
  name?: string;
  /** A preset, as `npm run lab -- list` shows them. */
  method: M;
  hosts?: number;
  runtime?: RuntimeKind;
  /** The Debian release of the nodes' daemons (docker node images; netns runs the host's). */
  release?: Release;
  /** Any part of the plan; the rest comes from the preset. */
  plan?: PlanInput;
  faults?: string[];
  /** Per check id: pass (the default) or fail. */
  expect?: Record<string, Expectation>;
  /** Also run the method's conformance checks (`--conformance`). */
  conformance?: boolean;
  /** Your own checks, run after the method's (fetch, resolve, ping, tcp, exec, wire). */
  checks?: UserCheckSpec[];
  /** Per role, the implementation (default: the guide's), your own config file for it, and its port (proxies). */
  roles?: Partial<Record<RoleName, { impl?: string; config?: string; port?: number }>>;
}

/** `{ dns64: 'knot' }` → `{ dns64: { impl: 'knot' } }`: chosen implementations as a spec's roles. */
export function implsAsRoles(roles: Partial<Record<RoleName, string>>): NonNullable<LabSpec['roles']> {
  return Object.fromEntries(Object.entries(roles).map(([role, impl]) => [role, { impl }]));
}
