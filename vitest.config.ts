import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Labs are real namespaces and daemons on a 2-core machine: one test file at a time keeps
    // timings honest and lets each file assert that it left nothing behind.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ['test/helpers/global-setup.ts'],
    // Ryuk (testcontainers' reaper) is an image from a registry we cannot reach; the lab's own
    // label-based teardown and the leftovers checks do its job. The engine runs with
    // --bridge=none, so testcontainers cannot look up a bridge gateway: name the host instead.
    env: { TESTCONTAINERS_RYUK_DISABLED: 'true', TESTCONTAINERS_HOST_OVERRIDE: 'localhost' },
    // The JSON report is what .ci/run reads to print "N passed, N failed".
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
