// The docker runtime's floor: creating, starting and removing the same number of containers from
// the node image, doing nothing in them — what any container-based lab pays before its first
// command. The docker runtime's overhead over netns is compared to it.
import type Docker from 'dockerode';
import pLimit from 'p-limit';

export async function dockerFloorSeconds(docker: Docker, image: string, containers: number): Promise<number> {
  const limit = pLimit(8);
  const t0 = performance.now();
  const made = await Promise.all(
    Array.from({ length: containers }, (_, i) =>
      limit(async () => {
        const c = await docker.createContainer({ Image: image, Cmd: ['sleep', 'infinity'], Labels: { 'org.v6lab.bench': 'floor' }, HostConfig: { NetworkMode: 'none', Init: true }, name: `v6l-bench-floor-${process.pid}-${i}` });
        await c.start();
        return c;
      }),
    ),
  );
  await Promise.all(made.map((c) => limit(() => c.remove({ force: true }))));
  return (performance.now() - t0) / 1000;
}
