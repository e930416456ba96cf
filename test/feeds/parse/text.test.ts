import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../src/feeds/parse/parse.js';
import { fixC1Controls } from '../../../src/feeds/parse/xml/c1-controls.js';

describe('fixC1Controls', () => {
  it('reads C1 controls as the cp1252 punctuation they were meant to be', () => {
    expect(fixC1Controls('don\u0092t \u0093quoted\u0094')).toBe('don\u2019t \u201cquoted\u201d');
  });
});

describe('parseFeed text fields', () => {
  describe('when an Atom 1.0 element uses a non-text MIME type', () => {
    it('decodes the base64 content', async () => {
      const feed = await parseFeed(
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="application/octet-stream">RXhhbXBsZSA8Yj5BdG9tPC9iPg==</content></entry></feed>',
      );
      expect(feed.items[0]?.content).toBe('Example <b>Atom</b>');
    });
  });

  describe('when an RSS description holds naked markup', () => {
    it('serializes it in document order', async () => {
      const feed = await parseFeed(
        '<rss><channel><item><description>Before <p>para <i>x</i> after</p> end</description></item></channel></rss>',
      );
      expect(feed.items[0]?.summary).toBe('Before <p>para <i>x</i> after</p> end');
    });
  });

  describe('when an Atom text is type="text" with brackets', () => {
    it('keeps the text as written', async () => {
      const feed = await parseFeed(
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="text">History of the &lt;blink&gt; tag</title></entry></feed>',
      );
      expect(feed.items[0]?.title).toBe('History of the <blink> tag');
    });
  });
});

describe('parseFeed Atom 0.3 modes', () => {
  it.each([
    [
      'escaped html',
      'type="text/html" mode="escaped"',
      '&lt;p&gt;hi &amp;amp; bye&lt;/p&gt;',
      '<p>hi &amp; bye</p>',
    ],
    ['escaped xhtml', 'type="application/xhtml+xml" mode="escaped"', '&lt;p&gt;hi&lt;/p&gt;', '<p>hi</p>'],
    [
      'inline xml',
      'type="application/xhtml+xml" mode="xml"',
      '<p xmlns="http://www.w3.org/1999/xhtml">a &amp; b</p>',
      '<p>a &amp; b</p>',
    ],
    ['base64 html', 'type="text/html" mode="base64"', 'PHA+aGk8L3A+', '<p>hi</p>'],
  ])('reads %s', async (_name, attrs, body, expected) => {
    const feed = await parseFeed(
      `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry><content ${attrs}>${body}</content></entry></feed>`,
    );
    expect(feed.items[0]?.content).toBe(expected);
  });
});
