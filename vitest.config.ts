import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The JSON report is what .ci/run reads to print "N passed, N failed".
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      {
        // Pure code: no root, no namespaces, no daemons — runs as any user, in seconds.
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        // Real labs: namespaces, daemons and containers, as root.
        test: {
          name: 'lab',
          // The examples' own tests are users' tests: they run real labs too.
          include: ['test/lab/**/*.test.ts', 'examples/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          // One file at a time on a 2-core machine keeps timings honest and lets each file assert
          // that it left nothing behind. Not isolated: files share one lab run per method
          // (test/helpers/shared-runs.ts) instead of each building its own.
          fileParallelism: false,
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          globalSetup: ['test/helpers/global-setup.ts'],
          // Ryuk (testcontainers' reaper) is an image from a registry we cannot reach; the lab's own
          // label-based teardown and the leftovers checks do its job. The engine runs with
          // --bridge=none, so testcontainers cannot look up a bridge gateway: name the host instead.
          // Browsers only in the tests about them (test/lab/browsers.test.ts asks for them): each
          // browser cell takes seconds, and the CLI's runs would otherwise all start them.
          env: { TESTCONTAINERS_RYUK_DISABLED: 'true', TESTCONTAINERS_HOST_OVERRIDE: 'localhost', V6LAB_BROWSERS: 'off' },
        },
      },
    ],
  },
});
