// What the machine must have for a lab to run: root, and the Debian packages of the programs it
// calls. The first run installs what is missing (apt-get), or says the exact command with
// --no-install. Which programs a lab needs comes from the registries (services/registry.ts,
// env/tools.ts, runtime/registry.ts); this file only finds and installs them.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { EnvironmentError } from '../errors.js';
import type { Release } from './release.js';

/** A program the lab calls, and the Debian package that ships it. */
export interface Requirement {
  binary: string;
  package: string;
  /** The Debian releases that package it (absent: every release the lab knows). */
  releases?: readonly Release[];
}

const SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

/** A program on the PATH (or in an sbin directory), or a file given by its absolute path. */
export function findBinary(name: string): string | undefined {
  if (name.startsWith('/')) return existsSync(name) ? name : undefined;
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), ...SBIN];
  return dirs.map((d) => join(d, name)).find((p) => existsSync(p));
}

/** The same requirements once each, in their first order. */
export function uniqueRequirements(reqs: Requirement[]): Requirement[] {
  return [...new Map(reqs.map((r) => [r.binary, r])).values()];
}

/** Whether a release packages what a requirement names (a machine that is not one of our releases: assume so). */
export function packagedIn(r: Requirement, release: Release | undefined): boolean {
  return release === undefined || r.releases === undefined || r.releases.includes(release);
}

export function missingRequirements(reqs: Requirement[]): Requirement[] {
  return uniqueRequirements(reqs).filter((r) => !findBinary(r.binary));
}

export function installCommand(packages: string[]): string {
  return `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${[...new Set(packages)].sort().join(' ')}`;
}

/** `example` is the command the user ran, as they should run it again (with sudo). */
export function requireRoot(example = 'npm run lab -- <method>'): void {
  if (process.getuid?.() !== 0) {
    throw new EnvironmentError(`v6lab must run as root: it creates network namespaces and starts daemons in them. Run it with sudo (e.g. \`sudo ${example}\`).`);
  }
}

/**
 * Make sure every program is there. With install=true, missing packages are installed with
 * apt-get; a policy-rc.d that forbids service starts is put in place for the install if none
 * exists, so Debian's maintainer scripts never start a daemon in the root namespace.
 */
export async function ensureRequirements(reqs: Requirement[], install: boolean, log: (line: string) => void): Promise<void> {
  const missing = missingRequirements(reqs);
  if (missing.length === 0) return;
  const pkgs = [...new Set(missing.map((m) => m.package))];
  const what = missing.map((m) => `${m.binary} (${m.package})`).join(', ');
  if (!install) throw new EnvironmentError(`missing: ${what}.\nInstall them with:\n  ${installCommand(pkgs)}`);
  log(`installing Debian packages for: ${what}`);
  const policy = '/usr/sbin/policy-rc.d';
  const madePolicy = !existsSync(policy);
  if (madePolicy) writeFileSync(policy, '#!/bin/sh\n# v6lab: no service starts during package installation\nexit 101\n', { mode: 0o755 });
  try {
    const update = await execa('apt-get', ['update', '-qq'], { reject: false });
    const r = await execa('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], { reject: false, env: { DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.exitCode !== 0) {
      throw new EnvironmentError(`apt-get could not install ${pkgs.join(' ')} (exit ${r.exitCode}):\n${String(update.stderr)}\n${String(r.stderr).trim().split('\n').slice(-5).join('\n')}\nTry by hand:\n  ${installCommand(pkgs)}`);
    }
  } finally {
    if (madePolicy) rmSync(policy, { force: true });
  }
  const still = missingRequirements(reqs);
  if (still.length > 0) throw new EnvironmentError(`still missing after install: ${still.map((m) => m.binary).join(', ')}`);
}
