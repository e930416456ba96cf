/**
 * A feed's health record and the two pure rules around it (no Redis, no clock: `now` comes in).
 *
 * applyOutcome(previous, outcome) → the next record:
 *   - fetched / not-modified: failures reset to 0; a 200 replaces the validators, a 304 keeps the stored
 *     ones unless it carries new ones (RFC 9111 §4.3.4); nextPollAt honours max-age and Retry-After
 *     (see backoff.ts), or is cleared so the schedule decides.
 *   - failed: failures + 1, lastError from the typed error, nextPollAt = now + the back-off. Validators stay.
 *     The last error is kept after recovery (with lastErrorAt) so `feeds` can answer "when did it last
 *     break?"; consecutiveFailures and lastOutcome say whether it is broken now.
 *   - deferred (our own signal aborted the fetch, i.e. shutdown): the feed told us nothing, so only the slot
 *     is recorded; lastPollAt is not moved, so a restart still finds the feed overdue.
 *   A body that fetched but would not decode or parse is a failure too: the caller passes a FailedFetch
 *   with that error, so the validators of a body we could not use are never stored.
 *
 * shouldPoll(health, {now, slot, force}) → poll or the reason not to, in this order:
 *   1. the slot was already processed (re-running a poll job is a no-op; `force` does not override this);
 *   2. unless `force`: nextPollAt is still ahead → 'backing-off' while failing, else 'cache-fresh'.
 */
import type { ErrorCode } from '../../errors.js';
import type { FetchOutcome } from '../types.js';
import { type BackoffOptions, DEFAULT_BACKOFF, failureDelayMs, successDelayMs } from './backoff.js';

export type PollOutcomeKind = 'fetched' | 'not-modified' | 'failed' | 'deferred';

export interface FeedHealth {
  /** Validators for the next conditional GET. */
  etag?: string | undefined;
  lastModified?: string | undefined;
  /** ISO time of the last completed poll, whatever its outcome. */
  lastPollAt?: string | undefined;
  /** The latest scheduler slot (epoch ms) processed for this feed; a slot at or before it is never polled. */
  lastPolledSlot?: number | undefined;
  lastSuccessAt?: string | undefined;
  lastErrorAt?: string | undefined;
  lastError?: { code: ErrorCode; message: string } | undefined;
  consecutiveFailures: number;
  /** ISO time before which the feed is not polled (back-off or cache freshness); absent = when scheduled. */
  nextPollAt?: string | undefined;
  lastOutcome?: PollOutcomeKind | undefined;
  /** Items in the last fetched (200) body. */
  itemsSeen?: number | undefined;
}

/** The record of a feed that was never polled. */
export const NEW_FEED_HEALTH: Readonly<FeedHealth> = { consecutiveFailures: 0 };

export interface ApplyOutcomeContext {
  now: Date;
  /** The scheduler slot (epoch ms) this poll ran for. */
  slot: number;
  /** Seeds the back-off jitter, so feeds failing together spread out but each stays reproducible. */
  feedId: string;
  /** Items parsed from a fetched body; ignored for other outcomes. */
  itemCount?: number | undefined;
  /** @defaultValue DEFAULT_BACKOFF */
  backoff?: Partial<BackoffOptions> | undefined;
}

export function applyOutcome(
  previous: FeedHealth,
  outcome: FetchOutcome,
  context: ApplyOutcomeContext,
): FeedHealth {
  const options: BackoffOptions = { ...DEFAULT_BACKOFF, ...context.backoff };
  const nowMs = context.now.getTime();
  const at = context.now.toISOString();
  const lastPolledSlot = Math.max(previous.lastPolledSlot ?? Number.NEGATIVE_INFINITY, context.slot);

  if (outcome.kind === 'failed' && outcome.error.details.aborted === true) {
    return { ...previous, lastPolledSlot, lastOutcome: 'deferred' };
  }
  if (outcome.kind === 'failed') {
    const consecutiveFailures = previous.consecutiveFailures + 1;
    const delay = failureDelayMs(
      {
        feedId: context.feedId,
        failures: consecutiveFailures,
        error: outcome.error,
        retryAfterMs: outcome.retryAfterMs,
      },
      options,
    );
    return {
      ...previous,
      lastPollAt: at,
      lastPolledSlot,
      lastErrorAt: at,
      lastError: outcome.error.toJSON(),
      consecutiveFailures,
      nextPollAt: new Date(nowMs + delay).toISOString(),
      lastOutcome: 'failed',
    };
  }

  const delay = successDelayMs(outcome, options);
  const fetched = outcome.kind === 'fetched';
  return {
    ...previous,
    etag: fetched ? outcome.etag : (outcome.etag ?? previous.etag),
    lastModified: fetched ? outcome.lastModified : (outcome.lastModified ?? previous.lastModified),
    lastPollAt: at,
    lastPolledSlot,
    lastSuccessAt: at,
    consecutiveFailures: 0,
    nextPollAt: delay > 0 ? new Date(nowMs + delay).toISOString() : undefined,
    lastOutcome: outcome.kind,
    itemsSeen: fetched ? (context.itemCount ?? previous.itemsSeen) : previous.itemsSeen,
  };
}

export interface ShouldPollContext {
  now: Date;
  /** The scheduler slot (epoch ms) asking to poll. */
  slot: number;
  /** An operator's `poll`: skip back-off and cache freshness, never the slot check. @defaultValue false */
  force?: boolean | undefined;
  /**
   * A nextPollAt at most this far ahead counts as due. Cron slots fire on the second while nextPollAt
   * carries the previous job's queue and fetch latency; without slack a max-age equal to the schedule
   * interval would skip every other slot. Polling a few seconds early costs one conditional GET.
   * @defaultValue 5_000
   */
  toleranceMs?: number | undefined;
}

export type SkipReason = 'already-polled-slot' | 'backing-off' | 'cache-fresh';

export type PollDecision = { poll: true } | { poll: false; reason: SkipReason };

export function shouldPoll(health: FeedHealth, context: ShouldPollContext): PollDecision {
  if (health.lastPolledSlot !== undefined && context.slot <= health.lastPolledSlot) {
    return { poll: false, reason: 'already-polled-slot' };
  }
  if (context.force || health.nextPollAt === undefined) return { poll: true };
  const due = Date.parse(health.nextPollAt);
  // An unreadable time must not silence a feed for ever.
  if (Number.isNaN(due)) return { poll: true };
  if (due - (context.toleranceMs ?? 5_000) <= context.now.getTime()) return { poll: true };
  return { poll: false, reason: health.consecutiveFailures > 0 ? 'backing-off' : 'cache-fresh' };
}
