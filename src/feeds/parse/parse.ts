/**
 * parseFeed: feed text (already decoded, see ../decode/) → ParsedFeed, or a PolicyWatchError. Nothing else
 * escapes: no TypeError, no hang (every scan is linear or bounded, every field capped by limits.ts).
 *
 * Order:
 * 1. Blank → FEED_EMPTY.
 * 2. Starts with '{' → JSON Feed (json-feed.ts).
 * 3. Otherwise XML: the gate (xml/guard.ts: DTD subsets → FEED_UNSAFE, HTML → FEED_HTML, non-feeds and
 *    absurd nesting → FEED_INVALID), then rss-parser (xml/rss-tree.ts: not well-formed → FEED_INVALID), then
 *    the format's normalizer (normalize-rss.ts, normalize-atom.ts). A document that is not well-formed
 *    gets one more try after xml/repair.ts (stray '&', truncation); if that fails too, the first error.
 *
 * `options.url` is the document's URL, the last base for relative links (after xml:base); pass the
 * Content-Location-derived base from documentBaseUrl() when the response had one.
 * A failure of our own code surfaces as INTERNAL, never as a feed's fault.
 */
import { toPolicyWatchError } from '../../errors.js';
import type { ParsedFeed, ParseOptions } from '../types.js';
import { parseJsonFeed } from './json-feed.js';
import { normalizeAtom } from './normalize-atom.js';
import { normalizeRss } from './normalize-rss.js';
import { documentBaseUrl } from './urls.js';
import { inspectXml } from './xml/guard.js';
import { localName } from './xml/names.js';
import { repairXml } from './xml/repair.js';
import { parseFeedTree } from './xml/rss-tree.js';
import type { FeedTree } from './xml/tree.js';

async function parseUnchecked(text: string, options: ParseOptions): Promise<ParsedFeed> {
  const base = documentBaseUrl(options.url);
  const start = text.search(/[^\s\uFEFF]/);
  if (start >= 0 && text.charCodeAt(start) === 0x7b /* { */) return parseJsonFeed(text.slice(start), base);
  const prolog = inspectXml(text);
  const body = text.slice(Math.max(start, 0));
  let tree: FeedTree;
  try {
    tree = await parseFeedTree(body, prolog);
  } catch (error) {
    // Not well-formed: one second chance with the safe repairs of xml/repair.ts, else the first error.
    const repaired = repairXml(body);
    if (repaired === undefined) throw error;
    tree = await parseFeedTree(repaired, prolog).catch(() => Promise.reject(error));
  }
  const root = localName(prolog.rootName);
  if (root === 'feed') return normalizeAtom(tree, prolog.rootAttrs, base);
  return normalizeRss(tree, root === 'rdf' ? 'rdf' : 'rss', prolog.rootAttrs, base);
}

export async function parseFeed(text: string, options: ParseOptions = {}): Promise<ParsedFeed> {
  try {
    return await parseUnchecked(text, options);
  } catch (error) {
    throw toPolicyWatchError(error);
  }
}
