/**
 * Runs around every test file (vitest.config.ts setupFiles): a test that logged a line over 4 KB fails
 * (log-line-limit.ts).
 */
import { afterEach, expect } from 'vitest';
import { takeOversizedLogLines } from './log-line-limit.js';

afterEach(() => {
  expect(takeOversizedLogLines(), 'log lines over 4 KB').toEqual([]);
});
