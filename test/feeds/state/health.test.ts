import { describe, expect, it } from 'vitest';
import { type ErrorCode, PolicyWatchError } from '../../../src/errors.js';
import {
  applyOutcome,
  type FeedHealth,
  NEW_FEED_HEALTH,
  shouldPoll,
} from '../../../src/feeds/state/health.js';
import type { FailedFetch, FetchedFeed, NotModifiedFeed } from '../../../src/feeds/types.js';

const NOW = new Date('2025-06-05T12:00:00.000Z');
const SLOT = NOW.getTime();
const MIN = 60_000;
const HOUR = 60 * MIN;
const URL = 'https://example.com/feed.xml';
const CONTEXT = { now: NOW, slot: SLOT, feedId: 'fp-china' };

function fetched(extra: Partial<FetchedFeed> = {}): FetchedFeed {
  return { kind: 'fetched', url: URL, status: 200, body: new Uint8Array(), durationMs: 40, ...extra };
}

function notModified(extra: Partial<NotModifiedFeed> = {}): NotModifiedFeed {
  return { kind: 'not-modified', url: URL, durationMs: 20, ...extra };
}

function failed(
  code: ErrorCode = 'FETCH_NETWORK',
  details: Record<string, unknown> = {},
  extra: Partial<FailedFetch> = {},
): FailedFetch {
  const error = new PolicyWatchError(code, `${code} happened`, details);
  return { kind: 'failed', url: URL, error, durationMs: 10, ...extra };
}

/** ms from NOW to the record's nextPollAt. */
function waitOf(health: FeedHealth): number | undefined {
  return health.nextPollAt === undefined ? undefined : Date.parse(health.nextPollAt) - SLOT;
}

function failTimes(times: number, options = {}): FeedHealth[] {
  const records: FeedHealth[] = [];
  let health: FeedHealth = NEW_FEED_HEALTH;
  for (let n = 0; n < times; n++) {
    health = applyOutcome(health, failed(), { ...CONTEXT, backoff: options });
    records.push(health);
  }
  return records;
}

