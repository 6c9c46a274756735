// `lab kube`: the matrix as Kubernetes objects, on paper — an Indexed Job with one completion per
// lab, the lab files in a ConfigMap, each pod running the v6lab image with --json so that
// `kubectl logs` collects report.json. Typed with @kubernetes/client-node's models (a wrong field
// fails to compile); printed as YAML for `kubectl apply -f -`. Nothing here talks to a cluster.
import type { V1ConfigMap, V1Job } from '@kubernetes/client-node';

/** The bench's peak memory per method (npm run bench -- --memory), what each pod reserves. */
export const MEMORY_FILE = 'bench/results/memory.json';

export interface MemoryFigures {
  date: string;
  methods: Record<string, { peakMiB: number }>;
}

/** One lab of the matrix: its lab file's text, under its key in the ConfigMap. */
export interface KubeLab {
  key: string;
  /** As the command line named it (a method, or a lab file's path). */
  target: string;
  method: string;
  text: string;
}

/** Where the ConfigMap's lab files are in each pod. */
const LABS_DIR = '/labs';

/**
 * A pod's memory request: the highest peak the bench measured for the labs' methods (2 hosts),
 * with a quarter more for what the bench's machine did not see, in 16 MiB steps.
 */
export function memoryRequest(labs: readonly KubeLab[], figures: MemoryFigures): string {
  const peaks = labs.map((l) => {
    const m = figures.methods[l.method];
    if (!m) throw new Error(`${MEMORY_FILE} has no figure for ${l.method}: run npm run bench -- --memory`);
    return m.peakMiB;
  });
  return `${Math.ceil((Math.max(...peaks) * 1.25) / 16) * 16}Mi`;
}

export function kubeManifests(labs: readonly KubeLab[], o: { name: string; image: string; memory: MemoryFigures }): [V1ConfigMap, V1Job] {
  const labels = { 'app.kubernetes.io/name': 'v6lab', 'app.kubernetes.io/instance': o.name };
  const configMap: V1ConfigMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: o.name, labels },
    data: Object.fromEntries(labs.map((l) => [l.key, l.text])),
  };
  const job: V1Job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: o.name, labels, annotations: { 'v6lab.org/labs': labs.map((l, i) => `${i}=${l.target}`).join(' ') } },
    spec: {
      completionMode: 'Indexed',
      completions: labs.length,
      parallelism: labs.length,
      // A lab's verdict is its result: a failed check is not retried into a pass.
      backoffLimit: 0,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          volumes: [{ name: 'labs', configMap: { name: o.name } }],
          containers: [
            {
              name: 'v6lab',
              image: o.image,
              imagePullPolicy: 'IfNotPresent',
              // Lab i of the ConfigMap; --json: the report on stdout, for kubectl logs.
              args: [`${LABS_DIR}/lab-$(LAB_INDEX).yaml`, '--json', '--artifacts', '/tmp/v6lab-run'],
              env: [{ name: 'LAB_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } }],
              volumeMounts: [{ name: 'labs', mountPath: LABS_DIR, readOnly: true }],
              // As measured with docker run: the netns runtime needs a privileged container (see docs/runtimes.md).
              securityContext: { privileged: true },
              resources: { requests: { cpu: '1', memory: memoryRequest(labs, o.memory) } },
            },
          ],
        },
      },
    },
  };
  return [configMap, job];
}
