import { describe, expect, it } from 'vitest';
import type { ChangeRecord, ClaimState } from '../../src/claims/index.js';
import type { ResolvedFeed } from '../../src/config/load.js';
import { changeView, claimView, feedView, publicUrl } from '../../src/views/views.js';

const CHANGE: ChangeRecord = {
  claim: 'rare-earths',
  seq: 1,
  from: 'open',
  to: 'advancing',
  at: '2025-07-01T12:00:00.000Z',
  trigger: 'evidence',
  tally: { progress: 2, setback: 0, sources: 2 },
  evidence: ['rare-earths:a'],
  note: null,
};

const NEVER_WRITTEN: ClaimState = {
  claim: 'rare-earths',
  status: 'open',
  seq: 0,
  version: 0,
  updatedAt: null,
  lastChangeAt: null,
  tally: null,
  reason: null,
  reopenedAt: null,
  derivedThrough: null,
};

const FEED = {
  id: 'gnews',
  url: 'https://user:secret@news.example.test/rss/search?q=x&token=abc#top',
  source: 'Google News',
  schedule: '*/15 * * * *',
} as ResolvedFeed;

describe('views', () => {
  describe('changeView', () => {
    it('keeps exactly the DESIGN fields, dropping anything else a stored record carries', () => {
      const stored = { ...CHANGE, tally: { ...CHANGE.tally, window_days: 30 }, internal: 1 } as ChangeRecord;
      expect(changeView(stored)).toEqual(CHANGE);
    });
  });

  describe('claimView', () => {
    describe('when the claim was never written', () => {
      it('reads as open with nulls', () => {
        expect(claimView({ id: 'rare-earths', title: 'T' }, NEVER_WRITTEN, undefined)).toEqual({
          id: 'rare-earths',
          title: 'T',
          status: 'open',
          seq: 0,
          tally: null,
          lastChange: null,
          reason: null,
          updatedAt: null,
        });
      });
    });

    it('drops window_days from the tally', () => {
      const state = { ...NEVER_WRITTEN, tally: { progress: 1, setback: 2, sources: 3, window_days: 30 } };
      expect(claimView({ id: 'rare-earths', title: 'T' }, state, CHANGE).tally).toEqual({
        progress: 1,
        setback: 2,
        sources: 3,
      });
    });
  });

  describe('publicUrl', () => {
    it.each([
      ['a query string and fragment', 'https://a.test/feed?token=abc#x', 'https://a.test/feed'],
      ['credentials', 'https://u:p@a.test/feed', 'https://a.test/feed'],
      ['a port', 'http://a.test:8080/rss', 'http://a.test:8080/rss'],
      ['an unparseable URL', 'not a url?key=1', 'not a url'],
    ])('drops %s', (_name, url, expected) => {
      expect(publicUrl(url)).toBe(expected);
    });
  });

  describe('feedView', () => {
    it('shows a never-polled feed with nulls and no secrets in the URL', () => {
      expect(feedView(FEED, { consecutiveFailures: 0 })).toEqual({
        id: 'gnews',
        url: 'https://news.example.test/rss/search',
        source: 'Google News',
        schedule: '*/15 * * * *',
        lastPollAt: null,
        lastSuccessAt: null,
        lastOutcome: null,
        consecutiveFailures: 0,
        lastError: null,
        nextPollAt: null,
        itemsSeen: null,
      });
    });
  });
});
