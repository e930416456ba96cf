import { describe, expect, it } from 'vitest';
import { PolicyWatchError } from '../../../src/errors.js';
import {
  DEFAULT_BACKOFF,
  failureDelayMs,
  isLikelyPermanent,
  jitterFraction,
} from '../../../src/feeds/state/backoff.js';

describe('jitterFraction', () => {
  it('stays in [0, 1) across many feeds and steps', () => {
    for (let feed = 0; feed < 200; feed++) {
      for (let step = 1; step < 30; step++) {
        const u = jitterFraction(`feed-${feed}`, step);
        expect(u).toBeGreaterThanOrEqual(0);
        expect(u).toBeLessThan(1);
      }
    }
  });
});

describe('isLikelyPermanent', () => {
  it.each([
    { name: 'a timeout', error: new PolicyWatchError('FETCH_TIMEOUT', 'x'), permanent: false },
    {
      name: 'a 503',
      error: new PolicyWatchError('FETCH_RATE_LIMITED', 'x', { status: 503 }),
      permanent: false,
    },
    {
      name: 'a 500',
      error: new PolicyWatchError('FETCH_HTTP_ERROR', 'x', { status: 500, likelyPermanent: false }),
      permanent: false,
    },
    {
      name: 'a 410',
      error: new PolicyWatchError('FETCH_HTTP_ERROR', 'x', { status: 410, likelyPermanent: true }),
      permanent: true,
    },
    { name: 'an HTML page', error: new PolicyWatchError('FEED_HTML', 'x'), permanent: true },
    { name: 'an empty body', error: new PolicyWatchError('FEED_EMPTY', 'x'), permanent: false },
  ])('$name → $permanent', ({ error, permanent }) => {
    expect(isLikelyPermanent(error)).toBe(permanent);
  });
});

describe('failureDelayMs', () => {
  it('survives failure counts far past the cap', () => {
    const error = new PolicyWatchError('FETCH_NETWORK', 'x');
    const delay = failureDelayMs({ feedId: 'f', failures: 5_000, error }, DEFAULT_BACKOFF);
    expect(delay).toBeGreaterThanOrEqual(DEFAULT_BACKOFF.maxBackoffMs / 2);
    expect(delay).toBeLessThanOrEqual(DEFAULT_BACKOFF.maxBackoffMs);
  });
});
