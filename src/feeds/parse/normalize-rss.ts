/**
 * RSS 0.9x / 1.0 (RDF) / 2.0 trees → ParsedFeed. Which element feeds which field, first match wins:
 *
 * - title: title, dc:title, media:title
 * - link: link, atom:link (alternate), else a permalink guid (isPermaLink not "false" and http(s))
 * - id (guid): guid, rdf:about, dc:identifier
 * - published: pubDate, dcterms:issued, dcterms:created; updated: dcterms:modified, dc:date, atom:updated
 * - summary: the first of description / dc:description / summary (HTML), else itunes:summary; when both a
 *   description and a summary are present, the second one is the content unless there is real content
 * - content: content:encoded, xhtml body, fullitem
 * - author: author, dc:creator, dc:author, itunes:author (display as written; name parsed, see people.ts)
 * - categories, in document order: category, dc:subject, media:category, atom:category@term,
 *   itunes:category@text (nested ones too), and the comma-separated `<tags>` some feeds invent
 * - publisher: source (Google News `<source url="…">Publisher</source>`), dc:publisher
 *
 * Links resolve against xml:base on the rss root, channel, item and element, then the document URL.
 */

import type { FeedItem, ParsedFeed } from '../types.js';
import { alternateLink, dateFrom, idFrom, textContext } from './normalize-common.js';
import { finishFeed, finishItem } from './normalize-item.js';
import { personFromParts, personFromString } from './people.js';
import { readTextConstruct, type TextKind } from './text-construct.js';
import { innerBase, resolveUrl } from './urls.js';
import type { FeedTree } from './xml/tree.js';
import { childElements, childText, firstChild, textContent, type XmlElement } from './xml/tree.js';

const SUMMARY_NAMES = ['description', 'dc:description', 'summary'];
const CONTENT_NAMES = ['content:encoded', 'xhtml:body', 'body', 'fullitem'];

function itunesCategories(el: XmlElement, out: string[]): void {
  out.push(el.attrs.text ?? '');
  for (const sub of childElements(el, 'itunes:category')) itunesCategories(sub, out);
}

function categoriesOf(item: XmlElement): string[] {
  const out: string[] = [];
  for (const el of childElements(item)) {
    if (el.key === 'category' || el.key === 'dc:subject' || el.key === 'media:category') {
      out.push(textContent(el));
    } else if (el.key === 'atom:category') {
      out.push(el.attrs.term ?? '');
    } else if (el.key === 'itunes:category') {
      itunesCategories(el, out);
    } else if (el.key === 'tags') {
      out.push(...textContent(el).split(','));
    }
  }
  return out;
}

function authorOf(item: XmlElement) {
  const el = firstChild(item, 'author', 'dc:creator', 'dc:author', 'itunes:author');
  if (!el) return undefined;
  // Some feeds put an Atom-style person inside RSS <author>.
  const name = childText(el, 'name', 'atom:name');
  if (name) return personFromParts(name, childText(el, 'email', 'atom:email'));
  return personFromString(textContent(el));
}

function linkOf(
  item: XmlElement,
  base: string | undefined,
  guid: XmlElement | undefined,
): string | undefined {
  const link = firstChild(item, 'link');
  const own = link ? resolveUrl(textContent(link), innerBase(link.attrs['xml:base'], base)) : undefined;
  if (own) return own;
  const atom = alternateLink(item, 'atom:link', base);
  if (atom) return atom;
  const flag = guid?.attrs.isPermaLink ?? guid?.attrs.ispermalink ?? '';
  const permalink = guid !== undefined && flag.trim().toLowerCase() !== 'false';
  const guidText = guid ? textContent(guid).trim() : '';
  return permalink && /^https?:\/\//i.test(guidText) ? guidText : undefined;
}

function text(el: XmlElement | undefined, base: string | undefined, kind: TextKind): string | undefined {
  return el ? readTextConstruct(el, textContext(el, base, kind)) : undefined;
}

function normalizeItem(item: XmlElement, channelBase: string | undefined): FeedItem {
  const base = innerBase(item.attrs['xml:base'], channelBase);
  const guidEl = firstChild(item, 'guid');
  const summaries = childElements(item, ...SUMMARY_NAMES);
  const contentEl = firstChild(item, ...CONTENT_NAMES);
  const person = authorOf(item);
  return finishItem({
    guid: idFrom(guidEl, base) ?? item.attrs['rdf:about']?.trim() ?? childText(item, 'dc:identifier'),
    title: text(firstChild(item, 'title', 'dc:title', 'media:title'), base, 'text'),
    link: linkOf(item, base, guidEl),
    published: dateFrom(item, 'pubDate', 'dcterms:issued', 'dcterms:created', 'atom:published'),
    updated: dateFrom(item, 'dcterms:modified', 'dc:date', 'atom:updated'),
    summary: text(summaries[0], base, 'html') ?? text(firstChild(item, 'itunes:summary'), base, 'text'),
    content: contentEl
      ? text(contentEl, base, contentEl.key.endsWith('body') ? 'xhtml' : 'html')
      : text(summaries[1], base, 'html'),
    author: person?.display,
    authorName: person?.name,
    categories: categoriesOf(item),
    publisher: childText(item, 'source', 'dc:publisher'),
  });
}

export function normalizeRss(
  tree: FeedTree,
  format: 'rss' | 'rdf',
  rootAttrs: Record<string, string>,
  documentBase: string | undefined,
): ParsedFeed {
  const { channel } = tree;
  const base = innerBase(channel.attrs['xml:base'], innerBase(rootAttrs['xml:base'], documentBase));
  const titleEl = firstChild(channel, 'title', 'dc:title');
  const linkEl = firstChild(channel, 'link');
  return finishFeed({
    format,
    title: readTextConstruct(titleEl, textContext(titleEl, base, 'text')),
    link:
      (linkEl ? resolveUrl(textContent(linkEl), innerBase(linkEl.attrs['xml:base'], base)) : undefined) ??
      alternateLink(channel, 'atom:link', base),
    items: tree.items.map((item) => normalizeItem(item, base)),
  });
}
