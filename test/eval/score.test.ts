import { describe, expect, it } from 'vitest';
import type { LabeledStory } from '../../src/eval/labeled-set.js';
import { missesOf, scoreStories } from '../../src/eval/score.js';
import type { ClaimMatch } from '../../src/match/index.js';

function story(id: string, lang: 'en' | 'zh', labels: LabeledStory['labels']): LabeledStory {
  return {
    id,
    lang,
    headline: `headline ${id}`,
    source: 'Outlet',
    url: `https://outlet.example/${id}`,
    date: '2025-07-01',
    split: 'dev',
    labels,
  };
}

function match(claim: string, direction: ClaimMatch['direction'], score = 5): ClaimMatch {
  return { claim, direction, score, terms: [], negated: [] };
}

const CLAIMS = ['rare-earths', 'trade-talks'];

describe('scoreStories', () => {
  const scored = [
    // right claim, right direction
    {
      story: story('a', 'en', [{ claim: 'rare-earths', direction: 'progress' }]),
      matches: [match('rare-earths', 'progress')],
    },
    // right claim on top, wrong direction
    {
      story: story('b', 'en', [{ claim: 'rare-earths', direction: 'setback' }]),
      matches: [match('rare-earths', 'progress')],
    },
    // main claim matched second: a claim miss, but its direction still counts
    {
      story: story('c', 'zh', [{ claim: 'trade-talks', direction: 'progress' }]),
      matches: [match('rare-earths', 'neutral', 9), match('trade-talks', 'progress')],
    },
    // main claim missed: a claim miss, not counted for direction
    { story: story('d', 'zh', [{ claim: 'trade-talks', direction: 'setback' }]), matches: [] },
    // look-alike matched, and one left alone
    { story: story('e', 'en', []), matches: [match('trade-talks', 'neutral')] },
    { story: story('f', 'zh', []), matches: [] },
  ];
  const report = scoreStories(scored, CLAIMS);

  describe('when figures are computed for the whole set', () => {
    it('counts the top claim over on-topic stories', () => {
      expect(report.all.topClaim).toEqual({ hits: 2, total: 4, value: 0.5 });
    });

    it('counts direction over stories whose main claim was matched', () => {
      expect(report.all.direction).toEqual({ hits: 2, total: 3, value: 2 / 3 });
    });

    it('counts look-alikes that matched any claim', () => {
      expect(report.all.lookalikesMatched).toEqual({ hits: 1, total: 2, value: 0.5 });
    });
  });

  describe('when figures are split by language', () => {
    it('gives each language its own figures', () => {
      expect(report.byLang.en?.topClaim).toEqual({ hits: 2, total: 2, value: 1 });
      expect(report.byLang.zh?.topClaim).toEqual({ hits: 0, total: 2, value: 0 });
      expect(report.byLang.zh?.lookalikesMatched).toEqual({ hits: 0, total: 1, value: 0 });
    });
  });

  describe('when claims are scored one by one', () => {
    it('gives precision and recall over (story, claim) pairs', () => {
      expect(report.claims).toEqual([
        {
          claim: 'rare-earths',
          precision: { hits: 2, total: 3, value: 2 / 3 },
          recall: { hits: 2, total: 2, value: 1 },
        },
        {
          claim: 'trade-talks',
          precision: { hits: 1, total: 2, value: 0.5 },
          recall: { hits: 1, total: 2, value: 0.5 },
        },
      ]);
    });
  });

  it('tabulates main-label directions against matched ones, "none" for a missed claim', () => {
    expect(report.confusion).toEqual({
      progress: { progress: 2 },
      setback: { progress: 1, none: 1 },
    });
  });

  it('keeps every miss with its kind, in story order', () => {
    expect(report.misses.map((miss) => [miss.kind, miss.story.id])).toEqual([
      ['direction', 'b'],
      ['claim', 'c'],
      ['claim', 'd'],
      ['lookalike', 'e'],
    ]);
  });

  it('gives null, not NaN, when there is nothing to count', () => {
    expect(scoreStories([], CLAIMS).all.topClaim).toEqual({ hits: 0, total: 0, value: null });
  });
});

describe('missesOf', () => {
  it('finds no miss in an off-topic story that matched nothing', () => {
    expect(missesOf({ story: story('x', 'en', []), matches: [] })).toEqual([]);
  });

  it('finds both a claim and a direction miss in one story', () => {
    const labels: LabeledStory['labels'] = [{ claim: 'trade-talks', direction: 'setback' }];
    const matches = [match('rare-earths', 'progress', 9), match('trade-talks', 'progress')];
    expect(missesOf({ story: story('y', 'en', labels), matches })).toEqual(['claim', 'direction']);
  });
});
