// What a run reports, and the events it emits while it runs. Everything under report/ renders
// these; the engine (run-lab.ts) fills them in.
import type { CheckResult } from '../checks/check.js';
import type { Plan, Spelling } from '../plan/plan.js';
import type { AdoptionRecord, RoleName } from '../services/role.js';
import type { Release } from '../env/release.js';
import type { RuntimeKind } from '../runtime/runtime.js';
import type { AuditEntry } from '../services/config-audit.js';
import type { Topology } from '../topology/types.js';

export type Phase = 'topology' | 'capture' | 'services' | 'faults' | 'checks' | 'teardown';

export type LabEvent =
  | { type: 'phase'; phase: Phase; state: 'start' | 'done'; ms?: number }
  | { type: 'check'; result: CheckResult }
  | { type: 'note'; text: string };

/** The lab file a run came from. */
export interface LabFileRef {
  path: string;
  /** sha256 of its content, so a report names exactly which version of the file it ran. */
  sha256: string;
  content: string;
}

export interface Report {
  /** The lab file's `name:` (when the run came from one). */
  name?: string;
  method: string;
  runtime: RuntimeKind;
  /** The Debian release whose daemons the nodes ran (absent: a host that is not one the lab knows). */
  release?: { name: Release; number: number };
  /** The version of each role implementation's daemon, as it said (`unbound: 1.17.1`). */
  versions: Record<string, string>;
  labId: string;
  ok: boolean;
  faults: string[];
  /** The address plan the run used. */
  plan: Plan;
  /** Each role of the method with the implementation the run deployed. */
  roles: Partial<Record<RoleName, string>>;
  /** The users' own configs the run deployed, each with the lab's rewrites as a unified diff. */
  adopted: AdoptionRecord[];
  /** The roles whose implementation is not the guide's (what the verdict line names). */
  chosen: Partial<Record<RoleName, string>>;
  labFile?: LabFileRef;
  checks: CheckResult[];
  audit: AuditEntry[];
  notes: string[];
  /** Seconds per phase, and total. */
  timings: Partial<Record<Phase | 'total', number>>;
  topology: Topology;
  /** What was deployed where (daemons and one-shot set-ups such as NAT rules). */
  /** Plan values the lab file spelt otherwise than RFC 5952 (the plan above has them in that form). */
  spellings?: Spelling[];
  /** Each daemon deployed, and where it was asked to listen ("tcp [fe80::1]:3128"). */
  services: { node: string; name: string; listens?: string }[];
  /** The port each proxy role listened on (the guide's, the lab file's `port:`, or the user's config's listen line). */
  ports?: Partial<Record<RoleName, number>>;
  /** Daemons that died on their own during the run, with the end of their logs. */
  crashes: { node: string; name: string; exit: string; logTail: string }[];
  /** Set when the run could not finish (deploy failed, interrupted…). */
  error?: string;
  kept: boolean;
}
