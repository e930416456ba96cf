import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests start real HTTP servers and child processes; a slow shared machine needs headroom.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
