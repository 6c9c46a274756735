// README is short (a newcomer's page) and the documents hold the rest; every `npm run lab -- …`
// command they show is accepted by the CLI's own parser (a flag renamed in code fails here), and
// every link between them resolves, anchors included.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../lab/cli.js';
import { isLabFile } from '../../lab/cli/lab-file.js';
import { SCENARIOS } from '../../scenarios/index.js';
import { resolveLabFile } from '../../lab/input/resolve.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const text = (doc: string): string => readFileSync(join(ROOT, doc), 'utf8');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, '')
    .replace(/ /g, '-');
}

/** Every `npm run lab -- …` a document shows: in code spans, and as lines of code blocks. */
function labCommands(doc: string): string[] {
  const t = text(doc);
  const spans = [...t.matchAll(/`(npm run lab -- [^`]+)`/g)].map((m) => m[1]!);
  const lines = [...t.matchAll(/^\s*(?:\$ )?(npm run lab -- [^#\n]*?)\s*(?:#.*)?$/gm)].map((m) => m[1]!);
  return [...new Set([...spans, ...lines])];
}

/** Words as a shell would split them (quotes kept together). */
function words(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** Parse a command line with the CLI's own parser; nothing runs. What command took it, with which arguments. */
async function parse(argv: string[]): Promise<{ command: string; args: unknown[] }> {
  const program = buildProgram(() => {});
  let seen: { command: string; args: unknown[] } = { command: '(none)', args: [] };
  const quiet = (c: Command): void => {
    c.configureOutput({ writeOut: () => {}, writeErr: () => {} });
    c.action((...args: unknown[]) => {
      seen = { command: c.name(), args: args.slice(0, -2) };
    });
    c.commands.forEach(quiet);
  };
  program.commands.forEach(quiet);
  program.configureOutput({ writeOut: () => {}, writeErr: () => {} });
  await program.parseAsync(argv, { from: 'user' });
  return seen;
}

describe('README and docs/', () => {
  it('README is a newcomer\'s page: 200 lines at most, starting with the two commands', () => {
    const readme = text('README.md');
    expect(readme.split('\n').length).toBeLessThanOrEqual(200);
    expect(readme).toMatch(/```sh\nnpm ci && npm run lab -- nat64 .*\nnpm test /);
  });

  it.each(DOCS)('%s: every `npm run lab -- …` it shows is accepted by the CLI', async (doc) => {
    // "…" stands for any command; "N" for a number of hosts (the bench's prose).
    const commands = labCommands(doc).filter((c) => !c.includes('…'));
    for (const c of commands) {
      const argv = words(c).slice(4).map((w) => (w === 'N' ? '2' : w));
      const r = await parse(argv).catch((e: Error) => ({ command: 'rejected', args: [e.message] }));
      expect(r.command, `${doc}: ${c} → ${String(r.args[0])}`).not.toBe('rejected');
      // A run names a method or a lab file.
      if (r.command === 'run') expect(Object.hasOwn(SCENARIOS, String(r.args[0])) || isLabFile(String(r.args[0])), `${doc}: ${c}`).toBe(true);
    }
  });

  it('the documents show the commands (this test reads something)', () => {
    expect(DOCS.flatMap(labCommands).length).toBeGreaterThan(30);
  });

  it('a renamed flag in a document would be caught', async () => {
    await expect(parse(['nat64', '--dns46', 'bind9'])).rejects.toThrow(/unknown option '--dns46'/);
  });

  it.each(DOCS)('%s: every whole lab file it shows (a YAML block with a method) is valid', (doc) => {
    const blocks = [...text(doc).matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((b) => /^method: /m.test(b));
    for (const b of blocks) expect(() => resolveLabFile(`${doc} (its lab file)`, b, SCENARIOS), b).not.toThrow();
  });

  it.each(DOCS)('%s: every link to another document resolves, anchors included', (doc) => {
    const links = [...text(doc).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l));
    for (const link of links) {
      const [file, anchor] = link.split('#');
      const target = file ? resolve(dirname(join(ROOT, doc)), file) : join(ROOT, doc);
      expect(existsSync(target), `${doc}: ${link}`).toBe(true);
      if (anchor && target.endsWith('.md')) {
        const anchors = [...readFileSync(target, 'utf8').matchAll(/^#+ (.+)$/gm)].map((m) => anchorOf(m[1]!));
        expect(anchors, `${doc}: ${link}`).toContain(anchor);
      }
    }
  });
});
