/**
 * What policy-watch remembers about each feed, the door for everything outside src/feeds/state: the health
 * record and its two pure rules (health.ts: applyOutcome after a poll, shouldPoll before one, with the
 * back-off of backoff.ts), the record in Redis (health-store.ts) and the stories a feed has already shown
 * (seen-stories.ts). Reading a feed is src/feeds/index.ts; this folder never fetches or parses.
 */
export {
  applyOutcome,
  type FeedHealth,
  NEW_FEED_HEALTH,
  type PollOutcomeKind,
  shouldPoll,
} from './health.js';
export { readAllFeedHealth, readFeedHealth, writeFeedHealth } from './health-store.js';
export { filterUnseen, firstSightings, markSeen, trimSeen } from './seen-stories.js';
