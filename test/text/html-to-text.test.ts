import { describe, expect, it } from 'vitest';
import { decodeHtmlEntities } from '../../src/text/html-entities.js';
import { htmlToText, stripHtml, stripTags } from '../../src/text/html-to-text.js';

describe('stripHtml', () => {
  it.each([
    ['tags and entities', '<p>Rare&nbsp;earths &amp; <b>magnets</b></p>', 'Rare earths & magnets'],
    ['block tags as spaces', '<p>one</p><p>two</p>three<br>four', 'one two three four'],
    ['inline tags without spaces', 'ra<b>re</b>', 'rare'],
    [
      'scripts, styles and comments',
      'a<script>var x = "<p>";</script>b<style>p{}</style>c<!-- d -->e',
      'abc e',
    ],
    ['a lone < as text', 'a < b and 1<2', 'a < b and 1<2'],
    ['an unterminated tag at the end', 'text <a href="x', 'text'],
    ['numeric references', '&#8217;&#x2019;', '\u2019\u2019'],
  ])('handles %s', (_name, input, expected) => {
    expect(stripHtml(input)).toBe(expected);
  });

  it('is linear on hostile input', () => {
    const start = performance.now();
    stripHtml('<a'.repeat(500_000));
    stripHtml(`${'<p>'.repeat(200_000)}<script>${'x'.repeat(100_000)}`);
    expect(performance.now() - start).toBeLessThan(5_000);
  });
});

describe('decodeHtmlEntities', () => {
  it('leaves unknown names as written and shows invalid code points as U+FFFD, as browsers do', () => {
    expect(decodeHtmlEntities('&doesnotexist; &#0; &#x110000; &eacute;')).toBe(
      '&doesnotexist; \ufffd \ufffd é',
    );
  });

  it("decodes HTML5's names beyond HTML 4.01 (the table this replaced missed them)", () => {
    expect(decodeHtmlEntities('&check; &starf; a&NewLine;b &rarr;')).toBe('✓ ★ a\nb →');
  });

  it('needs the semicolon: a bare &copy stays as written', () => {
    expect(decodeHtmlEntities('&copy 2025 &amp;')).toBe('&copy 2025 &');
  });
});

describe('htmlToText', () => {
  describe('when there is nothing to do', () => {
    it('returns the same string', () => {
      expect(stripTags('plain text')).toBe('plain text');
      expect(htmlToText('plain text')).toBe('plain text');
    });
  });

  describe('when the markup was escaped twice', () => {
    it('strips the markup that decoding reveals', () => {
      expect(htmlToText('&lt;p&gt;稀土&lt;/p&gt;出口')).toBe(' 稀土 出口');
    });
  });

  describe('when an upper-case alias is used', () => {
    it('decodes it like the lower-case name', () => {
      expect(htmlToText('US &AMP; China')).toBe('US & China');
    });
  });
});
