import { describe, expect, it } from 'vitest';
import { AhoCorasick } from '../../src/match/aho-corasick.js';

function occurrences(automaton: AhoCorasick, text: string): string[] {
  const found: string[] = [];
  automaton.search(text, (term, start, end) => found.push(`${term}@${start}-${end}`));
  return found;
}

describe('AhoCorasick', () => {
  describe('when patterns overlap and nest', () => {
    const automaton = new AhoCorasick();
    automaton.add('稀土', 0);
    automaton.add('稀土出口', 1);
    automaton.add('出口', 2);
    automaton.add('土出', 3);
    automaton.build();

    it('reports every occurrence of every pattern', () => {
      expect(occurrences(automaton, '中国稀土出口恢复')).toEqual(['0@2-4', '3@3-5', '1@2-6', '2@4-6']);
    });

    it('finds repeats and recovers after a mismatch', () => {
      expect(occurrences(automaton, '稀稀土土出口')).toEqual(['0@1-3', '3@3-5', '2@4-6']);
    });
  });

  describe('when two script variants stand for one term', () => {
    it('reports both under that term', () => {
      const automaton = new AhoCorasick();
      automaton.add('关税', 7);
      automaton.add('關稅', 7);
      automaton.build();
      expect(occurrences(automaton, '关税與關稅')).toEqual(['7@0-2', '7@3-5']);
    });
  });

  describe('when nothing was added', () => {
    it('is empty and finds nothing', () => {
      const automaton = new AhoCorasick();
      automaton.build();
      expect(automaton.isEmpty).toBe(true);
      expect(occurrences(automaton, 'anything')).toEqual([]);
    });
  });
});
