// A fault that changes a role before it is deployed: the capability the implementation must have
// (role.ts: CAPABILITIES) and how the role's parameters change.
import type { Plan } from '../plan/plan.js';
import type { Capability, RoleName, RoleParams } from './role.js';

/**
 * A fault that changes a role's parameters before its service is rendered: the capability the
 * chosen implementation must have, and the change (with the plan, for the addresses it names).
 */
export type RoleTransform = {
  [R in RoleName]: { role: R; capability: Capability<R>; params(p: RoleParams[R], plan: Plan): RoleParams[R] };
}[RoleName];

/** A role's parameters with the transforms aimed at it applied, in order. */
export function transformed<R extends RoleName>(role: R, params: RoleParams[R], transforms: readonly RoleTransform[], plan: Plan): RoleParams[R] {
  return transforms.filter((t) => t.role === role).reduce((p, t) => (t.params as (p: RoleParams[R], plan: Plan) => RoleParams[R])(p, plan), params);
}
