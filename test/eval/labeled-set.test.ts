import { describe, expect, it } from 'vitest';
import { parseLabeledSet, unknownClaims } from '../../src/eval/labeled-set.js';

const GOOD = JSON.stringify({
  id: 's1',
  lang: 'en',
  headline: 'China resumes magnet exports',
  source: 'Outlet',
  url: 'https://outlet.example/s1',
  date: '2025-07-01',
  split: 'dev',
  labels: [{ claim: 'rare-earths', direction: 'progress' }],
});

describe('parseLabeledSet', () => {
  describe('when every line is a valid story', () => {
    it('returns the stories and skips blank lines', () => {
      expect(parseLabeledSet(`${GOOD}\n\n`, 'set.jsonl').map((story) => story.id)).toEqual(['s1']);
    });
  });

  describe('when lines are broken', () => {
    it('names every bad line at once: bad JSON, a bad field, a duplicate id', () => {
      const text = [GOOD, '{not json', GOOD.replace('"en"', '"fr"'), GOOD].join('\n');
      expect(() => parseLabeledSet(text, 'set.jsonl')).toThrow(
        /set\.jsonl: line 2: not valid JSON; line 3: lang: .*; line 4: duplicate id "s1"/,
      );
    });
  });
});

describe('unknownClaims', () => {
  it('lists label claims that the config does not have, sorted', () => {
    const stories = parseLabeledSet(GOOD.replace('rare-earths', 'moon-landing'), 'set.jsonl');
    expect(unknownClaims(stories, new Set(['rare-earths']))).toEqual(['moon-landing']);
  });
});
