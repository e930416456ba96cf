import { describe, expect, it } from 'vitest';
import { WordTrie } from '../../src/match/word-trie.js';

function matches(trie: WordTrie, token: string): number[] {
  const out: number[] = [99, 99, 99, 99];
  const count = trie.lookup(token, 0, token.length, out);
  return out.slice(0, count).sort((a, b) => a - b);
}

describe('WordTrie', () => {
  const trie = new WordTrie();
  const china = trie.add('china');
  const chin = trie.add('chin*');
  const licence = trie.add('licen?e*');
  const exact = trie.add('licen?e');

  describe('when the same pattern is added twice', () => {
    it('returns the same id', () => {
      expect(trie.add('china')).toBe(china);
      expect(trie.size).toBe(4);
    });
  });

  describe('when a token is looked up', () => {
    it.each([
      ['china', [china, chin]],
      ['chinaware', [chin]],
      ['chin', [chin]],
      ['chi', []],
      ['licence', [licence, exact]],
      ['licenses', [licence]],
      ['licenced', [licence]],
      ['licene', []],
      ['art', []],
    ])('%s matches the expected patterns', (token, expected) => {
      expect(matches(trie, token)).toEqual([...expected].sort((a, b) => a - b));
    });

    it('reads only the given slice of the text', () => {
      const out: number[] = [];
      expect(trie.lookup('xx china yy', 3, 8, out)).toBe(2);
    });
  });
});
