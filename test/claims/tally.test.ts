import { describe, expect, it } from 'vitest';
import { newestFirst } from '../../src/claims/evidence-time.js';
import { sideOf, tallyOf } from '../../src/claims/tally.js';
import { evidence } from './evidence-factory.js';

describe('sideOf', () => {
  describe('when one outlet files many stories', () => {
    const items = newestFirst([1, 2, 3, 4, 5].map((day) => evidence('progress', 'daily-wire', day)));

    it('counts the outlet once', () => {
      expect(sideOf(items, 'progress')).toMatchObject({ weight: 1, sources: ['daily-wire'] });
    });

    it('keeps every story as evidence, newest first', () => {
      expect(sideOf(items, 'progress').evidence.map((t) => t.evidence.storyKey)).toEqual([
        'daily-wire-progress-1d',
        'daily-wire-progress-2d',
        'daily-wire-progress-3d',
        'daily-wire-progress-4d',
        'daily-wire-progress-5d',
      ]);
    });
  });

  describe('when an outlet appears in feeds of different weight', () => {
    it('counts it at its largest weight', () => {
      const items = newestFirst([
        evidence('setback', 'mofcom', 1, { weight: 1 }),
        evidence('setback', 'mofcom', 2, { weight: 3 }),
        evidence('setback', 'reuters', 3, { weight: 0.5 }),
      ]);
      expect(sideOf(items, 'setback')).toMatchObject({ weight: 3.5, sources: ['mofcom', 'reuters'] });
    });
  });

  describe('when evidence points other ways', () => {
    it('ignores it', () => {
      const items = newestFirst([evidence('neutral', 'a', 1), evidence('confirms', 'b', 1)]);
      expect(sideOf(items, 'progress')).toMatchObject({ weight: 0, sources: [], evidence: [] });
    });
  });
});

describe('tallyOf', () => {
  describe('when one outlet reports on both sides', () => {
    it('counts it once among the sources', () => {
      const items = newestFirst([
        evidence('progress', 'reuters', 1),
        evidence('setback', 'reuters', 2),
        evidence('setback', 'caixin', 3),
      ]);
      expect(tallyOf(sideOf(items, 'progress'), sideOf(items, 'setback'), 30)).toEqual({
        progress: 1,
        setback: 2,
        sources: 2,
        window_days: 30,
      });
    });
  });
});