describe('applyOutcome', () => {
  describe('when the fetch succeeds', () => {
    const stored: FeedHealth = {
      ...NEW_FEED_HEALTH,
      etag: '"v1"',
      lastModified: 'Wed, 04 Jun 2025 10:00:00 GMT',
    };

    it.each([
      {
        name: 'a 304 keeps the stored validators',
        outcome: notModified(),
        etag: '"v1"',
        lastModified: 'Wed, 04 Jun 2025 10:00:00 GMT',
      },
      {
        name: 'a 304 with a new ETag stores it and keeps the stored Last-Modified',
        outcome: notModified({ etag: '"v2"' }),
        etag: '"v2"',
        lastModified: 'Wed, 04 Jun 2025 10:00:00 GMT',
      },
      {
        name: 'a 200 replaces the validators',
        outcome: fetched({ etag: '"v3"', lastModified: 'Thu, 05 Jun 2025 11:00:00 GMT' }),
        etag: '"v3"',
        lastModified: 'Thu, 05 Jun 2025 11:00:00 GMT',
      },
      {
        name: 'a 200 without validators drops the stored ones',
        outcome: fetched(),
        etag: undefined,
        lastModified: undefined,
      },
    ])('$name', ({ outcome, etag, lastModified }) => {
      const next = applyOutcome(stored, outcome, CONTEXT);
      expect(next.etag).toBe(etag);
      expect(next.lastModified).toBe(lastModified);
      expect(next.lastOutcome).toBe(outcome.kind);
    });

    it.each([
      { name: 'Cache-Control max-age defers the next poll', hints: { maxAgeSeconds: 900 }, wait: 15 * MIN },
      { name: 'a day-long max-age is capped at an hour', hints: { maxAgeSeconds: 86_400 }, wait: HOUR },
      {
        name: 'Retry-After on a success defers the next poll',
        hints: { retryAfterMs: 20 * MIN },
        wait: 20 * MIN,
      },
      {
        name: 'the longer of max-age and Retry-After wins',
        hints: { maxAgeSeconds: 600, retryAfterMs: 2 * HOUR },
        wait: 2 * HOUR,
      },
      { name: 'max-age=0 leaves the schedule in charge', hints: { maxAgeSeconds: 0 }, wait: undefined },
      { name: 'no hints leave the schedule in charge', hints: {}, wait: undefined },
    ])('$name', ({ hints, wait }) => {
      expect(waitOf(applyOutcome(NEW_FEED_HEALTH, fetched(hints), CONTEXT))).toBe(wait);
      expect(waitOf(applyOutcome(NEW_FEED_HEALTH, notModified(hints), CONTEXT))).toBe(wait);
    });

    it('recovery resets the failure count', () => {
      const broken = failTimes(4).at(-1) as FeedHealth;
      const later = new Date(SLOT + HOUR);
      const next = applyOutcome(broken, fetched(), {
        ...CONTEXT,
        now: later,
        slot: later.getTime(),
        itemCount: 12,
      });
      expect(next).toMatchObject({
        consecutiveFailures: 0,
        lastOutcome: 'fetched',
        lastSuccessAt: later.toISOString(),
        lastPollAt: later.toISOString(),
        lastPolledSlot: later.getTime(),
        itemsSeen: 12,
        // The last error stays as history; the count and the outcome say the feed is fine now.
        lastError: { code: 'FETCH_NETWORK', message: 'FETCH_NETWORK happened' },
        lastErrorAt: NOW.toISOString(),
      });
      expect(next.nextPollAt).toBeUndefined();
    });

    it('keeps the item count of the last 200 on a 304', () => {
      const first = applyOutcome(NEW_FEED_HEALTH, fetched(), { ...CONTEXT, itemCount: 30 });
      expect(applyOutcome(first, notModified(), { ...CONTEXT, slot: SLOT + MIN }).itemsSeen).toBe(30);
    });
  });

  describe('when the fetch fails', () => {
    it('five failures back off exponentially up to the cap', () => {
      const cap = 10 * MIN;
      const waits = failTimes(5, { baseMs: MIN, maxBackoffMs: cap }).map(waitOf) as number[];
      // Equal jitter: failure n waits between half and all of min(cap, base·2^(n−1)).
      [MIN, 2 * MIN, 4 * MIN, 8 * MIN, cap].forEach((step, index) => {
        expect(waits[index]).toBeGreaterThanOrEqual(step / 2);
        expect(waits[index]).toBeLessThanOrEqual(step);
      });
      expect([...waits].sort((a, b) => a - b)).toEqual(waits);
    });

    it('never waits longer than six hours by default', () => {
      const waits = failTimes(40).map(waitOf) as number[];
      expect(Math.max(...waits)).toBeLessThanOrEqual(6 * HOUR);
      expect(waits.at(-1)).toBeGreaterThanOrEqual(3 * HOUR);
    });

    it('records the typed error and counts the failure', () => {
      const next = applyOutcome({ ...NEW_FEED_HEALTH, etag: '"v1"' }, failed('FETCH_TIMEOUT'), CONTEXT);
      expect(next).toMatchObject({
        consecutiveFailures: 1,
        lastOutcome: 'failed',
        lastErrorAt: NOW.toISOString(),
        lastPollAt: NOW.toISOString(),
        lastError: { code: 'FETCH_TIMEOUT', message: 'FETCH_TIMEOUT happened' },
        etag: '"v1"',
      });
      expect(next.lastSuccessAt).toBeUndefined();
    });

    it.each([
      {
        name: 'Retry-After longer than the back-off wins',
        outcome: failed('FETCH_RATE_LIMITED', {}, { retryAfterMs: 30 * MIN }),
        min: 30 * MIN,
        max: 30 * MIN,
      },
      {
        name: 'a Retry-After of two days is capped at six hours',
        outcome: failed('FETCH_RATE_LIMITED', {}, { retryAfterMs: 48 * HOUR }),
        min: 6 * HOUR,
        max: 6 * HOUR,
      },
      {
        name: 'a Retry-After shorter than the back-off loses',
        outcome: failed('FETCH_RATE_LIMITED', {}, { retryAfterMs: 1_000 }),
        min: 30_000,
        max: MIN,
      },
      {
        name: 'a retryable error starts at one minute',
        outcome: failed('FETCH_TIMEOUT'),
        min: 30_000,
        max: MIN,
      },
      {
        name: 'a non-retryable error (FEED_HTML) starts four doublings ahead',
        outcome: failed('FEED_HTML'),
        min: 8 * MIN,
        max: 16 * MIN,
      },
      {
        name: 'a likely-permanent HTTP error (404) starts four doublings ahead',
        outcome: failed('FETCH_HTTP_ERROR', { status: 404, likelyPermanent: true }),
        min: 8 * MIN,
        max: 16 * MIN,
      },
    ])('$name', ({ outcome, min, max }) => {
      const wait = waitOf(applyOutcome(NEW_FEED_HEALTH, outcome, CONTEXT)) as number;
      expect(wait).toBeGreaterThanOrEqual(min);
      expect(wait).toBeLessThanOrEqual(max);
    });

    it('gives the same wait for the same feed and failure count, and spreads different feeds', () => {
      const wait = (feedId: string) =>
        waitOf(applyOutcome(NEW_FEED_HEALTH, failed(), { ...CONTEXT, feedId }));
      expect(wait('a')).toBe(wait('a'));
      expect(new Set(['a', 'b', 'c', 'd', 'e'].map(wait)).size).toBeGreaterThan(1);
    });
  });

  describe('when our own signal aborted the fetch (shutdown)', () => {
    it('records the slot and nothing else about the feed', () => {
      const broken = failTimes(2).at(-1) as FeedHealth;
      const aborted = failed('FETCH_NETWORK', { aborted: true });
      const next = applyOutcome(broken, aborted, {
        ...CONTEXT,
        slot: SLOT + HOUR,
        now: new Date(SLOT + HOUR),
      });
      expect(next).toEqual({ ...broken, lastPolledSlot: SLOT + HOUR, lastOutcome: 'deferred' });
    });
  });

  it('never moves lastPolledSlot backwards', () => {
    const next = applyOutcome({ ...NEW_FEED_HEALTH, lastPolledSlot: SLOT + MIN }, fetched(), CONTEXT);
    expect(next.lastPolledSlot).toBe(SLOT + MIN);
  });
});

