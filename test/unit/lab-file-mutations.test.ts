// Lab files as people mistype them: the examples, mutated at random (a key misspelt, a value of
// another type, a line dropped or doubled, indentation off), through `lab validate` in process.
// Every one ends with exit 0, or exit 2 with the place in the file and a message — never another
// exit, never a stack trace (validate builds nothing: it needs no root).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../lab/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const EXAMPLES = readdirSync(join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.lab.yaml'))
  .map((f) => ({ name: f, text: readFileSync(join(ROOT, 'examples', f), 'utf8') }));

const dir = mkdtempSync(join(tmpdir(), 'v6lab-mutations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Values of every kind a key may be given by mistake. */
const WRONG_VALUES = ['42', '-1', '0', '[]', '{}', 'true', '~', '"x"', '[1, 2]', '{ a: 1 }', '2001:db8::/200', 'fe80::1%eth0', '2001:DB8::1/64', '999.1.1.1', 'nat64', "'", '"unclosed', '&anchor', '*alias', '!!binary x'];

type Mutation = { kind: 'drop' | 'double' | 'indent' | 'value' | 'key'; line: number; arg: number };
const mutation = fc.record({ kind: fc.constantFrom('drop', 'double', 'indent', 'value', 'key'), line: fc.nat(200), arg: fc.nat(1000) }) as fc.Arbitrary<Mutation>;

function mutate(text: string, ms: Mutation[]): string {
  let lines = text.split('\n');
  for (const m of ms) {
    const i = m.line % lines.length;
    const line = lines[i]!;
    if (m.kind === 'drop') lines = lines.filter((_, j) => j !== i);
    else if (m.kind === 'double') lines.splice(i, 0, line);
    else if (m.kind === 'indent') lines[i] = m.arg % 2 ? ` ${line}` : line.replace(/^ {1,2}/, '');
    else if (m.kind === 'value') lines[i] = line.replace(/:\s+(.*)$/, `: ${WRONG_VALUES[m.arg % WRONG_VALUES.length]}`);
    else lines[i] = line.replace(/^(\s*)([\w-]+)(:)/, (_a, s: string, k: string, c: string) => `${s}${k.slice(0, m.arg % k.length)}${'xq'[m.arg % 2]}${k.slice(m.arg % k.length)}${c}`);
  }
  return lines.join('\n');
}

/** `lab validate <file>` in this process: its exit code and what it printed. */
async function validate(text: string, n: number): Promise<{ code: number; printed: string }> {
  const file = join(dir, `m${n}.lab.yaml`);
  writeFileSync(file, text);
  let printed = '';
  const capture = (chunk: string | Uint8Array): boolean => {
    printed += String(chunk);
    return true;
  };
  const so = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const se = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    return { code: await main(['validate', file]), printed };
  } finally {
    so.mockRestore();
    se.mockRestore();
  }
}

describe('a mistyped lab file: exit 0, or exit 2 naming the place — never anything else', () => {
  it.each(EXAMPLES)('$name, mutated', async ({ text }) => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (ms) => {
        const r = await validate(mutate(text, ms), n++);
        expect([0, 2], r.printed).toContain(r.code);
        expect(r.printed).not.toMatch(/\n\s+at .+:\d+:\d+/);
        if (r.code === 2) {
          expect(r.printed).toMatch(/^v6lab: /);
          // The place: line:column, a key path, or the file's own name for what concerns the whole file.
          expect(r.printed).toMatch(/\d+:\d+ |\b[a-z-]+(\.[\w-]+)*: |m\d+\.lab\.yaml/);
        } else {
          expect(r.printed).toMatch(/: valid — /);
        }
      }),
      { numRuns: 40 },
    );
  });
});
