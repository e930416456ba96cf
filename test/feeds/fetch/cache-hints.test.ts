import { describe, expect, it } from 'vitest';
import { parseMaxAge, readCacheHints } from '../../../src/feeds/fetch/cache-hints.js';
import { parseRetryAfter } from '../../../src/retry-after.js';

const NOW = Date.parse('2025-06-05T12:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    { name: 'delta-seconds', value: '120', ms: 120_000 },
    { name: 'zero seconds', value: '0', ms: 0 },
    { name: 'delta-seconds with spaces', value: ' 30 ', ms: 30_000 },
    { name: 'an IMF-fixdate 90 s ahead', value: 'Thu, 05 Jun 2025 12:01:30 GMT', ms: 90_000 },
    { name: 'an RFC 850 date 60 s ahead', value: 'Thursday, 05-Jun-25 12:01:00 GMT', ms: 60_000 },
    { name: 'a date in the past', value: 'Thu, 05 Jun 2025 11:00:00 GMT', ms: 0 },
    { name: 'garbage', value: 'soon', ms: undefined },
    { name: 'a negative number', value: '-5', ms: undefined },
    { name: 'a fraction', value: '1.5', ms: undefined },
    { name: 'nothing', value: null, ms: undefined },
  ])('reads $name as $ms ms', ({ value, ms }) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });
});

describe('parseMaxAge', () => {
  it.each([
    { value: 'max-age=300', seconds: 300 },
    { value: 'public, MAX-AGE=60, must-revalidate', seconds: 60 },
    { value: 'max-age="90"', seconds: 90 },
    { value: 's-maxage=600', seconds: 600 },
    { value: 's-maxage=600, max-age=30', seconds: 30 },
    { value: 'no-cache', seconds: undefined },
    { value: 'max-age=abc', seconds: undefined },
    { value: 'max-age=-1', seconds: undefined },
    { value: '', seconds: undefined },
  ])('reads $value as $seconds', ({ value, seconds }) => {
    expect(parseMaxAge(value)).toBe(seconds);
  });
});

describe('readCacheHints', () => {
  it('reads both headers at once', () => {
    const headers = new Headers({ 'retry-after': '10', 'cache-control': 'max-age=5' });
    expect(readCacheHints(headers, NOW)).toEqual({ retryAfterMs: 10_000, maxAgeSeconds: 5 });
  });
});
