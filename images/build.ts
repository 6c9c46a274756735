// npm run images [-- --release bookworm|trixie|all] [--v6lab]: build the docker runtime's node
// image of each release if it is missing (reuse it otherwise), making its Debian base offline with
// debootstrap when no registry can be reached. Default: the release the docker runtime uses on
// this host. --v6lab also builds v6lab itself as an image (v6lab/v6lab, images/v6lab-image.ts).
import { parseArgs } from 'node:util';
import { parseReleases } from '../lab/env/release.js';
import { requireRoot } from '../lab/env/requirements.js';
import { dockerDriver } from '../lab/runtime/docker-driver.js';
import { connectDocker } from '../lab/runtime/docker-runtime.js';
import { ensureNodeImage } from '../lab/runtime/docker-images.js';
import { nodeImageSpec } from '../lab/services/registry.js';
import { ensureV6labImage, V6LAB_IMAGE } from './v6lab-image.js';

try {
  const { values } = parseArgs({ options: { release: { type: 'string' }, v6lab: { type: 'boolean' } } });
  const releases = values.release ? parseReleases(values.release) : [dockerDriver.release()!];
  requireRoot('npm run images');
  const docker = await connectDocker();
  for (const release of releases) {
    const ref = await ensureNodeImage(docker, nodeImageSpec(release), { build: true, log: (l) => console.log(l) });
    console.log(`${ref}: ready`);
  }
  if (values.v6lab) console.log(`${await ensureV6labImage(docker, (l) => console.log(l))}: ready (also ${V6LAB_IMAGE}:latest)`);
} catch (e) {
  console.error(`v6lab images: ${(e as Error).message}`);
  process.exit(3);
}
