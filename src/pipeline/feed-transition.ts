/**
 * Feed health transitions that are alert events: `feed.failing` when a feed reaches `failing_after`
 * consecutive failures, `feed.recovered` on the first success after that. Pure; the poll job enqueues the
 * event before it saves the new health, so a crash in between repeats the same event id, sent once.
 */
import { feedFailingEvent, feedRecoveredEvent } from '../alerts/index.js';
import type { AlertEvent } from '../alerts/types.js';
import type { ResolvedFeed } from '../config/load.js';
import type { FeedHealth } from '../feeds/state/index.js';

export function feedTransitionEvent(
  feed: ResolvedFeed,
  before: FeedHealth,
  after: FeedHealth,
  failingAfter: number,
): AlertEvent | undefined {
  if (before.consecutiveFailures < failingAfter && after.consecutiveFailures >= failingAfter) {
    return feedFailingEvent(feed, after);
  }
  if (before.consecutiveFailures >= failingAfter && after.consecutiveFailures === 0) {
    return feedRecoveredEvent(feed, after);
  }
  return undefined;
}
