/**
 * JSON Feed 1.0 / 1.1 (https://www.jsonfeed.org/version/1.1/) → ParsedFeed. rss-parser does not read
 * JSON Feed, so this is the one format parsed here directly.
 *
 * A document that is not JSON, or whose `version` is not a jsonfeed.org URL, or whose `items` is not an
 * array → FEED_INVALID. Values of the wrong JSON type are ignored field by field, like a bad date.
 *
 * - id: id (a number is accepted and written as a string, as many generators do)
 * - link: url, else external_url; relative ones resolve against the document URL, else feed_url, else
 *   home_page_url
 * - title; summary: summary; content: content_html, else content_text
 * - published: date_published; updated: date_modified (RFC 3339, via dates.ts)
 * - author: authors[0] (1.1), else author (1.0); item, else feed level; display 'Name (url)' is not
 *   feedparser's form for JSON, so the display is the name (or the url when there is no name)
 * - categories: tags
 */
import { PolicyWatchError } from '../../errors.js';
import type { FeedItem, ParsedFeed } from '../types.js';
import { parseFeedDate } from './dates.js';
import { absolutizeHtmlUrls } from './html-urls.js';
import { MAX_ITEMS } from './limits.js';
import { finishFeed, finishItem } from './normalize-item.js';
import { type Person, personFromParts } from './people.js';
import { innerBase, resolveUrl } from './urls.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function personOf(container: Json): Person | undefined {
  const list = Array.isArray(container.authors) ? container.authors : [container.author];
  const first = list.find(isObject);
  if (!first) return undefined;
  return personFromParts(str(first.name), undefined) ?? personFromParts(undefined, str(first.url));
}

function normalizeItem(raw: Json, base: string | undefined, feedAuthor: Person | undefined): FeedItem {
  const id = typeof raw.id === 'number' ? String(raw.id) : str(raw.id);
  const html = str(raw.content_html);
  const person = personOf(raw) ?? feedAuthor;
  return finishItem({
    guid: id,
    title: str(raw.title),
    link: resolveUrl(str(raw.url) ?? str(raw.external_url), base),
    published: parseFeedDate(str(raw.date_published)),
    updated: parseFeedDate(str(raw.date_modified)),
    summary: str(raw.summary),
    content: html !== undefined ? absolutizeHtmlUrls(html, base) : str(raw.content_text),
    author: person?.display,
    authorName: person?.name,
    categories: Array.isArray(raw.tags) ? raw.tags.filter((t): t is string => typeof t === 'string') : [],
    publisher: undefined,
  });
}

export function parseJsonFeed(text: string, documentBase: string | undefined): ParsedFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new PolicyWatchError('FEED_INVALID', 'the document is not valid JSON', {}, { cause: error });
  }
  if (!isObject(doc) || !/^https?:\/\/jsonfeed\.org\/version\/1/i.test(str(doc.version) ?? '')) {
    throw new PolicyWatchError(
      'FEED_INVALID',
      'the JSON document is not a JSON Feed (no jsonfeed.org version)',
    );
  }
  if (!Array.isArray(doc.items)) {
    throw new PolicyWatchError('FEED_INVALID', 'the JSON Feed has no items array');
  }
  const base = innerBase(documentBase, innerBase(str(doc.feed_url), str(doc.home_page_url)));
  const feedAuthor = personOf(doc);
  return finishFeed({
    format: 'json',
    title: str(doc.title),
    link: resolveUrl(str(doc.home_page_url), documentBase),
    items: doc.items
      .slice(0, MAX_ITEMS)
      .filter(isObject)
      .map((item) => normalizeItem(item, base, feedAuthor)),
  });
}
