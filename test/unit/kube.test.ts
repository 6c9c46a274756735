// `lab kube`: the matrix as an Indexed Job, on paper. The printed objects are read back by
// @kubernetes/client-node (its own YAML loader and model serializer) without loss, each pod runs
// lab i of the ConfigMap through the image with --json, and what a pod cannot run is refused.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dumpYaml, loadAllYaml, type V1ConfigMap, type V1Job } from '@kubernetes/client-node';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { resolveLab } from '../../lab/input/resolve.js';
import { MEMORY_FILE, memoryRequest, type MemoryFigures } from '../../lab/cli/kube-job.js';
import { SCENARIOS } from '../../scenarios/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const kube = (args: string[]) => execa('node', ['--import', 'tsx', 'lab/cli.ts', 'kube', ...args], { reject: false, cwd: ROOT });

describe('lab kube', () => {
  it('prints a ConfigMap and an Indexed Job that the Kubernetes library reads back without loss (every example lab file, and two methods)', async () => {
    const files = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.lab.yaml')).sort().map((f) => `examples/${f}`);
    const r = await kube(['nat64', ...files, 'proxy-http']);
    expect(r.exitCode, r.stderr).toBe(0);
    const raw = parseAllDocuments(r.stdout).map((d) => d.toJS() as { apiVersion: string; kind: string });
    const [configMap, job] = loadAllYaml(r.stdout) as [V1ConfigMap, V1Job];
    // Written again through the library's own models: any field it does not know would be gone.
    expect(parse(dumpYaml(configMap))).toEqual(raw[0]);
    expect(parse(dumpYaml(job))).toEqual(raw[1]);
    const n = files.length + 2;
    expect(job.spec).toMatchObject({ completionMode: 'Indexed', completions: n, parallelism: n, backoffLimit: 0 });
    const pod = job.spec!.template.spec!;
    const container = pod.containers[0]!;
    expect(container.image).toMatch(/^v6lab\/v6lab:\d+\.\d+\.\d+$/);
    expect(container.args).toEqual(['/labs/lab-$(LAB_INDEX).yaml', '--json', '--artifacts', '/tmp/v6lab-run']);
    expect(container.env?.[0]?.valueFrom?.fieldRef?.fieldPath).toBe("metadata.annotations['batch.kubernetes.io/job-completion-index']");
    expect(container.securityContext?.privileged).toBe(true);
    expect(pod.volumes?.[0]?.configMap?.name).toBe(configMap.metadata?.name);
    // Lab i of the ConfigMap is the i-th target, and each resolves to its method.
    expect(Object.keys(configMap.data ?? {})).toEqual(Array.from({ length: n }, (_, i) => `lab-${i}.yaml`));
    const methods = Object.values(configMap.data ?? {}).map((text) => resolveLab(parseAllDocuments(text)[0]!.toJS(), SCENARIOS).scenario.name);
    expect(methods).toEqual(['nat64', ...files.map((f) => resolveLab(parse(readFileSync(join(ROOT, f), 'utf8')), SCENARIOS).scenario.name), 'proxy-http']);
    // The lab files go in as their authors wrote them.
    expect(configMap.data?.['lab-1.yaml']).toBe(readFileSync(join(ROOT, files[0]!), 'utf8'));
  });

  it("asks the memory the bench measured for the labs' methods (the highest, plus a quarter)", async () => {
    const figures = JSON.parse(readFileSync(join(ROOT, MEMORY_FILE), 'utf8')) as MemoryFigures;
    const request = memoryRequest([{ key: 'lab-0.yaml', target: 'proxy-socks', method: 'proxy-socks', text: '' }], figures);
    expect(Number(request.replace('Mi', ''))).toBeGreaterThanOrEqual(figures.methods['proxy-socks']!.peakMiB * 1.25);
    expect(() => memoryRequest([{ key: 'lab-0.yaml', target: 'x', method: 'no-such-method', text: '' }], figures)).toThrow(`${MEMORY_FILE} has no figure for no-such-method`);
    const r = await kube(['lla-only']);
    expect(r.stdout).toContain(`memory: ${memoryRequest([{ key: 'lab-0.yaml', target: 'lla-only', method: 'lla-only', text: '' }], figures)}`);
  });

  it('refuses what a pod cannot run: exit 2, saying why', async () => {
    const method = await kube(['nat46']);
    expect(method.exitCode).toBe(2);
    expect(method.stderr).toContain('unknown method "nat46"');
    const docker = await kube(['examples/guide.lab.yaml', '--name', 'Bad_Name']);
    expect(docker.exitCode).toBe(2);
    expect(docker.stderr).toContain('--name Bad_Name: a Kubernetes object name');
  });

  it('is typed by the library: a misspelt field does not compile', () => {
    // @ts-expect-error — "completionMod" is not a field of V1JobSpec; `npm run typecheck` fails if this compiles.
    const bad: V1Job = { spec: { completionMod: 'Indexed', template: {} } };
    expect(bad.spec).toBeDefined();
  });
});
