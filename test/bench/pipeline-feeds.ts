/**
 * The feeds of the pipeline benchmark, as RSS 2.0 bytes with a strong ETag. Deterministic: the corpus is
 * seeded (corpus.ts); only the pubDates follow `baseMs`, so items stay inside the claims' time windows.
 *
 * - `main`: `feeds` documents of `itemsPerFeed` corpus items (≈10 % about US–China, the rest general news).
 * - `plain`: `plainFeeds` documents of items that match none of the default claims, for measuring what a
 *   non-matching item costs on its own.
 * Every item has its own link, so every item is its own story (fingerprint.ts keys stories by URL).
 */
import { createHash } from 'node:crypto';
import { compileMatcher } from '../../src/match/index.js';
import type { ClaimMatchSpec, LexiconSpec } from '../../src/match/types.js';
import { type CorpusItem, generateCorpus } from './corpus.js';

export interface FeedDocument {
  /** URL path on the feed server, e.g. `/feed/17.xml`. */
  path: string;
  body: Buffer;
  /** A quoted strong validator (RFC 9110 §8.8.3). */
  etag: string;
  items: number;
}

export interface FeedSetOptions {
  feeds: number;
  plainFeeds: number;
  itemsPerFeed: number;
  baseMs: number;
  claims: ClaimMatchSpec[];
  lexicon: LexiconSpec;
}

export interface FeedSet {
  main: FeedDocument[];
  plain: FeedDocument[];
  /** Items of `main` that the default matcher matches on their raw title + summary. */
  mainMatching: number;
}

const HOUR_MS = 3_600_000;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function rssDocument(name: string, items: CorpusItem[], baseMs: number): string {
  const body = items.map((item, i) => {
    const id = `${name}-${i}`;
    const description = i % 2 === 0 ? escapeXml(item.summary) : `<![CDATA[${item.summary}]]>`;
    return `    <item>
      <title>${escapeXml(item.title)}</title>
      <link>https://news.example.test/${id}</link>
      <guid isPermaLink="false">${id}</guid>
      <pubDate>${new Date(baseMs - (i + 1) * HOUR_MS).toUTCString()}</pubDate>
      <description>${description}</description>
    </item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Pipeline benchmark feed ${name}</title>
    <link>https://news.example.test/</link>
    <description>Generated for bench:pipeline</description>
${body.join('\n')}
  </channel>
</rss>
`;
}

function documents(prefix: string, items: CorpusItem[], perFeed: number, baseMs: number): FeedDocument[] {
  const result: FeedDocument[] = [];
  for (let start = 0; start + perFeed <= items.length; start += perFeed) {
    const name = `${prefix}${result.length}`;
    const body = Buffer.from(rssDocument(name, items.slice(start, start + perFeed), baseMs));
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 20)}"`;
    result.push({ path: `/feed/${name}.xml`, body, etag, items: perFeed });
  }
  return result;
}

export function buildFeedSet(options: FeedSetOptions): FeedSet {
  const matcher = compileMatcher(options.claims, options.lexicon);
  const matches = (item: CorpusItem) => matcher.match({ title: item.title, body: item.summary }).length > 0;

  const corpus = generateCorpus(options.feeds * options.itemsPerFeed);
  const plainNeeded = options.plainFeeds * options.itemsPerFeed;
  // A different seed, so the plain items are not copies of the main ones.
  const plainItems = generateCorpus(plainNeeded * 2, 7)
    .filter((item) => !matches(item))
    .slice(0, plainNeeded);
  return {
    main: documents('m', corpus, options.itemsPerFeed, options.baseMs),
    plain: documents('p', plainItems, options.itemsPerFeed, options.baseMs),
    mainMatching: corpus.filter(matches).length,
  };
}
