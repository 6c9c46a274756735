// The data plane per method (`npm run bench -- --load`): how much traffic each method carries
// from the hosts to the lab internet, against the kernel-forwarded baseline (the same hosts with
// a routed IPv6 path, no translation) in the same run. Every load is bounded in time; all
// traffic stays inside the lab's namespaces.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { downKeptLabs } from '../lab/runtime/lab-cleanup.js';
import { namespaceName } from '../lab/runtime/host-commands.js';
import { runLab } from '../lab/index.js';
import { nat64Address } from '../lab/topology/address.js';
import { GUIDE_PLAN } from '../scenarios/common/address-plan.js';

export interface LoadCell {
  method: string;
  /** curl downloading 100 MB from the internet's web server, Gbit/s. */
  downloadGbps: number | null;
  /** iperf3 TCP for 3 s (where the path is IP: not through a proxy), Gbit/s. */
  iperfGbps: number | null;
  /** wrk from both hosts for 3 s, 8 connections each: requests/s, p50 and p99 latency (ms). */
  http: { rps: number; p50ms: number; p99ms: number } | null;
  /** Why a measure could not be taken for this method. */
  notes: string[];
}

const BIG = 100 * 1024 * 1024;
const plan = GUIDE_PLAN;
const synthesized = nat64Address(plan.internet.web, plan.nat64.prefix);

/** Where each method's traffic goes, and how a client reaches it. */
const TARGETS: Record<string, { method: string; faults?: string[]; url: string; iperf?: string; proxy?: string; wrk?: 'direct' | 'http-proxy' }> = {
  'kernel baseline (routed IPv6)': { method: 'lla-only', faults: ['hosta-ula'], url: `http://[${plan.internet['dual-web-ipv6']}]`, iperf: plan.internet['dual-web-ipv6'], wrk: 'direct' },
  'nat64 (Tayga)': { method: 'nat64', url: `http://[${synthesized}]`, iperf: synthesized, wrk: 'direct' },
  // IPv4 literals through each host's CLAT and then the gateway's NAT64: two Taygas in series.
  'nat64-clat (464XLAT)': { method: 'nat64-clat', url: `http://${plan.internet.web}`, iperf: plan.internet.web, wrk: 'direct' },
  'proxy-http (Squid)': { method: 'proxy-http', url: `http://${plan.internet.web}`, proxy: `http://[${plan.lan['gateway-lla']}%eth0]:3128`, wrk: 'http-proxy' },
  'proxy-socks (Dante)': { method: 'proxy-socks', url: `http://${plan.internet.web}`, proxy: `socks5h://[${plan.lan['gateway-lla']}%eth0]:1080` },
};

