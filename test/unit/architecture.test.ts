// The layout's rules, checked on the source itself: no import cycle, no module importing from a
// layer above its own, nobody outside runtime/ asking which runtime it is, and no daemon named
// outside the daemon registry's modules. Imports are read with TypeScript's own pre-processor.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { DAEMONS } from '../../lab/services/registry.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? sources(path) : path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** file → the project files it imports (relative imports only), as repository paths. */
function importGraph(dirs: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of dirs.flatMap(sources)) {
    const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
    const targets = [...info.importedFiles]
      .map((f) => f.fileName)
      .filter((n) => n.startsWith('.'))
      .map((n) => relative(ROOT, resolve(ROOT, dirname(file), n)).replace(/\.js$/, '.ts'));
    graph.set(file, targets);
  }
  return graph;
}

/** Every cycle's members (strongly connected components of more than one file, or a self-import). */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) scc.push(w);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return found;
}

/**
 * lab/'s layers, lowest first (DESIGN.md: topology → runtime → services → checks → report).
 * A module may import from its own layer or any layer below it, never above.
 */
const LAYERS: [number, RegExp][] = [
  [0, /^lab\/(errors\.ts|host-count\.ts|package-root\.ts|topology\/|plan\/)/],
  [1, /^lab\/env\//],
  [2, /^lab\/runtime\//],
  [3, /^lab\/capture\//],
  [4, /^lab\/services\//],
  [5, /^lab\/lab\.ts$/],
  [6, /^lab\/checks\//],
  [7, /^lab\/(scenario|faults|leftovers|user-configs)\.ts$|^lab\/report\//],
  [8, /^lab\/run-lab\.ts$|^lab\/input\//],
  [9, /^lab\/(cli\/|cli\.ts$|index\.ts$|testing\.ts$)/],
];

function layerOf(file: string): number {
  const l = LAYERS.find(([, re]) => re.test(file));
  if (!l) throw new Error(`${file} is in no layer: add it to LAYERS`);
  return l[0];
}

describe('architecture', () => {
  it('no import cycle in lab/, scenarios/, bench/, scripts/', () => {
    const graph = importGraph(['lab', 'scenarios', 'bench', 'scripts']);
    expect(graph.size).toBeGreaterThan(80);
    expect(cycles(graph)).toEqual([]);
  });

  it('the cycle finder finds a cycle (so the test above can fail)', () => {
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
  });

  it("no module in lab/ imports from a layer above its own (and scenarios/ never from lab's CLI)", () => {
    const upward: string[] = [];
    for (const [file, targets] of importGraph(['lab'])) {
      for (const t of targets) if (t.startsWith('lab/') && layerOf(t) > layerOf(file)) upward.push(`${file} → ${t}`);
    }
    for (const [file, targets] of importGraph(['scenarios'])) for (const t of targets) if (/^lab\/(cli|run-lab)/.test(t)) upward.push(`${file} → ${t}`);
    expect(upward).toEqual([]);
  });

  it('only the composition root (the CLI, the library entry) knows the methods: the engine never imports scenarios/', () => {
    const root = /^lab\/(cli\/|cli\.ts$|index\.ts$|testing\.ts$)/;
    const offenders = [...importGraph(['lab'])].filter(([file]) => !root.test(file)).flatMap(([file, targets]) => targets.filter((t) => t.startsWith('scenarios/')).map((t) => `${file} → ${t}`));
    expect(offenders).toEqual([]);
    // And the root does use them (the check above is not vacuous).
    expect(importGraph(['lab']).get('lab/index.ts')).toContain('scenarios/index.ts');
  });

  it("nobody outside lab/runtime/ compares with the runtime's name", () => {
    const offenders = ['lab', 'scenarios', 'bench', 'scripts', 'test/helpers']
      .flatMap(sources)
      .filter((f) => !f.startsWith('lab/runtime/'))
      .filter((f) => /[=!]==?\s*['"]docker['"]|['"]docker['"]\s*[=!]==?/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('no daemon is named by its program outside lab/services/ (in lab/, test/helpers/, bench/, scripts/)', () => {
    // iptables, jool and socat are also tools the lab calls itself (env/tools.ts).
    const programs = Object.values(DAEMONS).map((d) => d.binary).filter((b) => !['iptables', 'jool', 'socat'].includes(b));
    expect(programs).toEqual(expect.arrayContaining(['danted', 'squid', 'unbound', 'tayga', 'dnsmasq', 'nsd', 'lighttpd']));
    const literal = new RegExp(`['"\`](${programs.join('|')})['"\`]`);
    const offenders = ['lab', 'test/helpers', 'bench', 'scripts']
      .flatMap(sources)
      .filter((f) => !f.startsWith('lab/services/'))
      .flatMap((f) => readFileSync(join(ROOT, f), 'utf8').split('\n').map((line, i) => ({ where: `${f}:${i + 1}`, line })))
      .filter((l) => literal.test(l.line))
      .map((l) => `${l.where}: ${l.line.trim()}`);
    expect(offenders).toEqual([]);
  });
});
