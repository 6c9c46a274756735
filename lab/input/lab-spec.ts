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
  /** Real browsers (Chromium, Firefox ESR) as clients too: on by default on the netns runtime (`--no-browsers`). */
  browsers?: boolean;
  /** Your own checks, run after the method's (fetch, resolve, ping, tcp, exec, wire). */
  checks?: UserCheckSpec[];
  /** Per role, the implementation (default: the guide's), your own config file for it, and its port (proxies). */
  roles?: Partial<Record<RoleName, { impl?: string; config?: string; port?: number }>>;
}

/** Per-role maps as a spec's roles: `{ impls: { dns64: 'knot' }, ports: {…} }` → `{ dns64: { impl: 'knot' }, … }`. */
export function rolesSpec(o: { impls?: Partial<Record<RoleName, string>>; configs?: Partial<Record<RoleName, string>>; ports?: Partial<Record<RoleName, number>> }): NonNullable<LabSpec['roles']> {
  const roles: NonNullable<LabSpec['roles']> = {};
  const role = (r: string) => (roles[r as RoleName] ??= {});
  for (const [r, impl] of Object.entries(o.impls ?? {})) role(r).impl = impl;
  for (const [r, config] of Object.entries(o.configs ?? {})) role(r).config = config;
  for (const [r, port] of Object.entries(o.ports ?? {})) role(r).port = port;
  return roles;
}
