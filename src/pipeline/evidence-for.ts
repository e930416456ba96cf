/**
 * Turns one new item of a feed into the evidence it gives: one record per claim it matches, restricted to
 * the claims the feed is configured for. Pure: the poll job records what this returns.
 */
import type { EvidenceRecord } from '../claims/index.js';
import type { ResolvedFeed } from '../config/load.js';
import { type FeedItem, itemSource, storyAlias } from '../feeds/index.js';
import type { ClaimMatch, Matcher } from '../match/types.js';
import { stripHtml } from '../text/html-to-text.js';

export function matchInputOf(item: FeedItem) {
  return { title: item.title, body: [item.summary, item.content].filter(Boolean).join('\n') };
}

/** The item's matches, restricted to the feed's configured claims (all claims when it names none). */
export function feedMatches(item: FeedItem, matcher: Matcher, feedClaims?: readonly string[]): ClaimMatch[] {
  const allowed = feedClaims ? new Set(feedClaims) : undefined;
  return matcher.match(matchInputOf(item)).filter((match) => !allowed || allowed.has(match.claim));
}

export interface ItemIdentity {
  source: string;
  aliasKey?: string;
}

/** The item's source (src/feeds/source.ts) and its title + source alias (src/feeds/parse/fingerprint.ts). */
export function identityOf(item: FeedItem, feed: ResolvedFeed): ItemIdentity {
  const source = itemSource(item, feed, feed.source);
  const aliasKey = storyAlias(item.title, source, item.publisher);
  return aliasKey ? { source, aliasKey } : { source };
}

/** `identity` is the item's identityOf, computed once by the caller, which also needs it for the seen check. */
export function evidenceFor(
  item: FeedItem,
  feed: ResolvedFeed,
  matcher: Matcher,
  now: Date,
  identity: ItemIdentity = identityOf(item, feed),
): EvidenceRecord[] {
  const { source, aliasKey } = identity;
  return feedMatches(item, matcher, feed.claims).map((match) => ({
    id: `${match.claim}:${item.storyKey}`,
    claim: match.claim,
    storyKey: item.storyKey,
    aliasKey,
    itemId: item.id,
    feedId: feed.id,
    title: stripHtml(item.title ?? '') || '(untitled)',
    link: item.link,
    source,
    weight: feed.weight,
    direction: match.direction,
    score: match.score,
    terms: match.terms,
    published: item.published,
    firstSeenAt: now.toISOString(),
  }));
}
