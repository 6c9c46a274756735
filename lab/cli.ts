#!/usr/bin/env node
// `npm run lab -- <method>` and friends: the command line, its exit codes (cli/common.ts) and
// signal handling. Exit codes: 0 all checks passed, 1 a check failed, 2 usage error, 3 environment
// unfit (not root, missing package, no Docker), 4 the lab could not be deployed, 130/143
// interrupted by SIGINT/SIGTERM (after teardown).
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { SCENARIOS } from '../scenarios/index.js';
import { runInKeptNode } from './cli/kept-node.js';
import { runAll } from './cli/run-all.js';
import { runTarget, type GivenFlags, type RunFlags } from './cli/run-method.js';
import { err, EXIT, interruption, out, parseHosts } from './cli/common.js';
import { hostRelease, releaseLabel, RELEASE_NAMES } from './env/release.js';
import { ensureRequirements, requireRoot } from './env/requirements.js';
import { EnvironmentError, UsageError } from './errors.js';
import { GENERIC_FAULTS } from './faults.js';
import { collectGarbage, downKeptLabs } from './runtime/lab-cleanup.js';
import { RUNTIME_KINDS } from './runtime/registry.js';
import { teardownActiveLabs } from './run-lab.js';
import { everyRequirement } from './scenario.js';
import type { RoleName } from './services/role.js';
import { ROLE_IMPLS } from './services/roles.js';
import { InvalidAddressError } from './topology/address.js';
import { TopologyError } from './topology/validate.js';

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('lab')
    .description('v6lab: the IPv6 link-local egress guide as executable experiments')
    .exitOverride()
    .showHelpAfterError('(run `npm run lab -- --help` for usage)');

  program
    .command('run', { isDefault: true })
    .description('deploy a method, run its checks, tear it down')
    .argument('<method-or-lab-file>', 'a method listed by `lab list`, or a lab file (./site.lab.yaml, ./my-lab.ts)')
    .option('--runtime <kind>', `runtime: ${RUNTIME_KINDS.join(' or ')}`, 'netns')
    .option('--release <release>', `the Debian release of the nodes' daemons: ${RELEASE_NAMES.join(' or ')} (docker runtime: its node image; netns runs this machine's)`)
    .option('--no-build', 'docker runtime: do not build a missing image; print the command and exit 3')
    .option('--fault <name>', 'break the stack on purpose (repeatable); see `lab list`', (v: string, acc: string[]) => [...acc, v], [])
    .option('--hosts <n>', 'hosts on the LAN', parseHosts, 2)
    .option('--keep', 'leave the lab up after the checks (then `exec`, `down`)')
    .option('--artifacts <dir>', 'run directory (default runs/<time>-<method>-<runtime>/): report.json, junit.xml, report.md, report.html, pcap/, logs/, configs/')
    .option('--no-install', 'do not apt-get missing packages; print the command and exit 3')
    .option('--json', 'print report.json to stdout')
    .option('--quiet', 'print only the verdict line')
    .option('--ra <impl>', `the RA daemon: ${Object.keys(ROLE_IMPLS.ra).join(', ')}`)
    .option('--dns64 <impl>', `the DNS64 resolver: ${Object.keys(ROLE_IMPLS.dns64).join(', ')}`)
    .option('--nat64 <impl>', `the NAT64 translator: ${Object.keys(ROLE_IMPLS.nat64).join(', ')}`)
    .option('--http-proxy <impl>', `the HTTP proxy: ${Object.keys(ROLE_IMPLS['http-proxy']).join(', ')}`)
    .option('--socks <impl>', `the SOCKS proxy: ${Object.keys(ROLE_IMPLS.socks).join(', ')}`)
    .option('--clat <impl>', `the hosts' CLAT (nat64-clat): ${Object.keys(ROLE_IMPLS.clat).join(', ')}`)
    .option('--conformance', 'also run the conformance checks (RFC 7050, 6147, 6052, 8781) of the method')
    .option('--browsers', 'also try Chromium and Firefox ESR as clients (the default on netns)')
    .option('--no-browsers', 'skip the browsers: a quicker run')
    .option('--config <role=file>', 'your own config file for a role, e.g. dns64=./my-unbound.conf (repeatable): adopted, checked, deployed', (v: string, acc: string[]) => [...acc, v], [])
    .option('--port <role=port>', "the port a proxy role listens on, e.g. http-proxy=8118 (repeatable; default the guide's, or your config's listen line)", (v: string, acc: string[]) => [...acc, v], [])
    .action(async (target: string, flags: RunFlags, cmd: Command) => {
      const given = Object.fromEntries(Object.keys(flags).map((k) => [k, cmd.getOptionValueSource(k) === 'cli'])) as GivenFlags;
      setExit(await runTarget(target, flags, given));
    });

  program
    .command('validate')
    .description('check a lab file without building anything (no root needed)')
    .argument('<lab-file>')
    .action(async (file: string) => {
      const { loadLabFile } = await import('./cli/lab-file.js');
      const { describeLab } = await import('./cli/describe-lab.js');
      const lab = await loadLabFile(file);
      for (const line of describeLab(lab)) out(line);
      setExit(EXIT.ok);
    });

  program
    .command('list')
    .description('list the methods and their faults')
    .action(() => {
      for (const s of Object.values(SCENARIOS)) {
        out(`${s.name.padEnd(12)} ${s.title}`);
        for (const [role, guide] of Object.entries(s.roles) as [RoleName, string][]) {
          out(`  --${role.padEnd(12)} ${Object.keys(ROLE_IMPLS[role]).map((i) => (i === guide ? `${i} (the guide's)` : i)).join(', ')}`);
        }
        for (const [name, f] of Object.entries(s.faults)) out(`  --fault ${name.padEnd(14)} ${f.description}`);
      }
      out(`every method also takes: ${GENERIC_FAULTS.map((f) => `--fault ${f}`).join(', ')}`);
      setExit(EXIT.ok);
    });

  program
    .command('exec')
    .description('run a command in a node of a kept lab: exec <node> -- <cmd…>')
    .argument('<node>')
    .argument('<cmd...>')
    .option('--lab <id>', 'which kept lab (when several are up)')
    .action(async (node: string, cmd: string[], flags: { lab?: string }) => setExit(await runInKeptNode(node, flags.lab, cmd, false)));

  program
    .command('shell')
    .description('an interactive shell in a node of a kept lab')
    .argument('<node>')
    .option('--lab <id>', 'which kept lab (when several are up)')
    .action(async (node: string, flags: { lab?: string }) => {
      out(`shell in ${node}; exit to leave`);
      setExit(await runInKeptNode(node, flags.lab, ['env', `PS1=[v6lab ${node}] \\w# `, 'bash', '--norc', '-i'], true));
    });

  program
    .command('all')
    .description('run every method in parallel and print a matrix (exit 1 if any cell fails)')
    .option('--runtime <kind>', `runtime: ${RUNTIME_KINDS.join(', ')}, or all`, 'netns')
    .option('--release <release>', `${RELEASE_NAMES.join(', ')}, or all (a column per release; other releases than this machine's run on docker node images)`)
    .option('--artifacts <dir>', 'directory for every run and the combined junit.xml')
    .option('--no-install', 'do not apt-get missing packages')
    .action(async (flags: { runtime: string; release?: string; artifacts?: string; install: boolean }) => setExit(await runAll(flags)));

  program
    .command('kube')
    .description('print a Kubernetes Indexed Job (and its ConfigMap) that runs these methods or lab files through the v6lab image')
    .argument('<targets...>', 'methods or lab files, one completion each')
    .option('--name <name>', 'the Job and ConfigMap name', 'v6lab-labs')
    .option('--image <ref>', 'the v6lab image the pods run (default: v6lab/v6lab:<version>)')
    .action(async (targets: string[], flags: { name: string; image?: string }) => setExit(await (await import('./cli/kube.js')).printKube(targets, flags)));

  program
    .command('conformance')
    .description('run nat64 once per DNS64 resolver and RA daemon, with the conformance checks, and print the matrix')
    .option('--runtime <kind>', `runtime: ${RUNTIME_KINDS.join(' or ')}`, 'netns')
    .option('--release <release>', `${RELEASE_NAMES.join(', ')}, or all (rows per implementation and version; other releases than this machine's need --runtime docker)`)
    .option('--artifacts <dir>', 'directory for every run and conformance.json/.md/.html')
    .option('--no-install', 'do not apt-get missing packages')
    .action(async (flags: { runtime: string; release?: string; artifacts?: string; install: boolean }) => setExit(await (await import('./cli/conformance.js')).runConformance(flags)));

  program
    .command('down')
    .description('remove kept labs')
    .option('--lab <id>', 'only this lab')
    .action(async (flags: { lab?: string }) => {
      requireRoot('npm run lab -- down');
      const removed = await downKeptLabs(flags.lab);
      out(removed.length > 0 ? `removed: ${removed.join(', ')}` : 'no kept lab to remove');
      setExit(EXIT.ok);
    });

  program
    .command('setup')
    .description("install the Debian packages of every method and every role implementation that this machine's release packages, and the browsers (apt-get, as root)")
    .option('--no-browsers', 'leave the browsers out (Chromium and Firefox ESR: several hundred MB)')
    .action(async (flags: { browsers: boolean }) => {
      requireRoot('npm run lab -- setup');
      const release = hostRelease();
      const { packaged, absent: lacking } = everyRequirement(Object.values(SCENARIOS), release, { browsers: flags.browsers });
      const absent = [...new Set(lacking.map((r) => r.package))];
      await ensureRequirements(packaged, true, out);
      out(`all present: ${[...new Set(packaged.map((r) => r.package))].join(' ')}`);
      if (absent.length > 0 && release) {
        out(`not packaged in ${releaseLabel(release)}, so not installed: ${absent.join(' ')} — the methods and roles that need them stop before building and say what to run instead (\`npm run lab -- list\`)`);
      }
      setExit(EXIT.ok);
    });

  program
    .command('gc')
    .description('remove what killed runs left behind (by lab-id prefix and records)')
    .action(async () => {
      requireRoot('npm run lab -- gc');
      const found = await collectGarbage();
      out(found.length > 0 ? `removed:\n  ${found.join('\n  ')}` : 'nothing to collect');
      setExit(EXIT.ok);
    });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram((c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (e instanceof UsageError || e instanceof TopologyError || e instanceof InvalidAddressError) {
      err(`v6lab: ${e.message}`);
      return EXIT.usage;
    }
    if (e instanceof EnvironmentError) {
      err(`v6lab: ${e.message}`);
      return EXIT.environment;
    }
    throw e;
  }
}

function onSignal(signal: NodeJS.Signals, code: number): void {
  // `on`, not `once`: execa's exit hook re-raises a signal that no other listener still handles,
  // which would kill us before teardown. A second signal while tearing down is ignored.
  process.on(signal, () => {
    if (interruption.signalled) return;
    interruption.signalled = true;
    err(`\nv6lab: ${signal} received — tearing the lab down…`);
    void teardownActiveLabs()
      .then((errors) => {
        for (const e of errors) err(`v6lab: teardown error: ${e}\nRun \`npm run lab -- gc\` to remove what is left.`);
      })
      .finally(() => process.exit(code));
  });
}

/**
 * Exit once everything written has left: on a pipe, stdout is asynchronous, and process.exit
 * would cut a long `--json` report at 64 KiB. An empty write's callback runs after the others.
 */
function exitAfterOutput(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

/** Run as a program (`node dist/lab/cli.js`, the `v6lab` bin through its symlink, or tsx on the source), not imported. */
function isMain(): boolean {
  const arg = process.argv[1];
  if (!arg) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(arg)).href;
  } catch {
    return false;
  }
}

/**
 * A reader that goes away (`npm run lab -- nat64 | head`) must not kill the run before its
 * teardown: what it would have read is dropped, and the lab is still taken down.
 */
function outliveClosedOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
    });
  }
}

if (isMain()) {
  outliveClosedOutput();
  onSignal('SIGINT', 130);
  onSignal('SIGTERM', 143);
  main(process.argv.slice(2)).then(
    (code) => exitAfterOutput(code),
    (e: unknown) => {
      err(`v6lab: unexpected error: ${(e as Error).stack ?? String(e)}`);
      exitAfterOutput(70);
    },
  );
}
