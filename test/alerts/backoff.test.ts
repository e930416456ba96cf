import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, hasAttemptsLeft, MAX_RETRY_AFTER_MS, retryDelayMs } from '../../src/alerts/index.js';

const MIN = 60_000;
const low = () => 0;
const high = () => 0.999_999;

/** The waits between `attempts` attempts: one after each failed attempt but the last. */
function schedule(random: () => number): number[] {
  return Array.from({ length: DEFAULT_RETRY.attempts - 1 }, (_, index) =>
    retryDelayMs(index + 1, DEFAULT_RETRY, random),
  );
}
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

describe('retryDelayMs', () => {
  describe('with the default options', () => {
    it('doubles from 30 s and stops at 30 min', () => {
      expect(schedule(low)).toEqual([30_000, MIN, 2 * MIN, 4 * MIN, 8 * MIN, 16 * MIN, 30 * MIN]);
    });

    it('spreads 8 attempts over about an hour, whatever the jitter', () => {
      expect(sum(schedule(low))).toBe(61.5 * MIN);
      expect(sum(schedule(high))).toBeLessThanOrEqual(77.25 * MIN);
      for (let run = 0; run < 50; run++) {
        const total = sum(schedule(Math.random));
        expect(total).toBeGreaterThanOrEqual(60 * MIN);
        expect(total).toBeLessThanOrEqual(80 * MIN);
      }
    });
  });

  describe('when jitter is drawn', () => {
    it('adds at most half a step and never shortens it', () => {
      expect(retryDelayMs(3, DEFAULT_RETRY, low)).toBe(2 * MIN);
      expect(retryDelayMs(3, DEFAULT_RETRY, () => 0.5)).toBe(2.5 * MIN);
      expect(retryDelayMs(3, DEFAULT_RETRY, high)).toBeLessThanOrEqual(3 * MIN);
    });

    it('never exceeds max_delay_ms', () => {
      for (const attempts of [7, 8, 20, 1000]) {
        expect(retryDelayMs(attempts, DEFAULT_RETRY, high)).toBe(30 * MIN);
      }
    });
  });

  describe('when the receiver sent Retry-After', () => {
    it.each([
      ['a longer Retry-After wins', 1, 5 * MIN, 5 * MIN],
      ['a shorter one does not shorten the schedule', 4, 1_000, 4 * MIN],
      ['one above an hour is capped at an hour', 1, 6 * 60 * MIN, MAX_RETRY_AFTER_MS],
    ])('%s', (_name, attemptsMade, retryAfterMs, expected) => {
      expect(retryDelayMs(attemptsMade, DEFAULT_RETRY, low, retryAfterMs)).toBe(expected);
    });
  });

  describe('with the small values tests use', () => {
    it('follows the same rule', () => {
      const fast = { base_delay_ms: 10, max_delay_ms: 50 };
      expect([1, 2, 3, 4, 5].map((made) => retryDelayMs(made, fast, low))).toEqual([10, 20, 40, 50, 50]);
    });
  });
});

describe('hasAttemptsLeft', () => {
  it('allows attempts up to the configured count', () => {
    expect(hasAttemptsLeft(7, DEFAULT_RETRY)).toBe(true);
    expect(hasAttemptsLeft(8, DEFAULT_RETRY)).toBe(false);
  });
});
