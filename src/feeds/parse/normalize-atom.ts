/**
 * Atom 1.0 (RFC 4287) and Atom 0.3 trees → ParsedFeed.
 *
 * - title / summary / content: text constructs (text-construct.ts): html, xhtml (wrapper div removed in
 *   1.0 only, as feedparser does), 0.3 modes escaped / xml / base64
 * - link: the first alternate link with an href (link.ts rules in alternateLink)
 * - id: id (kept as written; see idFrom)
 * - published: published, issued (0.3), created (0.3); updated: updated, modified (0.3)
 * - author: entry author, else the entry's source author, else the feed author (RFC 4287 §4.2.1: an entry
 *   without an author inherits the feed's); display 'Name (email)'; dc:creator as a last resort
 * - categories: category@term (text content for 0.3-style categories without term), dc:subject
 * - publisher: the entry's source title (the feed it was copied from)
 *
 * Atom 1.0 vs 0.3 is told by the root namespace, else by version="0.3".
 */

import type { FeedItem, ParsedFeed } from '../types.js';
import { alternateLink, dateFrom, idFrom, textContext } from './normalize-common.js';
import { finishFeed, finishItem } from './normalize-item.js';
import { type Person, personFromParts, personFromString } from './people.js';
import { readTextConstruct, type TextKind } from './text-construct.js';
import { innerBase } from './urls.js';
import type { FeedTree } from './xml/tree.js';
import { childElements, childText, firstChild, textContent, type XmlElement } from './xml/tree.js';

const ATOM03_NS = 'http://purl.org/atom/ns#';

function personOf(el: XmlElement | undefined): Person | undefined {
  if (!el) return undefined;
  const name = childText(el, 'name');
  const email = childText(el, 'email');
  if (name || email) return personFromParts(name, email);
  return personFromString(textContent(el));
}

function categoriesOf(entry: XmlElement): string[] {
  const out: string[] = [];
  for (const el of childElements(entry, 'category', 'dc:subject')) {
    out.push(el.name === 'category' ? (el.attrs.term ?? textContent(el)) : textContent(el));
  }
  return out;
}

function normalizeEntry(
  entry: XmlElement,
  feedBase: string | undefined,
  atom10: boolean,
  feedAuthor?: Person,
) {
  const base = innerBase(entry.attrs['xml:base'], feedBase);
  const text = (el: XmlElement | undefined, kind: TextKind = 'text') =>
    readTextConstruct(el, textContext(el, base, kind, atom10));
  const source = firstChild(entry, 'source');
  const person =
    personOf(firstChild(entry, 'author')) ??
    personOf(source && firstChild(source, 'author')) ??
    feedAuthor ??
    personFromString(childText(entry, 'dc:creator'));
  return finishItem({
    guid: idFrom(firstChild(entry, 'id'), base),
    title: text(firstChild(entry, 'title')),
    link: alternateLink(entry, 'link', base),
    published: dateFrom(entry, 'published', 'issued', 'created', 'dcterms:issued'),
    updated: dateFrom(entry, 'updated', 'modified', 'dcterms:modified', 'dc:date'),
    summary: text(firstChild(entry, 'summary')),
    content: text(firstChild(entry, 'content')),
    author: person?.display,
    authorName: person?.name,
    categories: categoriesOf(entry),
    publisher: source ? text(firstChild(source, 'title')) : undefined,
  });
}

export function normalizeAtom(
  tree: FeedTree,
  rootAttrs: Record<string, string>,
  documentBase: string | undefined,
): ParsedFeed {
  const feed = tree.channel;
  const atom10 = rootAttrs.xmlns?.trim() !== ATOM03_NS && rootAttrs.version?.trim() !== '0.3';
  const base = innerBase(feed.attrs['xml:base'] ?? rootAttrs['xml:base'], documentBase);
  const titleEl = firstChild(feed, 'title');
  const feedAuthor = personOf(firstChild(feed, 'author'));
  const items: FeedItem[] = tree.items.map((entry) => normalizeEntry(entry, base, atom10, feedAuthor));
  return finishFeed({
    format: 'atom',
    title: readTextConstruct(titleEl, textContext(titleEl, base, 'text', atom10)),
    link: alternateLink(feed, 'link', base),
    items,
  });
}
