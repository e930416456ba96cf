import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../../src/feeds/parse/dates.js';
import { parseFeed } from '../../../src/feeds/parse/parse.js';

describe('parseFeedDate', () => {
  describe('when the date is W3C-DTF / ISO 8601', () => {
    it.each([
      ['UTC', '2003-12-31T10:14:55Z', '2003-12-31T10:14:55Z'],
      ['an offset', '2003-12-31T10:14:55-08:00', '2003-12-31T18:14:55Z'],
      ['fractions', '2003-12-31T10:14:55.123+01:00', '2003-12-31T09:14:55Z'],
      ['no seconds', '2003-12-31T10:14Z', '2003-12-31T10:14:00Z'],
      ['a date only', '2003-12-31', '2003-12-31T00:00:00Z'],
      ['a year and month', '2003-12', '2003-12-01T00:00:00Z'],
      ['a space and lower case', '2003-12-31 10:14:55z', '2003-12-31T10:14:55Z'],
      ['a compact offset', '2003-12-31T10:14:55+0100', '2003-12-31T09:14:55Z'],
      ['the compact form', '20031231T101455Z', '2003-12-31T10:14:55Z'],
    ])('reads %s', (_name, input, expected) => {
      expect(parseFeedDate(input)).toBe(expected);
    });
  });

  describe('when the date is RFC 822 / 2822', () => {
    it.each([
      ['GMT', 'Thu, 01 Jan 2004 19:48:21 GMT', '2004-01-01T19:48:21Z'],
      ['a numeric zone', 'Thu, 01 Jan 2004 19:48:21 -0500', '2004-01-02T00:48:21Z'],
      ['a zone with a colon', 'Thu, 01 Jan 2004 19:48:21 +05:30', '2004-01-01T14:18:21Z'],
      ['a US zone name', 'Thu, 05 Jun 2025 14:30:00 EDT', '2025-06-05T18:30:00Z'],
      ['a military zone', 'Thu, 01 Jan 2004 19:48:21 Z', '2004-01-01T19:48:21Z'],
      ['no weekday', '01 Jan 2004 19:48:21 GMT', '2004-01-01T19:48:21Z'],
      ['no seconds', 'Thu, 01 Jan 2004 19:48 GMT', '2004-01-01T19:48:00Z'],
      ['no zone', 'Thu, 01 Jan 2004 19:48:21', '2004-01-01T19:48:21Z'],
      ['a two-digit year', 'Thu, 01 Jan 04 19:48:21 GMT', '2004-01-01T19:48:21Z'],
      ['full month and day names', 'Thursday, 1 January 2004 19:48:21 GMT', '2004-01-01T19:48:21Z'],
      ['a trailing comment', 'Thu, 01 Jan 2004 11:48:21 -0800 (PST)', '2004-01-01T19:48:21Z'],
      ['a single-digit hour', 'Sat, 07 Jun 2025 9:05:00 +0000', '2025-06-07T09:05:00Z'],
    ])('reads %s', (_name, input, expected) => {
      expect(parseFeedDate(input)).toBe(expected);
    });
  });

  describe('when the date is asctime', () => {
    it('reads it', () => {
      expect(parseFeedDate('Sun Jan  4 16:29:06 PST 2004')).toBe('2004-01-05T00:29:06Z');
    });
  });

  describe('when the date is not a date', () => {
    it.each([
      ['words', 'Thursday, sometime in June'],
      ['an impossible day', 'Mon, 30 Feb 2025 10:00:00 GMT'],
      ['an impossible month', '2025-13-01'],
      ['an unknown zone', 'Thu, 01 Jan 2004 19:48:21 XYZT'],
      ['a bare number', '2'],
      ['blank', '   '],
      ['something huge', '2025-06-05'.repeat(100_000)],
    ])('gives undefined for %s', (_name, input) => {
      expect(parseFeedDate(input)).toBeUndefined();
    });
  });
});

describe('parseFeed dates', () => {
  describe('when an item has a bad date', () => {
    it('loses only that date, keeps the item, and keeps a future date as is', async () => {
      const xml = readFileSync(new URL('../../fixtures/parse/bad-date.xml', import.meta.url), 'utf8');
      const feed = await parseFeed(xml);
      expect(feed.items.map((i) => [i.title, i.published])).toEqual([
        ['Bad', undefined],
        ['Impossible', undefined],
        ['Future', '2100-01-01T00:00:00Z'],
      ]);
    });
  });
});
