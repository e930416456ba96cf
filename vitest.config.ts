import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Fails a test that logged a line over 4 KB (test/support/log-line-limit.ts).
    setupFiles: ['test/support/setup.ts'],
    // Integration tests start real HTTP servers and child processes; a slow shared machine needs headroom.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // A daemon started by a test (in process or as a child, which inherits the env) serves HTTP on a free
    // port: test files run in parallel, and 8080 may be taken on the machine.
    env: { PW_HTTP_PORT: '0' },
    // `vitest run` (npm test) runs both projects; `npm run test:unit` only the first.
    projects: [
      {
        extends: true,
        test: {
          // Pure tests: no Redis, servers, network or child processes. test/support/unit-guard.ts fails any
          // attempt, and REDIS_URL points where nothing answers.
          name: 'unit',
          // No fresh module graph per file: with nothing but in-memory work to undo, that setup was most of the
          // unit run's time (37 s against 11 s on 2 cores).
          isolate: false,
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.redis.test.ts'],
          setupFiles: ['test/support/unit-guard.ts'],
          env: { REDIS_URL: 'redis://127.0.0.1:1' },
        },
      },
      {
        extends: true,
        test: {
          // Integration tests: Redis (REDIS_URL), daemons and redis-servers they start, servers on 127.0.0.1,
          // chromium.
          name: 'redis',
          include: ['test/**/*.redis.test.ts'],
        },
      },
    ],
  },
});
