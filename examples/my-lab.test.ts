// Your own lab in your own test: run a defineLab() spec and assert that every check did what
// the lab expects of it.
import { expect, it } from 'vitest';
import { runLab } from '../lab/index.js';
import '../lab/testing.js';
import site from './gua-no-nat44.lab.js';

it('my site without NAT44 fails exactly where expected', async () => {
  expect(await runLab(site)).toMatchExpectations();
});