describe('shouldPoll', () => {
  const backingOff: FeedHealth = {
    consecutiveFailures: 3,
    lastPolledSlot: SLOT - MIN,
    nextPollAt: new Date(SLOT + 10 * MIN).toISOString(),
  };
  const cacheFresh: FeedHealth = { ...backingOff, consecutiveFailures: 0 };

  it.each([
    { name: 'a feed never polled is polled', health: NEW_FEED_HEALTH, expected: { poll: true } },
    {
      name: 'the same slot is never polled twice',
      health: { ...NEW_FEED_HEALTH, lastPolledSlot: SLOT },
      expected: { poll: false, reason: 'already-polled-slot' },
    },
    {
      name: 'an older slot is not polled after a newer one',
      health: { ...NEW_FEED_HEALTH, lastPolledSlot: SLOT + MIN },
      expected: { poll: false, reason: 'already-polled-slot' },
    },
    {
      name: 'the same slot is not polled twice even when forced',
      health: { ...NEW_FEED_HEALTH, lastPolledSlot: SLOT },
      force: true,
      expected: { poll: false, reason: 'already-polled-slot' },
    },
    {
      name: 'a failing feed waits out its back-off',
      health: backingOff,
      expected: { poll: false, reason: 'backing-off' },
    },
    { name: 'force skips back-off', health: backingOff, force: true, expected: { poll: true } },
    {
      name: 'a healthy feed waits out max-age',
      health: cacheFresh,
      expected: { poll: false, reason: 'cache-fresh' },
    },
    { name: 'force skips max-age', health: cacheFresh, force: true, expected: { poll: true } },
    {
      name: 'a next poll due within the tolerance is due now',
      health: { ...cacheFresh, nextPollAt: new Date(SLOT + 4_000).toISOString() },
      expected: { poll: true },
    },
    {
      name: 'a next poll in the past is due',
      health: { ...backingOff, nextPollAt: new Date(SLOT - MIN).toISOString() },
      expected: { poll: true },
    },
    {
      name: 'an unreadable next-poll time does not silence the feed',
      health: { ...backingOff, nextPollAt: 'soon' },
      expected: { poll: true },
    },
  ])('$name', ({ health, force, expected }) => {
    expect(shouldPoll(health, { now: NOW, slot: SLOT, force })).toEqual(expected);
  });

  describe('when a poll job runs again for its slot', () => {
    it('skips it, so re-running the job changes nothing', () => {
      const after = applyOutcome(NEW_FEED_HEALTH, fetched(), CONTEXT);
      expect(shouldPoll(after, { now: new Date(SLOT + 30_000), slot: SLOT })).toEqual({
        poll: false,
        reason: 'already-polled-slot',
      });
      expect(shouldPoll(after, { now: new Date(SLOT + MIN), slot: SLOT + MIN })).toEqual({ poll: true });
    });
  });
});
