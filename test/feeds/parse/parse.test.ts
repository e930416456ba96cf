import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../src/feeds/parse/parse.js';
import type { FeedItem, ParsedFeed } from '../../../src/feeds/types.js';

const FEED_URL = 'https://feed.example/path/feed.xml';

function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/parse/${name}`, import.meta.url), 'utf8');
}

async function parseFixture(name: string): Promise<ParsedFeed> {
  return parseFeed(fixture(name), { url: FEED_URL });
}

function first(feed: ParsedFeed): FeedItem {
  const item = feed.items[0];
  if (!item) throw new Error('the feed has no items');
  return item;
}

describe('parseFeed', () => {
  describe('when the feed is RSS without a version attribute', () => {
    it('reads it as RSS 2.0', async () => {
      const feed = await parseFixture('rss-no-version.xml');
      expect(feed).toMatchObject({ format: 'rss', title: 'Trade Desk', link: 'https://trade.example/' });
      expect(first(feed)).toMatchObject({
        id: 'trade-123',
        title: 'Rare earth licences approved',
        published: '2025-06-05T18:30:00Z',
        summary: '<p>Beijing approved <b>some</b> licences &amp; more.</p>',
        author: 'Jane Doe',
        authorName: 'Jane Doe',
        categories: ['Trade', 'China'],
      });
    });
  });

  describe('when the feed is RSS 1.0 (RDF)', () => {
    it('takes the id from rdf:about and the date from dc:date', async () => {
      const feed = await parseFixture('rdf.xml');
      expect(feed).toMatchObject({ format: 'rdf', title: 'RDF Site', link: 'https://rdf.example/' });
      expect(first(feed)).toMatchObject({
        id: 'https://rdf.example/story/1',
        link: 'https://rdf.example/story/1',
        updated: '2025-06-06T01:00:00Z',
        published: '2025-06-06T01:00:00Z',
        categories: ['Education'],
      });
    });
  });

  describe('when the feed is Atom 1.0 with html and xhtml text', () => {
    it('flattens every text construct to a string, without the xhtml wrapper div', async () => {
      const feed = await parseFixture('atom10-markup.xml');
      expect(feed.title).toBe('Trade &amp; Tariffs');
      const entry = first(feed);
      expect(entry.title).toBe('Talks <em>set</em> for Geneva');
      expect(entry.content).toBe('<p>First <b>bold</b> then <i>italic</i> &amp; text.</p>');
      for (const value of [feed.title, entry.title, entry.summary, entry.content]) {
        expect(typeof value).toBe('string');
      }
    });

    it('reads categories from term and authors as "Name (email)", inheriting the feed author', async () => {
      const feed = await parseFixture('atom10-markup.xml');
      expect(first(feed)).toMatchObject({
        categories: ['trade', 'talks'],
        author: 'Desk Editor (desk@atom.example)',
        authorName: 'Desk Editor',
        published: '2025-06-07T06:00:00Z',
        updated: '2025-06-07T10:00:00Z',
      });
      expect(feed.items[1]?.author).toBe('Guest Writer');
    });
  });

  describe('when the feed is Atom 0.3', () => {
    it('decodes mode="base64" and keeps the 0.3 xhtml div', async () => {
      const feed = await parseFixture('atom03-base64.xml');
      expect(feed.title).toBe('Old <i>Atom</i>');
      expect(first(feed)).toMatchObject({
        title: 'Rare earths <b>flow</b>',
        summary: '<div>Kept <b>div</b></div>',
        published: '2004-01-01T19:48:21Z',
        updated: '2004-01-02T19:48:21Z',
      });
    });
  });

  describe('when the feed is JSON Feed 1.1', () => {
    it('maps its fields and skips values of the wrong type', async () => {
      const feed = await parseFeed(fixture('json-feed-1.1.json'));
      expect(feed).toMatchObject({ format: 'json', title: 'JSON Desk', link: 'https://json.example/' });
      expect(first(feed)).toMatchObject({
        id: 'json-1',
        link: 'https://json.example/a?fbclid=abc',
        published: '2025-06-05T08:00:00Z',
        updated: undefined,
        summary: 'Short summary',
        content: '<p>See <a href="https://json.example/b">more</a></p>',
        author: 'Item Author',
        categories: ['trade', 'china'],
      });
      expect(feed.items).toHaveLength(2);
      expect(feed.items[1]).toMatchObject({ id: '2', content: 'Text only, no title', author: 'Feed Author' });
    });
  });

  describe('when links are relative', () => {
    it('resolves them against nested xml:base, then the feed URL, including links inside HTML', async () => {
      const feed = await parseFixture('xml-base.xml');
      expect(feed.link).toBe('https://root.example/a/b/home');
      expect(first(feed).link).toBe('https://root.example/c/story');
      expect(first(feed).summary).toBe(
        '<a href="https://root.example/c/rel">x</a> <img src="https://cdn.example/i.png">',
      );
    });

    it('ignores an xml:base that is not http(s)', async () => {
      const feed = await parseFixture('xml-base.xml');
      expect(feed.items[1]?.link).toBe('https://root.example/a/b/page');
    });

    it('falls back to the document URL when there is no xml:base', async () => {
      const feed = await parseFeed('<rss><channel><item><link>/x</link></item></channel></rss>', {
        url: FEED_URL,
      });
      expect(first(feed).link).toBe('https://feed.example/x');
    });
  });

  describe('when the feed is a Google News search', () => {
    it('puts the <source> name into publisher', async () => {
      const item = first(await parseFixture('google-news.xml'));
      expect(item).toMatchObject({ publisher: 'Reuters', id: 'CBMiAbc', published: '2025-06-06T07:12:00Z' });
    });
  });

  describe('when an old RSS 0.91 feed has a PUBLIC DOCTYPE and HTML entities', () => {
    it('parses it and decodes the entities', async () => {
      const feed = await parseFixture('rss091-public-doctype.xml');
      expect(feed.title).toBe('Netscape era');
      expect(first(feed).title).toBe('Caf\u00e9 & more\u00a0news');
    });
  });

  describe('when the XML is slightly broken in the usual ways', () => {
    it('repairs stray ampersands and a truncated end, keeping the complete items', async () => {
      const feed = await parseFixture('truncated.xml');
      expect(feed.title).toBe('AT&T news');
      expect(first(feed)).toMatchObject({ title: 'Complete item', link: 'https://cut.example/1?a=1&b=2' });
    });
  });

  describe('when element names use unusual prefixes or case', () => {
    it.each([
      [
        'a prefixed RSS 2.0 namespace',
        '<r:rss xmlns:r="http://backend.userland.com/rss2"><r:channel><r:title>T</r:title><r:item><r:title>I</r:title></r:item></r:channel></r:rss>',
      ],
      [
        'an odd Dublin Core prefix',
        '<rss xmlns:x="http://purl.org/dc/elements/1.1/"><channel><title>T</title><item><x:title>I</x:title></item></channel></rss>',
      ],
      ['mixed-case names', '<rss><Channel><TiTlE>T</TiTlE><Item><Title>I</Title></Item></Channel></rss>'],
      ['an rss without channel', '<rss><title>T</title><item><title>I</title></item></rss>'],
    ])('reads %s', async (_name, xml) => {
      const feed = await parseFeed(xml);
      expect(feed.title).toBe('T');
      expect(first(feed).title).toBe('I');
    });
  });
});
