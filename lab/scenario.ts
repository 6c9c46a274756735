// The contract between the engine and a scenario. The engine knows nothing of any method;
// a scenario brings its topology, the services it deploys, its checks and its named faults.
import type { Check } from './checks/check.js';
import type { Lab } from './lab.js';
import type { Endpoint, Topology } from './topology/types.js';

export interface Fault {
  description: string;
  /** Applied after deploy and before the checks (a break in a running stack). */
  apply?(lab: Lab): Promise<void>;
}

export interface ScenarioOptions {
  /** Hosts on the LAN (scenarios that support scaling read it; default 2). */
  hosts?: number;
}

export interface Scenario {
  name: string;
  title: string;
  /** Binaries the scenario's stack needs on the machine (checked before anything is built). */
  binaries: string[];
  topology(options: ScenarioOptions): Topology;
  /** Interfaces captured with tcpdump for the whole run (from before the services start). */
  captures: Endpoint[];
  /** Start the method's services; read `lab.faults` for faults that change how it deploys. */
  deploy(lab: Lab): Promise<void>;
  /** The checks to run on the deployed lab (they may need its paths and options). */
  checks(lab: Lab): Check[];
  faults: Record<string, Fault>;
}
