// `lab kube <methods or lab files…>`: print the Indexed Job and ConfigMap that run them on a
// cluster through the v6lab image (kube-job.ts builds them). Each lab is judged here first, as a
// run would judge it, and what a pod cannot do is refused: a lab file naming a config file of
// yours (the ConfigMap carries lab files only), or the docker runtime or another release than the
// image's (the image runs netns with Debian 13's daemons).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { SCENARIOS } from '../../scenarios/index.js';
import { releaseLabel } from '../env/release.js';
import { UsageError } from '../errors.js';
import { PACKAGE_ROOT, PACKAGE_VERSION } from '../package-root.js';
import { V6LAB_IMAGE, V6LAB_IMAGE_RELEASE } from '../runtime/docker-images.js';
import { isLabFile, loadLabFile } from './lab-file.js';
import { kubeManifests, MEMORY_FILE, type KubeLab, type MemoryFigures } from './kube-job.js';
import { methodList, out } from './common.js';

/** Lab files as literal blocks (as their authors wrote them), and no YAML anchors for kubectl's readers. */
const YAML_OPTIONS = { blockQuote: 'literal', aliasDuplicateObjects: false } as const;


async function labOf(target: string, index: number): Promise<KubeLab> {
  const key = `lab-${index}.yaml`;
  if (!isLabFile(target)) {
    if (!SCENARIOS[target]) throw new UsageError(`unknown method "${target}". Valid methods:\n${methodList()}\nor give a lab file (./site.lab.yaml)`);
    return { key, target, method: target, text: `# ${target}, as \`npm run lab -- ${target}\`\nmethod: ${target}\n` };
  }
  const lab = await loadLabFile(target);
  const own = Object.keys(lab.configs);
  if (own.length > 0) throw new UsageError(`${target}: roles.${own[0]}.config names a file of yours, and the Job's ConfigMap carries lab files only; run it with \`npm run lab -- ${target}\` or through the image with the directory mounted`);
  if (lab.runtime !== 'netns') throw new UsageError(`${target}: runtime: ${lab.runtime} — in a pod the lab runs on the netns runtime (the image has no Docker engine); remove the runtime key`);
  if (lab.release && lab.release !== V6LAB_IMAGE_RELEASE) throw new UsageError(`${target}: release: ${lab.release} — the image's daemons come from ${releaseLabel(V6LAB_IMAGE_RELEASE)}; remove the release key or run it outside Kubernetes with --runtime docker`);
  return { key, target, method: lab.scenario.name, text: lab.labFile?.content ?? '' };
}

export async function printKube(targets: string[], flags: { name: string; image?: string }): Promise<number> {
  if (!/^[a-z0-9]([-a-z0-9]{0,50}[a-z0-9])?$/.test(flags.name)) throw new UsageError(`--name ${flags.name}: a Kubernetes object name: lower-case letters, digits and "-", at most 52 characters`);
  const labs = await Promise.all(targets.map((t, i) => labOf(t, i)));
  const memory = JSON.parse(await readFile(join(PACKAGE_ROOT, MEMORY_FILE), 'utf8')) as MemoryFigures;
  const image = flags.image ?? `${V6LAB_IMAGE}:${PACKAGE_VERSION}`;
  const [configMap, job] = kubeManifests(labs, { name: flags.name, image, memory });
  out(
    `# v6lab: ${labs.length} lab${labs.length === 1 ? '' : 's'} as an Indexed Job (${targets.join(', ')}), on ${image}.`,
    `# Apply: kubectl apply -f <this file>   Results: kubectl logs -l app.kubernetes.io/instance=${flags.name} (each pod prints its report.json)`,
    `# Memory asked per pod: the bench's peak for these methods at 2 hosts (${MEMORY_FILE}, ${memory.date.slice(0, 10)}) plus a quarter; more hosts need more.`,
    '---',
    ...[configMap, job].flatMap((o, i) => [...(i > 0 ? ['---'] : []), stringify(o, YAML_OPTIONS).trimEnd()]),
  );
  return 0;
}
