import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PolicyWatchError } from '../../../src/errors.js';
import { MAX_TEXT_CHARS, MAX_TITLE_CHARS } from '../../../src/feeds/parse/limits.js';
import { parseFeed } from '../../../src/feeds/parse/parse.js';

function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/parse/${name}`, import.meta.url), 'utf8');
}

/** Parses and returns the typed error, failing the test if something else (or nothing) is thrown. */
async function parseError(text: string): Promise<PolicyWatchError> {
  const error = await parseFeed(text).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PolicyWatchError);
  return error as PolicyWatchError;
}

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await run();
  return { result, ms: performance.now() - start };
}

describe('parseFeed on hostile input', () => {
  describe('when the document declares entities', () => {
    it('refuses a billion-laughs bomb with FEED_UNSAFE, quickly', async () => {
      const { result, ms } = await timed(() => parseError(fixture('billion-laughs.xml')));
      expect(result.code).toBe('FEED_UNSAFE');
      // Generous bound (shared, noisy machines): it guards against expansion, not for speed.
      expect(ms).toBeLessThan(2_000);
    });

    it('refuses an external entity with FEED_UNSAFE and never shows the file', async () => {
      const error = await parseError(fixture('xxe.xml'));
      expect(error.code).toBe('FEED_UNSAFE');
      expect(JSON.stringify({ ...error.toJSON(), details: error.details })).not.toContain('root:');
    });

    it('refuses an ENTITY declaration outside a DOCTYPE', async () => {
      const error = await parseError('<!ENTITY x "y"><rss><channel><title>&x;</title></channel></rss>');
      expect(error.code).toBe('FEED_UNSAFE');
    });
  });

  describe('when a field is enormous', () => {
    it('keeps a 5 MB title, bounded to MAX_TITLE_CHARS, in well under a second', async () => {
      const title = 'Rare earths '.repeat(440_000);
      const xml = `<rss><channel><title>t</title><item><title>${title}</title></item></channel></rss>`;
      const { result, ms } = await timed(() => parseFeed(xml));
      const kept = result.items[0]?.title ?? '';
      expect(kept).toHaveLength(MAX_TITLE_CHARS);
      expect(kept.startsWith('Rare earths Rare earths')).toBe(true);
      expect(kept.endsWith('…')).toBe(true);
      expect(ms).toBeLessThan(1_000);
    });

    it('bounds a 4 MB description of broken markup without quadratic work', async () => {
      const xml = `<rss><channel><item><description><![CDATA[${'<p'.repeat(2_000_000)}]]></description></item></channel></rss>`;
      const { result, ms } = await timed(() => parseFeed(xml));
      expect(result.items[0]?.summary?.length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
      expect(ms).toBeLessThan(2_000);
    });
  });

  describe('when the document is not a feed', () => {
    it.each([
      ['invalid XML', fixture('invalid.xml'), 'FEED_INVALID'],
      ['an HTML page', fixture('html-page.html'), 'FEED_HTML'],
      ['plain text', 'Service Unavailable', 'FEED_INVALID'],
      [
        'another XML vocabulary',
        '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
        'FEED_INVALID',
      ],
      ['an empty document', '', 'FEED_EMPTY'],
      ['whitespace and a BOM', '\uFEFF  \n ', 'FEED_EMPTY'],
      ['JSON that is not a JSON Feed', '{"hello": "world"}', 'FEED_INVALID'],
      ['broken JSON', '{"version": "https://jsonfeed.org/version/1.1", ', 'FEED_INVALID'],
      [
        'elements nested 100,000 deep',
        `<rss><channel>${'<a>'.repeat(100_000)}</channel></rss>`,
        'FEED_INVALID',
      ],
    ])('gives a typed error for %s', async (_name, text, code) => {
      expect((await parseError(text)).code).toBe(code);
    });
  });
});
