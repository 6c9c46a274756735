// What labs could leave behind on this machine, looked for the way an operator would: lab
// namespaces, lab daemons still running, state directories, /etc/netns entries, what a runtime
// holds (containers), and lab-looking interfaces in the root namespace. After a run: nothing.
import { existsSync, readdirSync } from 'node:fs';
import { execa } from 'execa';
import { NS_PREFIX, stateRoot } from './runtime/lab-state.js';
import { RUNTIMES } from './runtime/registry.js';
import { labProcessNames } from './services/registry.js';

export interface Leftovers {
  namespaces: string[];
  /** What runtimes hold for labs (containers labelled as a lab's, when an engine is reachable). */
  runtimeObjects: string[];
  stateDirs: string[];
  etcNetns: string[];
  daemons: string[];
  rootLinks: string[];
}

export const NOTHING_LEFT: Leftovers = { namespaces: [], runtimeObjects: [], stateDirs: [], etcNetns: [], daemons: [], rootLinks: [] };

export async function findLeftovers(): Promise<Leftovers> {
  const [ns, procs, links, held] = await Promise.all([
    execa('ip', ['netns', 'list'], { reject: false }),
    execa('pgrep', ['-a', `^(${labProcessNames().join('|')})$`], { reject: false }),
    execa('ip', ['-o', 'link', 'show'], { reject: false }),
    Promise.all(Object.values(RUNTIMES).map((d) => d.leftovers())),
  ]);
  return {
    namespaces: String(ns.stdout).split('\n').map((l) => l.split(' ')[0] ?? '').filter((n) => n.startsWith(NS_PREFIX)),
    runtimeObjects: held.flat(),
    stateDirs: existsSync(stateRoot()) ? readdirSync(stateRoot()) : [],
    etcNetns: existsSync('/etc/netns') ? readdirSync('/etc/netns').filter((n) => n.startsWith(NS_PREFIX)) : [],
    // A zombie has exited and released its namespaces; it only waits for init to reap it.
    daemons: String(procs.stdout).split('\n').filter((l) => l && !l.includes('<defunct>')),
    // A lab interface in the root namespace would be a veth/bridge named like ours.
    rootLinks: String(links.stdout).split('\n').filter((l) => /\b(br0|nat64|[a-z0-9]+-eth\d)[@:]/.test(l)),
  };
}

/** One line per thing left, for a soak's report. */
export function describeLeftovers(l: Leftovers): string[] {
  return Object.entries(l).flatMap(([kind, items]: [string, string[]]) => items.map((i) => `${kind}: ${i}`));
}
