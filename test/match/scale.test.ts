import { describe, expect, it } from 'vitest';
import { compileMatcher, MAX_BODY_CHARS } from '../../src/match/index.js';
import type { ClaimMatchSpec } from '../../src/match/types.js';
import { CLAIMS, matcher } from './claims-table.js';

const WORDS = [
  'tariff',
  'chip',
  'visa',
  'soybean',
  'steel',
  'fentanyl',
  'tiktok',
  'taiwan',
  'nvidia',
  'boeing',
];

/** Synthetic claims that share words and prefixes with the real ones, so the tries branch. */
function syntheticClaims(count: number): ClaimMatchSpec[] {
  return Array.from({ length: count }, (_, i) => {
    const word = WORDS[i % WORDS.length] as string;
    return {
      id: `synthetic-${String(i).padStart(3, '0')}`,
      topic: [
        [`${word}*`, `rare ${word}`, `中国${i}`],
        ['china', `beijing ${word}`, 'chin*'],
      ],
      exclude: [`${word} ${i}`],
      signals: {
        progress: [`shipments ${word}*`, 'approv*', 'resum*'],
        setback: [`${word} shortage*`, 'halt*'],
        confirms: [],
        refutes: [],
      },
    };
  });
}

const ITEMS = [
  { title: 'No sign of shipments resuming from China, rare earth buyers say' },
  { title: 'Beijing approves licences for rare earth magnets', body: '<p>Shipments resume.</p>' },
  { title: 'US revokes visas of Chinese students', body: 'Harvard &amp; others protest.' },
  { title: '中國稀土出口恢復正常', body: '中美貿易談判達成框架' },
  { title: 'China tariff truce: trade talks stall, then tariffs rise' },
];

describe('compileMatcher at scale', () => {
  describe('when 100 claims are compiled together', () => {
    const many = compileMatcher([...CLAIMS, ...syntheticClaims(96)]);
    const own = new Set(CLAIMS.map((claim) => claim.id));

    it.each(ITEMS.map((item) => [item.title, item]))(
      '"%s" matches the first claims as they match alone',
      (_t, item) => {
        const together = many.match(item).filter((match) => own.has(match.claim));
        expect(together).toEqual(matcher.match(item));
      },
    );
  });

  describe('when a field is megabytes long', () => {
    it('matches only the first MAX_BODY_CHARS, quickly', () => {
      const filler = 'Markets were calm. '.repeat(Math.ceil(MAX_BODY_CHARS / 19));
      const body = `${filler}China rare earth shipments resume. ${'<b>x</b> &amp; '.repeat(400_000)}`;
      expect(body.length).toBeGreaterThan(5_000_000);
      const started = performance.now();
      expect(matcher.match({ title: 'Markets', body })).toEqual([]);
      // A guard against scanning the whole 5 MB (seconds), with room for a loaded machine.
      expect(performance.now() - started).toBeLessThan(3_000);
      expect(matcher.match({ title: 'Markets', body: body.slice(filler.length) })).not.toEqual([]);
    });
  });
});
