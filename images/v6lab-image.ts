// The v6lab image (v6lab/v6lab:<version>): the lab for machines that are not Debian — anything
// with a Docker engine. Built offline on the Debian 13 node image (images/v6lab/Dockerfile) from
// the built package (dist/, run `npm run build` first) and its production dependencies. Tagged by
// a hash of what went in, so a changed build is a new image; <version> and latest follow the newest.
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type Docker from 'dockerode';
import { execa } from 'execa';
import { EnvironmentError } from '../lab/errors.js';
import { PACKAGE_ROOT, PACKAGE_VERSION } from '../lab/package-root.js';
import { ensureNodeImage, hasImage, V6LAB_IMAGE, V6LAB_IMAGE_RELEASE } from '../lab/runtime/docker-images.js';

export { V6LAB_IMAGE, V6LAB_IMAGE_RELEASE };
import { nodeImageSpec } from '../lab/services/registry.js';

const DOCKER_DIR = join(PACKAGE_ROOT, 'images', 'v6lab');
/** What of the repository the image holds besides node_modules. */
const SHIPPED = ['package.json', 'package-lock.json', 'dist', 'examples', 'schema', 'bench/results/memory.json'];

/** A file, or every file under a directory, sorted. */
async function files(path: string): Promise<string[]> {
  if ((await stat(path)).isFile()) return [path];
  const entries = await readdir(path, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
}

/** A hash of everything the image is made of: the Dockerfile, the entry point, the node image, the shipped files. */
async function contentHash(nodeImage: string): Promise<string> {
  const h = createHash('sha256').update(nodeImage);
  for (const f of [...(await files(DOCKER_DIR)), ...(await Promise.all(SHIPPED.map((p) => files(join(PACKAGE_ROOT, p))))).flat()]) {
    h.update(relative(PACKAGE_ROOT, f)).update(await readFile(f));
  }
  return h.digest('hex').slice(0, 12);
}

/** Make sure the image of this build exists (reuse it, or build it and say so); returns its exact ref. */
export async function ensureV6labImage(docker: Docker, log: (line: string) => void): Promise<string> {
  if (!existsSync(join(PACKAGE_ROOT, 'dist', 'lab', 'cli.js'))) throw new EnvironmentError('the v6lab image is made from the built package: run `npm run build` first');
  const nodeImage = await ensureNodeImage(docker, nodeImageSpec(V6LAB_IMAGE_RELEASE), { build: true, log });
  const ref = `${V6LAB_IMAGE}:${PACKAGE_VERSION}-${await contentHash(nodeImage)}`;
  const tags = [`${V6LAB_IMAGE}:${PACKAGE_VERSION}`, `${V6LAB_IMAGE}:latest`];
  if (!(await hasImage(docker, ref))) {
    log(`building ${ref} on ${nodeImage}`);
    const context = await mkdtemp(join(tmpdir(), 'v6lab-image-'));
    try {
      for (const p of SHIPPED) await cp(join(PACKAGE_ROOT, p), join(context, 'package', p), { recursive: true });
      await cp(join(DOCKER_DIR, 'v6lab-entry.sh'), join(context, 'v6lab-entry.sh'));
      // Production dependencies only, as the lock file pins them (no build scripts: dist/ is built).
      const ci = await execa('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: join(context, 'package'), reject: false, all: true });
      if (ci.exitCode !== 0) throw new EnvironmentError(`npm ci for the v6lab image failed (exit ${ci.exitCode}):\n${String(ci.all).trim().split('\n').slice(-8).join('\n')}`);
      // --network host: the build's apt-get reaches Debian's mirror like the host does.
      const b = await execa('docker', ['build', '--network', 'host', '--build-arg', `NODE_IMAGE=${nodeImage}`, '-f', join(DOCKER_DIR, 'Dockerfile'), '-t', ref, context], { reject: false, all: true });
      if (b.exitCode !== 0) throw new EnvironmentError(`docker build of ${ref} failed (exit ${b.exitCode}):\n${String(b.all).trim().split('\n').slice(-8).join('\n')}`);
    } finally {
      await rm(context, { recursive: true, force: true });
    }
    log(`built ${ref}`);
  }
  for (const t of tags) {
    const [repo, tag] = t.split(':') as [string, string];
    await docker.getImage(ref).tag({ repo, tag });
  }
  // Earlier builds of this version are replaced, not kept beside it.
  for (const old of await docker.listImages({ filters: { reference: [`${V6LAB_IMAGE}:${PACKAGE_VERSION}-*`] } })) {
    if (!old.RepoTags?.includes(ref)) for (const t of old.RepoTags ?? []) await docker.getImage(t).remove().catch(() => undefined);
  }
  return ref;
}
