/**
 * Who published an item (DESIGN.md "A source is the publisher"): the feed's own source, or for aggregator
 * feeds (Google News, GDELT) the item's publisher, else its link's host. Distinct sources are what a status
 * needs, so this rule must be the same in the CLI and in the pipeline.
 */
import type { FeedItem } from './types.js';

export interface SourceContext {
  /** The configured feed's source name. */
  source?: string | undefined;
  aggregator?: boolean | undefined;
}

function hostOf(link: string | undefined): string | undefined {
  if (!link) return undefined;
  try {
    return new URL(link).host.replace(/^www\./, '') || undefined;
  } catch {
    return undefined;
  }
}

export function itemSource(item: FeedItem, feed: SourceContext = {}, fallback = 'unknown'): string {
  if (feed.source && !feed.aggregator) return feed.source;
  return item.publisher ?? hostOf(item.link) ?? feed.source ?? fallback;
}
