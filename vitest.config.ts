import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Fails a test that logged a line over 4 KB (test/support/log-line-limit.ts).
    setupFiles: ['test/support/setup.ts'],
    // Integration tests start real HTTP servers and child processes; a slow shared machine needs headroom.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // A daemon started by a test (in process or as a child, which inherits the env) serves HTTP on a free
    // port: test files run in parallel, and 8080 may be taken on the machine.
    env: { PW_HTTP_PORT: '0' },
  },
});
