// Where v6lab's own files are (images/, schema/): the directory of its package.json, found from
// this module whether it runs from source (lab/) or compiled (dist/lab/).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function find(from: string): string {
  for (let d = from; ; d = dirname(d)) {
    const pkg = join(d, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'v6lab') return d;
    if (dirname(d) === d) throw new Error(`v6lab's package.json is not above ${from}`);
  }
}

export const PACKAGE_ROOT = find(import.meta.dirname);

/** v6lab's version, as its package.json says (it tags the v6lab image). */
export const PACKAGE_VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
