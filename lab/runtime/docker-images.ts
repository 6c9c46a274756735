// The node image for the docker runtime, built from images/node/Dockerfile. Where no image
// registry can be reached (like here), the Dockerfile's base is made offline first: debootstrap
// a Debian bookworm minbase into a directory and `docker import` it. Nothing is ever pulled.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { execa } from 'execa';
import { EnvironmentError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { ensureRequirements } from '../env/requirements.js';
import { tool } from '../env/tools.js';

const DOCKERFILE_DIR = join(PACKAGE_ROOT, 'images', 'node');
/** Tagged by the Dockerfile's content: a changed Dockerfile is a new image, built on first use. */
export const NODE_IMAGE = `v6lab/node:${createHash('sha256').update(readFileSync(join(DOCKERFILE_DIR, 'Dockerfile'))).digest('hex').slice(0, 12)}`;
export const OFFLINE_BASE = 'v6lab/bookworm-base:latest';
const REGISTRY_BASE = 'debian:bookworm-slim';

export const BUILD_COMMAND = 'npm run images';

async function hasImage(docker: Docker, ref: string): Promise<boolean> {
  try {
    await docker.getImage(ref).inspect();
    return true;
  } catch {
    return false;
  }
}

/** Make sure the node image exists: reuse it, or build it (and its base) and say so. */
export async function ensureNodeImage(docker: Docker, o: { build: boolean; log: (line: string) => void }): Promise<void> {
  if (await hasImage(docker, NODE_IMAGE)) return;
  if (!o.build) throw new EnvironmentError(`the docker image ${NODE_IMAGE} is not built. Build it with:\n  ${BUILD_COMMAND}`);
  o.log(`building ${NODE_IMAGE} (first use of the docker runtime; later runs reuse it)`);
  let base = REGISTRY_BASE;
  if (!(await hasImage(docker, REGISTRY_BASE))) {
    base = OFFLINE_BASE;
    if (!(await hasImage(docker, OFFLINE_BASE))) await importDebootstrapBase(o.log);
  }
  // --network host: the build's apt-get reaches Debian's mirror like the host does.
  const r = await execa('docker', ['build', '--network', 'host', '--build-arg', `BASE=${base}`, '-t', NODE_IMAGE, DOCKERFILE_DIR], { reject: false, all: true });
  if (r.exitCode !== 0) throw new EnvironmentError(`docker build of ${NODE_IMAGE} failed (exit ${r.exitCode}):\n${String(r.all).trim().split('\n').slice(-8).join('\n')}`);
  o.log(`built ${NODE_IMAGE} on ${base}`);
}

/** debootstrap bookworm (minbase) and import it as the offline base image (~30 s here). */
async function importDebootstrapBase(log: (line: string) => void): Promise<void> {
  await ensureRequirements([tool('debootstrap')], true, log);
  const dir = await mkdtemp(join(tmpdir(), 'v6lab-rootfs-'));
  try {
    log(`no ${REGISTRY_BASE} image and no registry: making ${OFFLINE_BASE} with debootstrap`);
    const d = await execa('debootstrap', ['--variant=minbase', 'bookworm', dir, 'http://deb.debian.org/debian'], { reject: false, all: true });
    if (d.exitCode !== 0) throw new EnvironmentError(`debootstrap failed (exit ${d.exitCode}):\n${String(d.all).trim().split('\n').slice(-5).join('\n')}`);
    const imp = await execa('sh', ['-c', `tar -C "${dir}" -c . | docker import -m "v6lab: debootstrap bookworm minbase" - ${OFFLINE_BASE}`], { reject: false, all: true });
    if (imp.exitCode !== 0) throw new EnvironmentError(`docker import failed: ${String(imp.all).trim()}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
