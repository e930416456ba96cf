/**
 * Reads the claim and feed views (views.ts) from Redis for the configured claims and feeds, in config
 * order: what `policy-watch claims` / `feeds` print and what the HTTP API serves.
 */
import { readAllFeedHealth } from '../feeds/feed-state-store.js';
import { NEW_FEED_HEALTH } from '../feeds/health.js';
import type { PipelineDeps } from './deps.js';
import { type ClaimView, claimView, type FeedView, feedView } from './views.js';

type ReadDeps = Pick<PipelineDeps, 'config' | 'ledger' | 'redis' | 'keys'>;

export async function readClaimViews(deps: ReadDeps): Promise<ClaimView[]> {
  const claims = deps.config.claims;
  const states = await deps.ledger.listStates(claims.map((claim) => claim.id));
  // The ledger has no "last change" read; a history holds one record per status change, so it stays short.
  const histories = await Promise.all(claims.map((claim) => deps.ledger.getHistory(claim.id)));
  return claims.flatMap((claim, index) => {
    const state = states[index];
    return state ? [claimView(claim, state, histories[index]?.at(-1))] : [];
  });
}

export async function readFeedViews(deps: ReadDeps): Promise<FeedView[]> {
  const feeds = deps.config.feeds;
  const ids = feeds.map((feed) => feed.id);
  const health = await readAllFeedHealth(deps.redis, deps.keys, ids);
  return feeds.map((feed) => feedView(feed, health.get(feed.id) ?? NEW_FEED_HEALTH));
}
