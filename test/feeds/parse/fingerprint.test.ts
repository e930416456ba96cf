import { describe, expect, it } from 'vitest';
import { canonicalUrl, storyKey, titleFingerprint } from '../../../src/feeds/parse/fingerprint.js';
import { parseFeed } from '../../../src/feeds/parse/parse.js';

describe('canonicalUrl', () => {
  it.each([
    [
      'drops utm_* and click ids',
      'https://ex.com/a?utm_source=rss&utm_medium=x&fbclid=1&gclid=2',
      'https://ex.com/a',
    ],
    [
      'drops mailchimp, ref, cmpid and ocid',
      'https://ex.com/a?mc_cid=1&mc_eid=2&ref=rss&cmpid=3&ocid=4',
      'https://ex.com/a',
    ],
    [
      'keeps and sorts real parameters',
      'https://ex.com/a?z=1&id=7&utm_campaign=c',
      'https://ex.com/a?id=7&z=1',
    ],
    ['lower-cases the host and drops www.', 'https://WWW.Example.COM/Path', 'https://example.com/Path'],
    ['drops the fragment and a trailing slash', 'https://ex.com/a/b/#comments', 'https://ex.com/a/b'],
    ['drops default ports', 'https://ex.com:443/a', 'https://ex.com/a'],
    ['keeps other ports', 'https://ex.com:8443/a', 'https://ex.com:8443/a'],
    ['folds http into https', 'http://ex.com/a', 'https://ex.com/a'],
    ['reduces a bare host to the host', 'https://ex.com/', 'https://ex.com'],
  ])('%s', (_name, input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });

  it.each([
    ['not a URL', 'story 1'],
    ['a tag: URI', 'tag:ex.com,2025:1'],
    ['javascript', 'javascript:alert(1)'],
  ])('gives undefined for %s', (_name, input) => {
    expect(canonicalUrl(input)).toBeUndefined();
  });
});

describe('titleFingerprint', () => {
  it.each([
    ['case, punctuation and spacing', 'Trump  and Xi: Break the Silence!', 'trump and xi break the silence'],
    ['full-width and compatibility forms (NFKC)', 'ＴＲＵＭＰ and Ｘｉ', 'trump and xi'],
    ['HTML markup and entities', '<b>Rare</b> earths &amp; magnets', 'rare earths magnets'],
    [
      'a Google News publisher suffix',
      'China approves rare earth licences - Reuters',
      'china approves rare earth licences',
    ],
    [
      'a two-word publisher after an en dash',
      'China approves rare earth licences – South China Morning Post',
      'china approves rare earth licences',
    ],
  ])('normalizes %s', (_name, input, expected) => {
    expect(titleFingerprint(input)).toBe(expected);
  });

  it('keeps a dash that is part of a short headline', () => {
    expect(titleFingerprint('Trade talks - day 2')).toBe('trade talks day 2');
  });

  it('removes exactly the named publisher when it is given', () => {
    expect(titleFingerprint('Talks resume - The Wall Street Journal', 'The Wall Street Journal')).toBe(
      'talks resume',
    );
  });
});

describe('storyKey', () => {
  describe('when two feeds carry the same story', () => {
    it('gives the same key when the canonical URLs match (tracking, www, http/https)', () => {
      const a = storyKey({ id: 'a', link: 'http://www.ex.com/story/?utm_source=feedA', title: 'One' });
      const b = storyKey({ id: 'b', link: 'https://ex.com/story?fbclid=9', title: 'One, edited' });
      expect(a).toBe(b);
      expect(a).toBe('url:https://ex.com/story');
    });

    it('gives the same key from the title when neither has a link', () => {
      const a = storyKey({ id: 'a', title: 'Rare earth exports resume - Reuters', publisher: 'Reuters' });
      const b = storyKey({ id: 'b', title: 'Rare Earth Exports Resume' });
      expect(a).toBe(b);
    });
  });

  describe('when the stories differ', () => {
    it('lets the URL win over an identical title', () => {
      const a = storyKey({ id: 'a', link: 'https://ex.com/live/1', title: 'Live updates' });
      const b = storyKey({ id: 'b', link: 'https://ex.com/live/2', title: 'Live updates' });
      expect(a).not.toBe(b);
    });
  });

  describe('when parseFeed sets it', () => {
    it('matches syndicated copies in two feeds', async () => {
      const rss = await parseFeed(
        '<rss><channel><item><title>X</title><link>https://ex.com/s?utm_medium=rss</link></item></channel></rss>',
      );
      const atom = await parseFeed(
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>X!</title><link href="http://www.ex.com/s/"/></entry></feed>',
      );
      expect(rss.items[0]?.storyKey).toBe(atom.items[0]?.storyKey);
    });
  });
});
