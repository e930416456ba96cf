import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { itemId } from '../../../src/feeds/parse/item-id.js';
import { parseFeed } from '../../../src/feeds/parse/parse.js';

function rssItem(inner: string): string {
  return `<rss version="2.0"><channel><title>Ids</title><item>${inner}</item></channel></rss>`;
}

describe('item ids', () => {
  describe('when the feed gives an id', () => {
    it.each([
      [
        'an RSS guid, trimmed',
        rssItem('<guid isPermaLink="false">  abc-1  </guid><link>https://x.example/1</link>'),
        'abc-1',
      ],
      [
        'an Atom id, not normalized',
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>HTTP://Example.org/Thing</id></entry></feed>',
        'HTTP://Example.org/Thing',
      ],
      [
        'an RDF rdf:about',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>R</title></channel><item rdf:about="https://r.example/1"><title>t</title></item></rdf:RDF>',
        'https://r.example/1',
      ],
      [
        'a JSON Feed numeric id',
        '{"version":"https://jsonfeed.org/version/1","items":[{"id":42,"title":"t"}]}',
        '42',
      ],
    ])('uses %s', async (_name, doc, expected) => {
      const feed = await parseFeed(doc);
      expect(feed.items[0]?.id).toBe(expected);
    });
  });

  describe('when there is no id but a link', () => {
    it('uses the canonical link, so tracking parameters do not make a new item', async () => {
      const a = await parseFeed(rssItem('<link>https://www.x.example/a/?utm_source=rss&amp;b=2</link>'));
      const b = await parseFeed(rssItem('<link>https://x.example/a?b=2&amp;fbclid=zz</link>'));
      expect(a.items[0]?.id).toBe('https://x.example/a?b=2');
      expect(b.items[0]?.id).toBe(a.items[0]?.id);
    });
  });

  describe('when there is neither id nor link', () => {
    it('hashes title and date', async () => {
      const feed = await parseFeed(
        rssItem('<title>Only a title</title><pubDate>Thu, 05 Jun 2025 10:00:00 GMT</pubDate>'),
      );
      const expected = createHash('sha256')
        .update('Only a title\n2025-06-05T10:00:00Z')
        .digest('hex')
        .slice(0, 32);
      expect(feed.items[0]?.id).toBe(expected);
    });

    it('is stable between parses', async () => {
      const doc = rssItem('<title>Same</title>');
      const [a, b] = await Promise.all([parseFeed(doc), parseFeed(doc)]);
      expect(a.items[0]?.id).toBe(b.items[0]?.id);
    });
  });

  describe('itemId', () => {
    it('hashes an id longer than the field limit instead of cutting it', () => {
      expect(itemId({ guid: 'x'.repeat(5000) })).toMatch(/^sha256:[0-9a-f]{64}$/);
    });
  });
});
