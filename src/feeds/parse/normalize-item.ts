/**
 * The last step for every format: a draft item (fields as read from RSS, Atom or JSON Feed) becomes a
 * FeedItem. Here, and only here: fields are bounded (limits.ts), categories are de-duplicated in order,
 * `published` falls back to `updated` (an Atom entry or dc:date-only RSS item has no other date, and the
 * pipeline needs one; rss-parser does the same), and the id and story key are derived.
 * `finishFeed` bounds the feed's own fields and keeps at most MAX_ITEMS items.
 */

import type { FeedItem, ParsedFeed } from '../types.js';
import { storyKey } from './fingerprint.js';
import { itemId } from './item-id.js';
import {
  MAX_CATEGORIES,
  MAX_ITEMS,
  MAX_SHORT_CHARS,
  MAX_TEXT_CHARS,
  MAX_TITLE_CHARS,
  truncate,
} from './limits.js';

/** A feed item before finishItem gives it its id and story key; `guid` is the id the feed itself gave. */
export type ItemDraft = Omit<FeedItem, 'id' | 'storyKey'> & { guid?: string | undefined };

function cut(value: string | undefined, max: number): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? truncate(trimmed, max) : undefined;
}

function uniqueCategories(raw: string[]): string[] {
  const seen = new Set<string>();
  for (const category of raw) {
    const value = cut(category, MAX_SHORT_CHARS);
    if (value !== undefined) seen.add(value);
    if (seen.size >= MAX_CATEGORIES) break;
  }
  return [...seen];
}

export function finishItem(draft: ItemDraft): FeedItem {
  const title = cut(draft.title, MAX_TITLE_CHARS);
  const link = cut(draft.link, MAX_SHORT_CHARS);
  const summary = cut(draft.summary, MAX_TEXT_CHARS);
  const published = draft.published ?? draft.updated;
  const publisher = cut(draft.publisher, MAX_SHORT_CHARS);
  const id = itemId({ guid: draft.guid, link, title, summary, date: published });
  return {
    id,
    title,
    link,
    published,
    updated: draft.updated,
    summary,
    content: cut(draft.content, MAX_TEXT_CHARS),
    author: cut(draft.author, MAX_SHORT_CHARS),
    authorName: cut(draft.authorName, MAX_SHORT_CHARS),
    categories: uniqueCategories(draft.categories),
    publisher,
    storyKey: storyKey({ id, link, title, publisher }),
  };
}

export function finishFeed(feed: ParsedFeed): ParsedFeed {
  return {
    format: feed.format,
    title: cut(feed.title, MAX_TITLE_CHARS),
    link: cut(feed.link, MAX_SHORT_CHARS),
    items: feed.items.slice(0, MAX_ITEMS),
  };
}
