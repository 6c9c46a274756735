// Lab files: every bad file gets an error naming where it is (line:column) and the fix, and
// nothing is built (resolving a lab file builds nothing: no root here); the examples are valid;
// the shipped JSON Schema is the schema in code; `lab validate` runs as any user.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { LabFileError, resolveLabFile } from '../../lab/input/resolve.js';
import { describeLab } from '../../lab/cli/describe-lab.js';
import { BAD_LAB_FILES } from '../helpers/bad-lab-files.js';
import { SCENARIOS } from '../../scenarios/index.js';
import { SCHEMA_PATH, schemaText } from '../../scripts/schema.js';
import { GENERATED, withGeneratedTables } from '../../scripts/readme-tables.js';

const ROOT = join(import.meta.dirname, '..', '..');

function problems(text: string): string[] {
  try {
    resolveLabFile('site.lab.yaml', text, SCENARIOS);
  } catch (e) {
    expect(e).toBeInstanceOf(LabFileError);
    return (e as LabFileError).problems;
  }
  return [];
}

describe('a bad lab file: exit 2, the place in the file, the fix', () => {
  it.each(BAD_LAB_FILES.map((c) => [c.what, c.text, c.message] as const))('%s', (_what, text, message) => {
    const found = problems(text);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatch(message);
    // The syntax error is the one case a parser may describe twice (the sequence, then its map).
    if (!message.source.includes('YAML syntax')) expect(found).toHaveLength(1);
  });

  it('a design meant to fail passes validation once expect: says which checks fail', () => {
    const base = 'method: nat64\nplan:\n  internet: { web: 10.0.0.80 }\n';
    expect(problems(base)).toHaveLength(1);
    expect(problems(`${base}expect: { reach-by-name: fail, reach-by-literal: fail, nat44-source: fail, app-http-name: fail, app-https-name: fail, app-udp-name: fail, app-icmp-name: fail, app-tcp-any: fail, large-transfer: fail }\n`)).toEqual([]);
  });

  it('every problem at once: a plan problem does not hide a misspelt expect: or fault', () => {
    const found = problems('method: nat64\nplan:\n  lan: { prefix: "fd00:1::1/64" }\nexpect:\n  nat44-sorce: fail\nfaults: [no-nat4]\n');
    expect(found).toEqual([
      expect.stringMatching(/^3:10 plan\.lan\.prefix: fd00:1::1\/64 is an address with a length, not a prefix \(RFC 4291 §2\.3\): the prefix is fd00:1::\/64$/),
      expect.stringMatching(/^5:3 expect\.nat44-sorce: nat64 has no check "nat44-sorce"; did you mean nat44-source\?/),
      expect.stringMatching(/^6:10 faults\.0: nat64 has no fault "no-nat4"; did you mean no-nat44\?/),
    ]);
  });

  it('every problem at once: a plan problem does not hide an implementation limit or a config the implementation cannot take', () => {
    const found = problems('method: nat64\nplan:\n  lan: { prefix: "fd00:1::1/64" }\n  nat64: { prefix: "2001:db8:64::/64" }\nroles:\n  dns64: { impl: knot }\n  nat64: { config: ./tayga.conf }\n');
    expect(found).toEqual([
      expect.stringMatching(/^3:10 plan\.lan\.prefix: fd00:1::1\/64 is an address with a length/),
      expect.stringMatching(/^6:12 roles\.dns64\.impl: knot synthesizes only under a \/96 NAT64 prefix/),
      expect.stringMatching(/^7:12 roles\.nat64\.config: tayga cannot take your own config \(the methods write Tayga's config from the plan .*\); no nat64 implementation takes one$/),
    ]);
  });

  it('a problem in a value the file did not give names the preset it came from', () => {
    // A /28 pool is fine for 2 hosts; 15 hosts outgrow it (14 addresses).
    const found = problems('method: nat64\nhosts: 15\nplan:\n  nat64: { pool: 192.168.100.0/28 }\n');
    expect(found[0]).toMatch(/^4:12 plan\.nat64\.pool: /);
  });
});

describe('the examples and the schema', () => {
  const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.lab.yaml'));

  it('five lab files, each with the schema line for editors', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
    for (const f of examples) expect(readFileSync(join(ROOT, 'examples', f), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\.\/schema\/lab\.schema\.json$/m);
  });

  it.each(examples)('examples/%s is valid', (f) => {
    const lab = resolveLabFile(`examples/${f}`, readFileSync(join(ROOT, 'examples', f), 'utf8'), SCENARIOS);
    expect(lab.labFile?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('validate says what this machine would refuse of a valid file: a release that lacks a package (exit 3 at run time)', () => {
    const lab = resolveLabFile('site.lab.yaml', 'method: proxy-socks\nruntime: docker\nrelease: trixie\n', SCENARIOS);
    expect(describeLab(lab)).toContain('note: on Debian 13 (trixie) the run would stop (exit 3): dante-server is not packaged in Debian 13 (trixie): run proxy-socks with --socks microsocks, or on Debian 12 node images (--release bookworm --runtime docker)');
    expect(describeLab(resolveLabFile('site.lab.yaml', 'method: proxy-socks\nruntime: docker\nrelease: trixie\nroles: { socks: { impl: microsocks } }\n', SCENARIOS)).join('\n')).not.toContain('note:');
  });

  it.each(GENERATED.map((t) => [t.name, t.file]))("the docs' generated %s (%s) is today's: validate's messages from these cases, the implementations' declared capabilities (regenerate with `npm run readme`)", (_name, file) => {
    const doc = readFileSync(join(ROOT, file), 'utf8');
    expect(doc).toBe(withGeneratedTables(file, doc));
  });

  it("validate says what an implementation's version in the release cannot do (tinyproxy 1.11.1 in Debian 12: no scoped Listen)", () => {
    const lines = describeLab(resolveLabFile('site.lab.yaml', 'method: proxy-http\nruntime: docker\nrelease: bookworm\nroles: { http-proxy: { impl: tinyproxy } }\n', SCENARIOS));
    expect(lines).toContainEqual(expect.stringMatching(/^note: tinyproxy \(http-proxy\) on Debian 12 \(bookworm\): tinyproxy 1\.11\.1 refuses every scoped spelling/));
    expect(describeLab(resolveLabFile('site.lab.yaml', 'method: proxy-http\nruntime: docker\nrelease: trixie\nroles: { http-proxy: { impl: tinyproxy } }\n', SCENARIOS)).join('\n')).not.toContain('note:');
  });

  it('schema/lab.schema.json is the schema in code (regenerate with `npm run schema`)', () => {
    expect(readFileSync(join(ROOT, SCHEMA_PATH), 'utf8')).toBe(schemaText());
  });

  it('`lab validate` runs without root and builds nothing: exit 0 for a good file, 2 for a bad one', async () => {
    const good = await execa('node', ['--import', 'tsx', 'lab/cli.ts', 'validate', 'examples/gua-nsp.lab.yaml'], { cwd: ROOT, reject: false });
    expect(good.exitCode, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/^examples\/gua-nsp\.lab\.yaml: valid — gua-nsp: nat64 /);
    expect(good.stdout).toMatch(/LAN prefix \(SLAAC\) +2001:db8:100::\/64/);
    const bad = await execa('node', ['--import', 'tsx', 'lab/cli.ts', 'validate', 'test/fixtures/bad-pool.lab.yaml'], { cwd: ROOT, reject: false });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('test/fixtures/bad-pool.lab.yaml: a problem, nothing was built:\n  5:12 plan.nat64.pool:');
  });
});
