// A running lab: the runtime holding its nodes, the services deployed on them, and what the
// deployment learned on the way (audit of the guide's lines, notes such as "Jool unavailable").
import pLimit from 'p-limit';
import { stopCaptures, type Capture } from './capture/capture.js';
import type { Endpoint } from './topology/types.js';
import type { Daemon } from './runtime/daemon.js';
import type { Runtime } from './runtime/runtime.js';
import { deployService, type DeployedService, type ServiceDefinition } from './services/service.js';

/** One line of the guide tried as written, with the daemon's own words. */
export interface AuditEntry {
  daemon: string;
  line: string;
  ok: boolean;
  message: string;
}

export class Lab {
  readonly services: DeployedService[] = [];
  readonly audit: AuditEntry[] = [];
  readonly notes: string[] = [];
  readonly captures: Capture[] = [];

  constructor(
    readonly runtime: Runtime,
    readonly method: string,
    readonly faults: ReadonlySet<string>,
    readonly options: { hosts: number },
  ) {}

  /** Deploy services concurrently (they are independent once the topology is up). */
  async deploy(defs: ServiceDefinition[]): Promise<void> {
    const results = await Promise.allSettled(defs.map((d) => deployService(this.runtime, d)));
    for (const r of results) if (r.status === 'fulfilled') this.services.push(r.value);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  captureFile(endpoint: Endpoint): string {
    const c = this.captures.find((x) => x.endpoint === endpoint);
    if (!c) throw new Error(`no capture on ${endpoint} in this lab (captured: ${this.captures.map((x) => x.endpoint).join(', ') || 'none'})`);
    return c.file;
  }

  daemon(node: string, name: string): Daemon {
    const d = this.services.find((s) => s.definition.node === node && s.definition.name === name)?.daemon;
    if (!d) throw new Error(`no daemon ${name} on ${node} in this lab`);
    return d;
  }

  /** Daemons that died on their own since they were started (a crash is evidence too). */
  crashedDaemons(): { node: string; name: string; exit: string; logTail: string }[] {
    return this.services.flatMap((s) => {
      const exit = s.daemon?.crashed;
      return s.daemon && exit ? [{ node: s.definition.node, name: s.definition.name, exit: exit.signal ?? `code ${exit.code}`, logTail: s.daemon.logTail() }] : [];
    });
  }

  async stopServices(): Promise<void> {
    const limit = pLimit(16);
    await Promise.all([stopCaptures(this.captures), ...this.services.map((s) => limit(async () => s.daemon?.stop()))]);
  }
}
