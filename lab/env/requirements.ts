// What the machine must have for a lab to run: root, and the Debian packages of the daemons.
// The first run installs what is missing (apt-get), or says the exact command with --no-install.
import { existsSync, writeFileSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';

export class EnvironmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvironmentError';
  }
}

/** The Debian package that ships each binary the lab calls. */
export const PACKAGE_OF: Record<string, string> = {
  ip: 'iproute2',
  ss: 'iproute2',
  sysctl: 'procps',
  pgrep: 'procps',
  dnsmasq: 'dnsmasq-base',
  unbound: 'unbound',
  'unbound-checkconf': 'unbound',
  tayga: 'tayga',
  jool: 'jool-tools',
  iptables: 'iptables',
  nsd: 'nsd',
  lighttpd: 'lighttpd',
  dig: 'bind9-dnsutils',
  curl: 'curl',
  rdisc6: 'ndisc6',
  tcpdump: 'tcpdump',
  squid: 'squid',
  danted: 'dante-server',
  ping: 'iputils-ping',
  chromium: 'chromium',
  debootstrap: 'debootstrap',
  dockerd: 'docker.io',
};

const SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

/**
 * What the host itself must have for a runtime: on netns every daemon runs from the host; on
 * docker the daemons come with the image and the host wires and inspects the containers'
 * namespaces with ip, ss and sysctl.
 */
export function hostBinaries(runtime: 'netns' | 'docker', methodBinaries: string[]): string[] {
  return runtime === 'docker' ? ['ip', 'ss', 'sysctl'] : methodBinaries;
}

export function findBinary(name: string): string | undefined {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), ...SBIN];
  return dirs.map((d) => join(d, name)).find((p) => existsSync(p));
}

export function missingPackages(binaries: string[]): { binary: string; pkg: string }[] {
  return binaries.filter((b) => !findBinary(b)).map((binary) => ({ binary, pkg: PACKAGE_OF[binary] ?? binary }));
}

export function installCommand(packages: string[]): string {
  return `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${[...new Set(packages)].sort().join(' ')}`;
}

export function requireRoot(): void {
  if (process.getuid?.() !== 0) {
    throw new EnvironmentError('v6lab must run as root: it creates network namespaces and starts daemons in them. Run it with sudo (e.g. `sudo npm run lab -- nat64`).');
  }
}

/**
 * Make sure every binary is there. With install=true, missing packages are installed with
 * apt-get; a policy-rc.d that forbids service starts is put in place for the install if none
 * exists, so Debian's maintainer scripts never start unbound/squid/… in the root namespace.
 */
export async function ensureBinaries(binaries: string[], install: boolean, log: (line: string) => void): Promise<void> {
  const missing = missingPackages(binaries);
  if (missing.length === 0) return;
  const pkgs = [...new Set(missing.map((m) => m.pkg))];
  const what = missing.map((m) => `${m.binary} (${m.pkg})`).join(', ');
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
  const still = missingPackages(binaries);
  if (still.length > 0) throw new EnvironmentError(`still missing after install: ${still.map((m) => m.binary).join(', ')}`);
}