export async function measureLoad(dir: string): Promise<LoadCell[]> {
  const cells: LoadCell[] = [];
  for (const [name, t] of Object.entries(TARGETS)) {
    // Only the kernel baseline's hosta has a routable address; the load runs from hosta (and hostb where it can).
    const report = await runLab({ method: t.method, faults: t.faults ?? [], browsers: false }, { keep: true });
    const ns = (node: string): string => namespaceName(report.labId, node);
    const inNs = (node: string, argv: string[], timeoutMs = 30_000) => execa('ip', ['netns', 'exec', ns(node), ...argv], { reject: false, timeout: timeoutMs });
    const notes: string[] = [];
    try {
      const www = join('/run/v6lab', report.labId, 'configs', 'internet', 'www');
      await writeFile(join(www, 'big.bin'), Buffer.alloc(BIG));
      const dl = await inNs('hosta', ['curl', '-s', '--max-time', '30', ...(t.proxy ? ['-x', t.proxy] : []), '-o', '/dev/null', '-w', '%{speed_download} %{size_download}', `${t.url}/big.bin`]);
      const [speed, size] = String(dl.stdout).split(' ').map(Number);
      const downloadGbps = dl.exitCode === 0 && size === BIG ? ((speed ?? 0) * 8) / 1e9 : null;
      if (downloadGbps === null) notes.push(`download failed: curl exit ${dl.exitCode}`);
      let iperfGbps: number | null = null;
      if (t.iperf) {
        const server = execa('ip', ['netns', 'exec', ns('internet'), 'iperf3', '-s', '-1'], { reject: false, timeout: 20_000 });
        await new Promise((r) => setTimeout(r, 300));
        const c = await inNs('hosta', ['iperf3', '-c', t.iperf, '-t', '3', '-J'], 20_000);
        await server;
        const j = JSON.parse(String(c.stdout) || '{}') as { end?: { sum_received?: { bits_per_second?: number } } };
        iperfGbps = j.end?.sum_received?.bits_per_second ? j.end.sum_received.bits_per_second / 1e9 : null;
        if (iperfGbps === null) notes.push(`iperf3 failed: exit ${c.exitCode}`);
      } else notes.push('iperf3: not through a proxy (it speaks TCP to a server, not HTTP or SOCKS to a proxy)');
      let http: LoadCell['http'] = null;
      if (t.wrk) {
        const script = join('/run/v6lab', report.labId, 'wrk-proxy.lua');
        // Through an HTTP proxy: the request line carries the absolute URL (RFC 9112 §3.2.2).
        await writeFile(script, `wrk.path = "${t.url}/"\nwrk.headers["Host"] = "${plan.internet.web}"\n`);
        const target = t.wrk === 'http-proxy' ? `http://[${plan.lan['gateway-lla']}%eth0]:3128/` : `${t.url}/`;
        const hosts = ['hosta', 'hostb'];
        // The baseline's hostb gets a routable address too, so both sides load from two hosts.
        if (t.method === 'lla-only') await inNs('hostb', ['ip', '-6', 'addr', 'add', `${plan.lan.prefix.replace('::/64', '::c')}/64`, 'dev', 'eth0', 'nodad']);
        const runs = await Promise.all(hosts.map((h) => inNs(h, ['wrk', '-t1', '-c8', '-d3s', '--latency', ...(t.wrk === 'http-proxy' ? ['-s', script] : []), target], 20_000)));
        const parsed = runs.map((r) => ({ rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(String(r.stdout))?.[1] ?? NaN), p50: ms(/\s50%\s+([\d.]+)(us|ms|s)/.exec(String(r.stdout))), p99: ms(/\s99%\s+([\d.]+)(us|ms|s)/.exec(String(r.stdout))), errors: /Non-2xx or 3xx responses: (\d+)/.exec(String(r.stdout))?.[1] }));
        if (parsed.every((p) => Number.isFinite(p.rps) && !p.errors)) http = { rps: parsed.reduce((a, p) => a + p.rps, 0), p50ms: Math.max(...parsed.map((p) => p.p50)), p99ms: Math.max(...parsed.map((p) => p.p99)) };
        else notes.push(`wrk: ${runs.map((r) => String(r.stdout).split('\n').slice(-3).join(' ') || String(r.stderr)).join(' | ')}`);
      } else notes.push('req/s: no SOCKS-capable load tool (wrk speaks HTTP and HTTP proxies only)');
      cells.push({ method: name, downloadGbps, iperfGbps, http, notes });
      console.log(`load ${name}: download ${downloadGbps?.toFixed(2) ?? '—'} Gbit/s, iperf3 ${iperfGbps?.toFixed(2) ?? '—'} Gbit/s, HTTP ${http ? `${http.rps.toFixed(0)} req/s p50 ${http.p50ms.toFixed(2)} ms p99 ${http.p99ms.toFixed(2)} ms` : '—'}${notes.length ? ` (${notes.join('; ')})` : ''}`);
    } finally {
      await downKeptLabs(report.labId);
    }
  }
  await writeFile(join(dir, 'load.json'), JSON.stringify(cells, null, 2) + '\n');
  return cells;
}

function ms(m: RegExpExecArray | null): number {
  if (!m) return NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
}

/** More hosts than Tayga's pool: which hosts get through, and Tayga's own words for the rest. */
export async function poolLimit(): Promise<{ hosts: number; pool: string; failed: string[]; taygaSays: string }> {
  const pool = '192.168.255.0/29'; // 8 addresses: the network's and Tayga's own leave 6
  const hosts = 7;
  const report = await runLab({ method: 'nat64', hosts, browsers: false, plan: { ...plan, nat64: { ...plan.nat64, pool, 'tayga-ipv4': '192.168.255.1' } } }, { artifactsDir: join('/tmp', `v6lab-bench-pool-${process.pid}`) });
  const reach = report.checks.find((c) => c.id === 'reach-by-name');
  const failed = [...(reach?.observed ?? '').matchAll(/(\w+) → [^;|]*?(?:curl: \(\d+\)[^;|]*|HTTP (?!200)\d+)/g)].map((m) => m[1]!);
  const log = await execa('sh', ['-c', `cat /tmp/v6lab-bench-pool-${process.pid}/logs/gw-tayga.log; rm -rf /tmp/v6lab-bench-pool-${process.pid}`], { reject: false });
  const lines = String(log.stdout).split('\n').filter(Boolean);
  const refusal = lines.filter((l) => /exhaust|unable|no free|full|out of/i.test(l));
  const assigned = lines.filter((l) => /assigned new pool address/.test(l)).length;
  const taygaSays = `${assigned} "assigned new pool address" lines for ${hosts} hosts; ${refusal.length ? refusal.slice(0, 2).join(' | ') : 'nothing logged for the host that got none (its packets are dropped silently)'}`;
  return { hosts, pool, failed, taygaSays };
}
