import { describe, expect, it } from 'vitest';
import { parseTerm, validateTerm } from '../../src/match/term.js';

describe('validateTerm', () => {
  describe('when the term follows the syntax', () => {
    it.each([
      'rare earth*',
      'rare-earth*',
      'licen?e* approv*',
      'U.S.',
      '稀土',
      '中美贸易',
      'G20峰会',
      "China's",
    ])('accepts %j', (term) => {
      expect(validateTerm(term)).toBeUndefined();
    });
  });

  describe('when the term breaks the syntax', () => {
    it.each([
      ['an empty term', '', /empty/],
      ['a blank term', '   ', /empty/],
      ['a wildcard inside a word', 'ra*re', /may only end a word/],
      ['two wildcards in a word', 'rare**', /may only end a word/],
      ['a word of wildcards only', 'rare *', /at least one letter or digit/],
      ['a term of question marks only', '??', /at least one letter or digit/],
      ['a one-letter prefix', 'a*', /at least 2 characters/],
      ['punctuation only', '!!!', /no letters or digits/],
      ['a wildcard in a CJK term', '稀土*', /no wildcards/],
      ['the pronoun "us"', 'us tariffs', /pronoun/],
      ['a pasted paragraph', 'x'.repeat(201), /longer than 200/],
    ])('rejects %s', (_name, term, message) => {
      expect(validateTerm(term)).toMatch(message);
    });
  });
});

describe('parseTerm', () => {
  describe('when a Latin term is spelled in different ways', () => {
    it('gives them one key', () => {
      const keys = ['rare-earth*', 'Rare Earth*', 'RARE – EARTH*'].map((term) => {
        const parsed = parseTerm(term);
        return 'key' in parsed ? parsed.key : parsed.error;
      });
      expect(new Set(keys)).toEqual(new Set(['latin:rare earth*']));
    });
  });

  describe('when the term names the U.S.', () => {
    it('reads it as the words "united states"', () => {
      expect(parseTerm('U.S.-China')).toMatchObject({ words: ['united', 'states', 'china'] });
    });
  });

  describe('when the term holds a CJK character', () => {
    it('is a substring term', () => {
      expect(parseTerm('Ｇ20峰会')).toEqual({ script: 'cjk', key: 'cjk:g20峰会', text: 'g20峰会' });
    });
  });
});
