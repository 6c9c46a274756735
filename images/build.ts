// npm run images: build the docker runtime's node image if it is missing (reuse it otherwise),
// making its Debian base offline with debootstrap when no registry can be reached.
import { requireRoot } from '../lab/env/requirements.js';
import { connectDocker } from '../lab/runtime/docker-runtime.js';
import { ensureNodeImage, NODE_IMAGE } from '../lab/runtime/docker-images.js';

try {
  requireRoot();
  const docker = await connectDocker();
  await ensureNodeImage(docker, { build: true, log: (l) => console.log(l) });
  console.log(`${NODE_IMAGE}: ready`);
} catch (e) {
  console.error(`v6lab images: ${(e as Error).message}`);
  process.exit(3);
}
