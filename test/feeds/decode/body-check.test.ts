import { describe, expect, it } from 'vitest';
import { checkFeedBody, feedBodyProblem } from '../../../src/feeds/decode/body-check.js';
import { decodeFeedBody } from '../../../src/feeds/decode/decode.js';
import type { DecodedBody } from '../../../src/feeds/types.js';

const decoded = (text: string): DecodedBody => ({ text, encoding: 'utf-8', encodingSource: 'default' });

describe('feedBodyProblem', () => {
  describe('when the body is empty', () => {
    it.each([
      ['no text', ''],
      ['whitespace only', ' \r\n\t '],
    ])('returns FEED_EMPTY for %s', (_name, text) => {
      expect(feedBodyProblem(decoded(text))?.code).toBe('FEED_EMPTY');
    });

    it('returns FEED_EMPTY for a lone UTF-8 BOM, which decoding strips', () => {
      const onlyBom = decodeFeedBody(Uint8Array.from([0xef, 0xbb, 0xbf, 0x0a]));
      expect(feedBodyProblem(onlyBom)?.code).toBe('FEED_EMPTY');
    });
  });

  describe('when the body is an HTML page', () => {
    it.each([
      ['an HTML5 doctype', '<!DOCTYPE html>\n<html><body>Sign in</body></html>'],
      ['a bare <html> root', '  <html lang="en"><head></head></html>'],
      ['a comment before the doctype', '<!-- served by nginx -->\n<!doctype html><html></html>'],
      [
        'an XHTML page with an XML declaration',
        '<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0">',
      ],
    ])('returns FEED_HTML for %s', (_name, text) => {
      expect(feedBodyProblem(decoded(text))?.code).toBe('FEED_HTML');
    });

    it('names the origin and the served type in one sentence', () => {
      const problem = feedBodyProblem(decoded('<!doctype html>'), 'text/html; charset=utf-8', 'example.com');
      expect(problem?.message).toBe(
        'The document from example.com is an HTML page (served as text/html), not a feed; check the feed URL.',
      );
    });
  });

  describe('when the body may be a feed', () => {
    it.each([
      ['RSS served as text/html', '<?xml version="1.0"?><rss version="2.0"><channel/></rss>', 'text/html'],
      ['Atom', '<feed xmlns="http://www.w3.org/2005/Atom"/>', 'application/atom+xml'],
      ['a JSON Feed', '{"version":"https://jsonfeed.org/version/1.1","items":[]}', 'application/feed+json'],
      ['an element whose name starts with html', '<htmlfeed/>', undefined],
      [
        'RSS whose items embed HTML',
        '<rss><item><description><![CDATA[<html>]]></description></item></rss>',
        'text/xml',
      ],
    ])('returns undefined for %s', (_name, text, contentType) => {
      expect(feedBodyProblem(decoded(text), contentType)).toBeUndefined();
    });
  });
});

describe('checkFeedBody', () => {
  it('throws the problem', () => {
    expect(() => checkFeedBody(decoded(''))).toThrowError(expect.objectContaining({ code: 'FEED_EMPTY' }));
  });

  it('returns quietly for a feed', () => {
    expect(checkFeedBody(decoded('<rss/>'))).toBeUndefined();
  });
});
