// The docker runtime as the registry sees it. dockerode and the image builder are loaded only
// when a docker lab is asked for: a netns run never pays for them.
import { hostRelease } from '../env/release.js';
import { tool, type ToolName } from '../env/tools.js';
import type { RuntimeDriver } from './driver.js';

const engine = () => import('./docker-runtime.js');

/** The node images' release on a host that is not a Debian release the lab knows. */
const DEFAULT_RELEASE = 'bookworm';

/** On the host: links are wired and inspected from outside the containers; daemons come with the image. */
const HOST_TOOLS: ToolName[] = ['ip', 'ss', 'sysctl'];

export const dockerDriver: RuntimeDriver = {
  kind: 'docker',
  description: 'every node a container (dockerode), wired through its linked network namespace',
  hostRequirements: () => HOST_TOOLS.map(tool),
  async unavailable() {
    const { connectDocker } = await engine();
    return connectDocker().then(
      () => undefined,
      (e: Error) => e.message.split('\n')[0] ?? 'no Docker engine',
    );
  },
  // Node images of any release; by default the host's, so both runtimes test the same daemons.
  release: (asked) => asked ?? hostRelease() ?? DEFAULT_RELEASE,
  async open(o) {
    const { connectDocker, DockerRuntime, containerOneShot } = await engine();
    const { ensureNodeImage } = await import('./docker-images.js');
    const docker = await connectDocker();
    const release = dockerDriver.release(o.release)!;
    const image = await ensureNodeImage(docker, { release, packages: o.nodePackages(release) }, { build: o.buildImages, log: o.log });
    return { make: (labId, record) => new DockerRuntime(docker, labId, record, { image, release }), oneShot: containerOneShot(image) };
  },
  enterArgv: (record, node, cmd, tty) => ['docker', 'exec', tty ? '-it' : '-i', record.namespaces[node] ?? node, ...cmd],
  async removeLab(record) {
    const { connectDocker, removeDockerLab } = await engine();
    // Without an engine its containers cannot run; they are found by label once it is back.
    const docker = await connectDocker().catch(() => undefined);
    if (docker) await removeDockerLab(docker, record.labId, Object.values(record.namespaces));
  },
  async collectStray(live) {
    const { connectDocker, labContainers, removeDockerLab } = await engine();
    const docker = await connectDocker().catch(() => undefined);
    if (!docker) return [];
    const stray = (await labContainers(docker)).filter((c) => !live.has(c.labId));
    const removed: string[] = [];
    for (const id of new Set(stray.map((c) => c.labId))) removed.push(...(await removeDockerLab(docker, id, [])).map((n) => `container ${n} (no live lab)`));
    return removed;
  },
  async leftovers() {
    const { connectDocker, labContainers } = await engine();
    const docker = await connectDocker().catch(() => undefined);
    return docker ? (await labContainers(docker)).map((c) => `container ${c.name}`) : [];
  },
};
