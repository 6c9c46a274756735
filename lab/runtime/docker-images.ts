// The node images of the docker runtime, one per Debian release, built from images/node/Dockerfile
// with the packages the caller names (every daemon and node tool that release packages). Where
// no image registry can be reached (like here), the Dockerfile's base is made offline first:
// debootstrap the release's minbase into a directory and `docker import` it. Nothing is pulled.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { execa } from 'execa';
import { EnvironmentError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { releaseLabel, type Release } from '../env/release.js';
import { ensureRequirements } from '../env/requirements.js';
import { tool } from '../env/tools.js';

const DOCKERFILE_DIR = join(PACKAGE_ROOT, 'images', 'node');
const DOCKERFILE = readFileSync(join(DOCKERFILE_DIR, 'Dockerfile'));

/** What a node image holds: a release's packages. */
export interface NodeImageSpec {
  release: Release;
  packages: readonly string[];
}

/**
 * `v6lab/node:trixie-<hash>`: tagged by the Dockerfile, the release and the package list, so a
 * daemon added to the registry (or a changed Dockerfile) is a new image, built on first use.
 */
export function nodeImageRef(spec: NodeImageSpec): string {
  const hash = createHash('sha256').update(DOCKERFILE).update(spec.release).update([...spec.packages].sort().join(' ')).digest('hex').slice(0, 12);
  return `v6lab/node:${spec.release}-${hash}`;
}

/** v6lab itself as an image (images/v6lab/, built on a node image): its name, and the release its daemons come from. */
export const V6LAB_IMAGE = 'v6lab/v6lab';
export const V6LAB_IMAGE_RELEASE: Release = 'trixie';

export const offlineBase = (release: Release): string => `v6lab/${release}-base:latest`;
const registryBase = (release: Release): string => `debian:${release}-slim`;

export const BUILD_COMMAND = 'npm run images';

export async function hasImage(docker: Docker, ref: string): Promise<boolean> {
  try {
    await docker.getImage(ref).inspect();
    return true;
  } catch {
    return false;
  }
}

/** Make sure the release's node image exists: reuse it, or build it (and its base) and say so. Returns its ref. */
export async function ensureNodeImage(docker: Docker, spec: NodeImageSpec, o: { build: boolean; log: (line: string) => void }): Promise<string> {
  const ref = nodeImageRef(spec);
  if (await hasImage(docker, ref)) return ref;
  if (!o.build) throw new EnvironmentError(`the docker image ${ref} (${releaseLabel(spec.release)}) is not built. Build it with:\n  ${BUILD_COMMAND} -- --release ${spec.release}`);
  o.log(`building ${ref} for ${releaseLabel(spec.release)} (first use of this release's node image; later runs reuse it)`);
  let base = registryBase(spec.release);
  if (!(await hasImage(docker, base))) {
    base = offlineBase(spec.release);
    if (!(await hasImage(docker, base))) await importDebootstrapBase(spec.release, o.log);
  }
  // --network host: the build's apt-get reaches Debian's mirror like the host does.
  const r = await execa('docker', ['build', '--network', 'host', '--build-arg', `BASE=${base}`, '--build-arg', `PACKAGES=${[...spec.packages].sort().join(' ')}`, '-t', ref, DOCKERFILE_DIR], { reject: false, all: true });
  if (r.exitCode !== 0) throw new EnvironmentError(`docker build of ${ref} failed (exit ${r.exitCode}):\n${String(r.all).trim().split('\n').slice(-8).join('\n')}`);
  o.log(`built ${ref} on ${base}`);
  return ref;
}

/** debootstrap the release (minbase) and import it as its offline base image (~30–60 s here). */
async function importDebootstrapBase(release: Release, log: (line: string) => void): Promise<void> {
  await ensureRequirements([tool('debootstrap')], true, log);
  const dir = await mkdtemp(join(tmpdir(), 'v6lab-rootfs-'));
  const base = offlineBase(release);
  try {
    log(`no ${registryBase(release)} image and no registry: making ${base} with debootstrap`);
    const d = await execa('debootstrap', ['--variant=minbase', release, dir, 'http://deb.debian.org/debian'], { reject: false, all: true });
    if (d.exitCode !== 0) throw new EnvironmentError(`debootstrap ${release} failed (exit ${d.exitCode}):\n${String(d.all).trim().split('\n').slice(-5).join('\n')}`);
    const imp = await execa('sh', ['-c', `tar -C "${dir}" -c . | docker import -m "v6lab: debootstrap ${release} minbase" - ${base}`], { reject: false, all: true });
    if (imp.exitCode !== 0) throw new EnvironmentError(`docker import failed: ${String(imp.all).trim()}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
