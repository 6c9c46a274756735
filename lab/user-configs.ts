// Users' own config files (`--config dns64=./my-unbound.conf`, `roles: { dns64: { config: … } }`):
// before anything is built, each is adopted (services/adopt.ts) into a throwaway directory and
// judged by the daemon's own checker; a file the checker rejects stops the run with the checker's
// words on the user's own lines (exit 2). What passes is deployed by Lab.roleService.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { UsageError } from './errors.js';
import type { OneShot } from './runtime/one-shot.js';
import { adoptionProblems, type Scenario } from './scenario.js';
import { adoptText, type Adoption } from './services/adopt.js';
import { judgeCheckerOutput } from './services/config-audit.js';
import type { AdoptedConfig, RoleName } from './services/role.js';
import { roleImpl } from './services/roles.js';

/** A user's config that its daemon's checker rejects: exit 2, nothing built. */
export class ConfigRejectedError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigRejectedError';
  }
}

export async function adoptUserConfigs(scenario: Scenario, roles: Partial<Record<RoleName, string>>, configs: Partial<Record<RoleName, string>>, oneShot: OneShot, ports: Partial<Record<RoleName, number>> = {}): Promise<AdoptedConfig[]> {
  const adopted: AdoptedConfig[] = [];
  for (const [role, file] of Object.entries(configs) as [RoleName, string][]) {
    const impl = roles[role];
    if (!impl) throw new UsageError(`--config ${role}=${file}: ${scenario.name} has no ${role} role; its roles are: ${Object.keys(scenario.roles).join(', ') || 'none'}`);
    const adoption = roleImpl(role, impl)?.adopt;
    const refused = adoptionProblems(scenario, roles, { [role]: file })[0];
    if (!adoption || refused) throw new UsageError(`--config ${role}=${file}: ${refused?.message ?? `${impl} cannot take your own config`}`);
    const original = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
      throw new UsageError(`--config ${role}=${file}: cannot read it (${e.code ?? e.message})`);
    });
    // A port asked beside a config that listens elsewhere: one of them is a mistake (the lab would not rewrite the user's listen line).
    const listens = adoption.listens?.(original) ?? [];
    const asked = ports[role];
    if (asked !== undefined && listens.length > 0 && !listens.some((l) => l.port === asked)) {
      throw new UsageError(`port ${asked} for ${role}, but ${file} listens on ${[...new Set(listens.map((l) => l.port))].join(', ')}: drop the port (the config's listen line decides), or change the config`);
    }
    const dir = await mkdtemp(join(tmpdir(), 'v6lab-config-'));
    try {
      const a = adoptText(file, original, adoption, { dir, ifname: 'eth0' });
      for (const f of adoption.checkerFiles ?? []) await writeFile(join(dir, f), '');
      await checkAdopted(oneShot, roleImpl(role, impl)!.daemon, file, a.text, a.origin, join(dir, adoption.fileName), adoption.checkerInterfaces);
      adopted.push({ role, impl, file, original });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return adopted;
}

/** Run the daemon's checker on the adopted copy; its complaints, on the user's lines. */
async function checkAdopted(oneShot: OneShot, daemon: NonNullable<ReturnType<typeof roleImpl>>['daemon'], file: string, text: string, origin: number[], path: string, interfaces?: Adoption<unknown>['checkerInterfaces']): Promise<void> {
  const checker = daemon.checker;
  if (!checker) return;
  await writeFile(path, text);
  const result = await oneShot({ argv: [...checker.argv, path], dir: dirname(path), package: daemon.package, ...(interfaces ? { interfaces } : {}) });
  const entries = judgeCheckerOutput({ daemon: daemon.name, checker, text, path, result });
  const lines = text.split('\n');
  const bad = entries.filter((e) => !e.ok && !e.message.startsWith('not judged: the checker stopped'));
  if (result.exitCode === 0 && bad.length === 0) return;
  const where = (e: (typeof entries)[number]): string => {
    const n = lines.indexOf(e.line) + 1;
    const o = n > 0 ? origin[n - 1] : 0;
    return o ? `${file}:${o}: ${e.line.trim()}` : `${file} (a line the lab added): ${e.line.trim()}`;
  };
  // The checker numbers the adopted copy's lines: say the user's.
  const theirs = (m: string): string => m.replace(/\bline (\d+)/g, (all, n: string) => (origin[Number(n) - 1] ? `line ${origin[Number(n) - 1]}` : all));
  const said = bad.length > 0 ? bad.map((e) => `  ${where(e)}\n    → ${theirs(e.message)}`) : [`  ${String(result.stderr || result.stdout).trim().split('\n').slice(-3).join('\n  ')}`];
  const name = checker.argv[0] === 'sh' ? `${daemon.binary} --config=check` : checker.argv.join(' ');
  throw new ConfigRejectedError(`${name} rejects your ${daemon.name} config ${file} (exit ${result.exitCode}); nothing was built:\n${said.join('\n')}`);
}

