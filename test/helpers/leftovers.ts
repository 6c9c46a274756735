// What a lab could leave behind on this machine, looked for the way an operator would.
import { existsSync, readdirSync } from 'node:fs';
import { execa } from 'execa';
import { connectDocker, LABEL_LAB } from '../../lab/runtime/docker-runtime.js';
import { NS_PREFIX, stateRoot } from '../../lab/runtime/lab-state.js';

/** What the tests use besides the methods' daemons: ping, tcpdump -r, a real browser for the HTML report. */
export const EXTRA_TEST_BINARIES = ['ping', 'tcpdump', 'chromium'];

const LAB_DAEMONS = ['dnsmasq', 'unbound', 'tayga', 'nsd', 'lighttpd', 'squid', 'danted', 'tcpdump', 'rdisc6'];

export interface Leftovers {
  namespaces: string[];
  /** Containers labelled as a lab's (when a Docker engine is reachable). */
  containers: string[];
  stateDirs: string[];
  etcNetns: string[];
  daemons: string[];
  rootLinks: string[];
}

export async function findLeftovers(): Promise<Leftovers> {
  const ns = await execa('ip', ['netns', 'list'], { reject: false });
  const procs = await execa('pgrep', ['-a', `^(${LAB_DAEMONS.join('|')})$`], { reject: false });
  const links = await execa('ip', ['-o', 'link', 'show'], { reject: false });
  const docker = await connectDocker().catch(() => undefined);
  const containers = docker ? await docker.listContainers({ all: true, filters: { label: [LABEL_LAB] } }) : [];
  return {
    containers: containers.map((c) => c.Names[0] ?? c.Id),
    namespaces: String(ns.stdout).split('\n').map((l) => l.split(' ')[0] ?? '').filter((n) => n.startsWith(NS_PREFIX)),
    stateDirs: existsSync(stateRoot()) ? readdirSync(stateRoot()) : [],
    etcNetns: existsSync('/etc/netns') ? readdirSync('/etc/netns').filter((n) => n.startsWith(NS_PREFIX)) : [],
    // A zombie has exited and released its namespaces; it only waits for init to reap it.
    daemons: String(procs.stdout).split('\n').filter((l) => l && !l.includes('<defunct>')),
    // A lab interface in the root namespace would be a veth/bridge named like ours.
    rootLinks: String(links.stdout).split('\n').filter((l) => /\b(br0|nat64|[a-z0-9]+-eth\d)[@:]/.test(l)),
  };
}

export const NOTHING_LEFT: Leftovers = { namespaces: [], containers: [], stateDirs: [], etcNetns: [], daemons: [], rootLinks: [] };
