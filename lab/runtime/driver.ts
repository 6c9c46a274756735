// What a runtime declares about itself, so nobody outside runtime/ asks which runtime it is (as
// containerlab's NewRuntime(name)): what the host needs, how to get ready, how a person enters a
// node of a kept lab, and how to find and remove a lab's leftovers from its record.
import type { Release } from '../env/release.js';
import type { Requirement } from '../env/requirements.js';
import type { LabRecordBase } from './lab-nodes.js';
import type { LabRecord } from './lab-state.js';
import type { OneShot } from './one-shot.js';
import type { Runtime, RuntimeKind } from './runtime.js';

/** Makes one lab's runtime once the driver is ready. */
export type RuntimeFactory = (labId: string, record: LabRecordBase) => Runtime;

/** What an opened driver gives: labs, and one-shot commands with the nodes' programs before any lab exists. */
export interface OpenedRuntime {
  make: RuntimeFactory;
  oneShot: OneShot;
}

export interface RuntimeDriver {
  readonly kind: RuntimeKind;
  /** One line for `--help` and error messages. */
  readonly description: string;
  /** What the host itself must have, given what the lab's nodes run. */
  hostRequirements(nodePrograms: Requirement[]): Requirement[];
  /** Why no lab can run on this runtime here and now (no engine…), or undefined. Makes nothing. */
  unavailable(): Promise<string | undefined>;
  /**
   * The Debian release its nodes run, given the one asked for (`--release`): the host's for a
   * runtime that runs the host's daemons (asking for another is a usage error), the asked one for
   * a runtime with node images. Undefined: a host that is not a release the lab knows.
   */
  release(asked?: Release): Release | undefined;
  /** Get ready (engine reachable, image of that release present) before anything is made; throws EnvironmentError. */
  open(o: {
    buildImages: boolean;
    log: (line: string) => void;
    release?: Release;
    /** The packages a node of that release holds, for a runtime that builds node images. */
    nodePackages: (release: Release) => string[];
  }): Promise<OpenedRuntime>;
  /** The command line that runs `cmd` in a node of a kept lab, attached to a terminal. */
  enterArgv(record: LabRecord, node: string, cmd: string[], tty: boolean): string[];
  /** Remove what this runtime holds for a lab beyond its namespaces and state directory. */
  removeLab(record: LabRecord): Promise<void>;
  /** Remove what it holds for labs that are not live; returns what was removed, described. */
  collectStray(liveLabIds: ReadonlySet<string>): Promise<string[]>;
  /** What it holds for any lab right now (a leak check after a run expects nothing). */
  leftovers(): Promise<string[]>;
}
