/**
 * Turns one new item of a feed into the evidence it gives: one record per claim it matches, restricted to
 * the claims the feed is configured for. Pure: the poll job enqueues what this returns.
 */
import type { EvidenceRecord } from '../claims/index.js';
import type { ResolvedFeed } from '../config/load.js';
import { itemSource } from '../feeds/source.js';
import type { FeedItem } from '../feeds/types.js';
import type { Matcher } from '../match/types.js';
import type { RecordEvidenceData } from '../queue/names.js';
import { stripHtml } from '../text/html-to-text.js';

export function matchInputOf(item: FeedItem) {
  return { title: item.title, body: [item.summary, item.content].filter(Boolean).join('\n') };
}

export function evidenceFor(
  item: FeedItem,
  feed: ResolvedFeed,
  matcher: Matcher,
  now: Date,
): RecordEvidenceData[] {
  const allowed = feed.claims ? new Set(feed.claims) : undefined;
  return matcher
    .match(matchInputOf(item))
    .filter((match) => !allowed || allowed.has(match.claim))
    .map((match) => {
      const evidence: EvidenceRecord = {
        id: `${match.claim}:${item.storyKey}`,
        claim: match.claim,
        storyKey: item.storyKey,
        itemId: item.id,
        feedId: feed.id,
        title: stripHtml(item.title ?? '') || '(untitled)',
        link: item.link,
        source: itemSource(item, feed, feed.source),
        weight: feed.weight,
        direction: match.direction,
        score: match.score,
        terms: match.terms,
        published: item.published,
        firstSeenAt: now.toISOString(),
      };
      return { claimId: match.claim, evidence };
    });
}
