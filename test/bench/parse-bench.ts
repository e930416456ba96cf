/**
 * Part (a) of the matcher benchmark: parse + normalize. The corpus becomes RSS 2.0 documents of
 * ITEMS_PER_FEED items (a real feed's size; parseFeed keeps at most 10,000 items per document), half of
 * the descriptions escaped, half in CDATA. Each run parses every document with parseFeed and normalizes
 * every item's title and summary as the matcher would. Throughput is MB of XML per second.
 */
import Parser from 'rss-parser';
import { parseFeed } from '../../src/feeds/index.js';
import { MAX_BODY_CHARS, MAX_TITLE_CHARS, normalizeText } from '../../src/match/index.js';
import type { CorpusItem } from './corpus.js';

const ITEMS_PER_FEED = 200;

export interface ParseFigures {
  xmlBytes: number;
  items: number;
  medianMs: number;
  /** The parse share of the median run. */
  parseMs: number;
  mbPerS: number;
  /** rss-parser's parseString alone on the same documents, in the same runs: the ceiling for parseFeed. */
  rawMbPerS: number;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function rssDocument(items: CorpusItem[], feed: number): string {
  const body = items.map((item, i) => {
    const id = `${feed}-${i}`;
    const description = i % 2 === 0 ? escapeXml(item.summary) : `<![CDATA[${item.summary}]]>`;
    const day = String(1 + (i % 28)).padStart(2, '0');
    return `    <item>
      <title>${escapeXml(item.title)}</title>
      <link>https://news.example.test/${id}</link>
      <guid isPermaLink="false">${id}</guid>
      <pubDate>Mon, ${day} Sep 2025 08:00:00 +0000</pubDate>
      <description>${description}</description>
    </item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Benchmark feed ${feed}</title>
    <link>https://news.example.test/</link>
    <description>Generated for bench:match</description>
${body.join('\n')}
  </channel>
</rss>
`;
}

async function runOnce(documents: string[]): Promise<{ totalMs: number; parseMs: number; items: number }> {
  let parseMs = 0;
  let items = 0;
  const started = performance.now();
  for (const document of documents) {
    const parseStarted = performance.now();
    const feed = await parseFeed(document, { url: 'https://news.example.test/feed.xml' });
    parseMs += performance.now() - parseStarted;
    for (const item of feed.items) {
      normalizeText(item.title ?? '', { maxChars: MAX_TITLE_CHARS });
      normalizeText(item.summary ?? item.content ?? '', { maxChars: MAX_BODY_CHARS });
      items++;
    }
  }
  return { totalMs: performance.now() - started, parseMs, items };
}

/** rss-parser by itself, as our normalization layer configures it (defaultRSS: 2), for comparison. */
async function rawParseMs(documents: string[]): Promise<number> {
  const parser = new Parser({ defaultRSS: 2 });
  const started = performance.now();
  for (const document of documents) await parser.parseString(document);
  return performance.now() - started;
}

export async function benchParse(corpus: CorpusItem[], runs = 5): Promise<ParseFigures> {
  const documents: string[] = [];
  for (let start = 0; start < corpus.length; start += ITEMS_PER_FEED) {
    documents.push(rssDocument(corpus.slice(start, start + ITEMS_PER_FEED), documents.length));
  }
  const xmlBytes = documents.reduce((sum, document) => sum + Buffer.byteLength(document), 0);
  await runOnce(documents); // warm-up
  const results: Awaited<ReturnType<typeof runOnce>>[] = [];
  const raw: number[] = [];
  // Interleaved, so machine noise hits both alike and their ratio stays meaningful.
  for (let i = 0; i < runs; i++) {
    results.push(await runOnce(documents));
    raw.push(await rawParseMs(documents));
  }
  raw.sort((a, b) => a - b);
  results.sort((a, b) => a.totalMs - b.totalMs);
  const median = results[Math.floor(results.length / 2)] as Awaited<ReturnType<typeof runOnce>>;
  return {
    xmlBytes,
    items: median.items,
    medianMs: median.totalMs,
    parseMs: median.parseMs,
    mbPerS: xmlBytes / (1024 * 1024) / (median.totalMs / 1000),
    rawMbPerS: xmlBytes / (1024 * 1024) / ((raw[Math.floor(raw.length / 2)] ?? 1) / 1000),
  };
}
