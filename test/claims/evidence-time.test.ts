import { describe, expect, it } from 'vitest';
import { evidenceTime, withinLastDays } from '../../src/claims/evidence-time.js';
import { NOW } from './evidence-factory.js';

const SEEN = '2025-06-10T12:00:00.000Z';

describe('evidenceTime', () => {
  describe('when the item carries a date', () => {
    it.each([
      {
        name: 'a date before first seen is the item’s own',
        published: '2025-06-09T08:00:00Z',
        time: '2025-06-09T08:00:00.000Z',
      },
      {
        name: 'a publisher clock 4 minutes ahead is forgiven',
        published: '2025-06-10T12:04:00Z',
        time: '2025-06-10T12:04:00.000Z',
      },
      {
        name: 'future published date falls back to first seen',
        published: '2025-06-10T12:06:00Z',
        time: SEEN,
      },
      { name: 'a date years ahead falls back to first seen', published: '2031-01-01T00:00:00Z', time: SEEN },
      { name: 'an unreadable date falls back to first seen', published: 'Mon, 32 Foo 2025', time: SEEN },
    ])('$name', ({ published, time }) => {
      expect(new Date(evidenceTime({ published, firstSeenAt: SEEN })).toISOString()).toBe(time);
    });
  });

  describe('when the item has no date', () => {
    it('is the time it was first seen', () => {
      expect(evidenceTime({ firstSeenAt: SEEN })).toBe(Date.parse(SEEN));
    });
  });
});

describe('withinLastDays', () => {
  describe('when a time sits on the window edge', () => {
    it.each([
      { name: 'exactly 30 days old is inside', offsetMs: -30 * 86_400_000, inside: true },
      { name: 'a millisecond older is outside', offsetMs: -30 * 86_400_000 - 1, inside: false },
      { name: 'a time after now (a fast replica clock) is inside', offsetMs: 60_000, inside: true },
    ])('$name', ({ offsetMs, inside }) => {
      expect(withinLastDays(NOW.getTime() + offsetMs, NOW, 30)).toBe(inside);
    });
  });
});
