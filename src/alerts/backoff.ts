/**
 * retryDelayMs: how long a failed delivery waits before its next attempt. Pure: randomness comes in.
 *
 *   d = min(max_delay_ms, base_delay_ms · 2^(n − 1)),  n = attempts made so far (≥ 1)
 *   delay = min(max_delay_ms, d + u · d/2),  u = random() ∈ [0, 1)
 *
 * Jitter of up to half a step is added on top of the step, never taken from it ("equal jitter" shifted up;
 * AWS Architecture Blog, "Exponential Backoff And Jitter"): deliveries that failed together (one receiver
 * down) spread out, while the schedule never gets shorter than the plain exponential one. With the defaults
 * (8 attempts, 30 s, 30 min) the 7 waits are 30 s, 1, 2, 4, 8, 16 min and 30 min before jitter: the last
 * attempt comes 61.5–77 min after the first, so a receiver that is down for an hour still gets the alert.
 * A Retry-After (408/429/503) longer than the computed wait wins, up to MAX_RETRY_AFTER_MS.
 */
import type { RetryOptions } from '../config/webhooks-schema.js';

/** A receiver may ask for a pause, but not one that holds an alert back for more than an hour. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

export const DEFAULT_RETRY: Readonly<RetryOptions> = {
  attempts: 8,
  base_delay_ms: 30_000,
  max_delay_ms: 30 * 60_000,
};

/**
 * @param attemptsMade - attempts already made, the failed one included (1 after the first failure).
 * @param random - a source of u ∈ [0, 1). @defaultValue Math.random
 * @param retryAfterMs - what the receiver asked for, if it did.
 */
export function retryDelayMs(
  attemptsMade: number,
  retry: Pick<RetryOptions, 'base_delay_ms' | 'max_delay_ms'>,
  random: () => number = Math.random,
  retryAfterMs?: number,
): number {
  const n = Math.max(1, Math.floor(attemptsMade));
  // 2^(n − 1) overflows to Infinity long after passing the cap, and min() handles Infinity.
  const step = Math.min(retry.max_delay_ms, retry.base_delay_ms * 2 ** (n - 1));
  const u = Math.min(Math.max(random(), 0), 1);
  const delay = Math.round(Math.min(retry.max_delay_ms, step + (u * step) / 2));
  if (retryAfterMs === undefined || !Number.isFinite(retryAfterMs)) return delay;
  return Math.max(delay, Math.min(Math.round(retryAfterMs), MAX_RETRY_AFTER_MS));
}

/** True when another attempt is allowed after `attemptsMade` attempts. */
export function hasAttemptsLeft(attemptsMade: number, retry: Pick<RetryOptions, 'attempts'>): boolean {
  return attemptsMade < retry.attempts;
}
