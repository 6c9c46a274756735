// A method's checks as data: groups of checks, each naming its check ids, whether a run has them
// (from the plan, the roles, the hosts — all known before anything is built) and how they are made
// on the deployed lab from what the method's deploy returned (its CA, its logs, its daemons).
// A method's check ids are therefore known without a lab, and typed per method.
import type { Lab } from '../lab.js';
import type { Plan } from '../plan/plan.js';
import type { RoleName } from '../services/role.js';
import type { Check } from './check.js';

/** What decides which checks a run has: the resolved lab, before anything is built. */
export interface CheckInputs {
  plan: Plan;
  hosts: number;
  /** Each of the method's roles with the implementation the run deploys. */
  roles: Readonly<Partial<Record<RoleName, string>>>;
  /** `--conformance`: the RFC corner cases per implementation too. */
  conformance: boolean;
  /** Real browsers as clients too (netns runtime only). */
  browsers: boolean;
}

export interface CheckGroup<Id extends string = string, D = unknown> {
  /** What the group checks ("DNS64", "the app matrix"). */
  name: string;
  /** The ids of the checks it makes, in the order it makes them. */
  ids: readonly Id[];
  /** Whether this run has the group (default: every run). */
  when?(inputs: CheckInputs): boolean;
  /** The checks on the deployed lab; `deployed` is what the method's deploy returned. */
  make(lab: Lab, deployed: D): Check[];
}

/** Type a group by its ids (`group({ ids: ['a', 'b'], … })` keeps 'a' | 'b'). */
export function checkGroup<const Id extends string, D>(g: CheckGroup<Id, D>): CheckGroup<Id, D> {
  return g;
}

/** The ids of the checks a run of these groups has: no lab needed. */
export function groupIds<Id extends string>(groups: readonly CheckGroup<Id, never>[], inputs: CheckInputs): Id[] {
  return groups.filter((g) => g.when?.(inputs) ?? true).flatMap((g) => [...g.ids]);
}

/**
 * The checks of a run, made on the deployed lab. A group that makes other ids than it declares is
 * a bug in the method (its ids would lie to validate and to `expect:`): it stops the run.
 */
export function makeChecks<D>(groups: readonly CheckGroup<string, D>[], inputs: CheckInputs, lab: Lab, deployed: D): Check[] {
  return groups.filter((g) => g.when?.(inputs) ?? true).flatMap((g) => asDeclared(g, g.make(lab, deployed)));
}

/** The checks a group made, if they are the ones it declares, in its order. */
export function asDeclared(group: Pick<CheckGroup, 'name' | 'ids'>, made: Check[]): Check[] {
  const ids = made.map((c) => c.id);
  if (ids.join(' ') !== group.ids.join(' ')) throw new Error(`check group "${group.name}" declares ${group.ids.join(', ')} but made ${ids.join(', ') || 'none'}`);
  return made;
}
