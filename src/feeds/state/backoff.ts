/**
 * How long a feed waits before its next poll, as pure functions of the outcome's hints, the failure count
 * and the feed id (no clock, no randomness: the same inputs always give the same delay, so tests and
 * replays can assert exact times).
 *
 * Failing: delay = min(maxBackoffMs, max(Retry-After, jittered)), where
 *   d = min(maxBackoffMs, baseMs · 2^(k − 1)),  k = consecutive failures (+ permanentHeadStart when the
 *   error is unlikely to go away), and jittered = d/2 + u · d/2 ("equal jitter", AWS Architecture Blog,
 *   "Exponential Backoff And Jitter"), u ∈ [0, 1) derived from a hash of (feedId, k).
 *   Equal jitter keeps at least half of the exponential step, so the delay never shrinks as failures grow,
 *   while feeds that fail together (one host down) spread out instead of retrying in lockstep.
 * Succeeding: delay = max(min(max-age, maxCacheDeferMs), min(Retry-After, maxBackoffMs)); 0 when the
 *   server gave neither hint, which means "follow the schedule".
 */
import type { PolicyWatchError } from '../../errors.js';
import type { CacheHints } from '../types.js';

export interface BackoffOptions {
  /** The exponential step for the first failure, before jitter. @defaultValue 60_000 (1 min) */
  baseMs: number;
  /** No failing feed (nor a Retry-After) waits longer than this. @defaultValue 21_600_000 (6 h) */
  maxBackoffMs: number;
  /**
   * Cache-Control max-age defers a healthy feed's next poll at most this long: news is time-sensitive,
   * some CDNs send day-long max-ages for feeds that change hourly, and a conditional GET is cheap.
   * @defaultValue 3_600_000 (1 h)
   */
  maxCacheDeferMs: number;
  /**
   * Extra doublings for an error that trying again is unlikely to fix (`retryable: false` in the catalog,
   * or `details.likelyPermanent`, i.e. a 4xx): with the defaults the first such failure waits 8–16 min and
   * the fifth reaches the cap, instead of 30–60 s and 8–16 min. Not straight to the cap, because an HTML
   * error page or a 404 during a site migration is often gone within the hour.
   * @defaultValue 4
   */
  permanentHeadStart: number;
}

export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = {
  baseMs: 60_000,
  maxBackoffMs: 6 * 60 * 60_000,
  maxCacheDeferMs: 60 * 60_000,
  permanentHeadStart: 4,
};

/** True when retrying soon is unlikely to help, so the back-off may climb faster. */
export function isLikelyPermanent(error: PolicyWatchError): boolean {
  return !error.retryable || error.details.likelyPermanent === true;
}

/** FNV-1a (32-bit) of `feedId:step`, scaled to [0, 1): a stable per-feed, per-step jitter. */
export function jitterFraction(feedId: string, step: number): number {
  let hash = 0x811c9dc5;
  for (const char of `${feedId}:${step}`) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 2 ** 32;
}

export interface FailureDelayInput {
  feedId: string;
  /** Consecutive failures including this one (≥ 1). */
  failures: number;
  error: PolicyWatchError;
  retryAfterMs?: number | undefined;
}

export function failureDelayMs(input: FailureDelayInput, options: BackoffOptions): number {
  const headStart = isLikelyPermanent(input.error) ? options.permanentHeadStart : 0;
  const step = Math.max(1, input.failures) + headStart;
  // 2^(step − 1) overflows to Infinity long after it passed the cap, and min() handles Infinity.
  const exponential = Math.min(options.maxBackoffMs, options.baseMs * 2 ** (step - 1));
  const jittered = exponential / 2 + (jitterFraction(input.feedId, step) * exponential) / 2;
  return Math.round(Math.min(options.maxBackoffMs, Math.max(input.retryAfterMs ?? 0, jittered)));
}

export function successDelayMs(hints: CacheHints, options: BackoffOptions): number {
  const cache = hints.maxAgeSeconds === undefined ? 0 : hints.maxAgeSeconds * 1000;
  const retry = hints.retryAfterMs ?? 0;
  return Math.max(Math.min(cache, options.maxCacheDeferMs), Math.min(retry, options.maxBackoffMs));
}
