/**
 * Properties every derivation must keep, checked over many generated evidence sets (seeded, so a failure
 * reproduces): the result is a function of the inputs alone, the evidence order does not matter, and the
 * inputs are not mutated.
 */
import { describe, expect, it } from 'vitest';
import { deriveStatus } from '../../src/claims/derive-status.js';
import { CLAIM_STATUSES, type ClaimStatus, type EvidenceRecord } from '../../src/claims/types.js';
import type { Direction } from '../../src/match/types.js';
import { evidence, NOW, SETTINGS } from './evidence-factory.js';

/** mulberry32: a tiny seeded PRNG, enough to make reproducible cases. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const DIRECTIONS: Direction[] = [
  'progress',
  'progress',
  'setback',
  'setback',
  'neutral',
  'confirms',
  'refutes',
];
const SOURCES = ['reuters', 'caixin', 'nikkei', 'xinhua', 'mofcom', 'ft'];
const WEIGHTS = [1, 1, 1, 0.1, 0.7, 2, 3.3];

function pick<T>(next: () => number, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)] as T;
}

function generate(seed: number): { items: EvidenceRecord[]; current: ClaimStatus; next: () => number } {
  const next = random(seed);
  const count = Math.floor(next() * 14);
  const items = Array.from({ length: count }, (_, i) =>
    evidence(pick(next, DIRECTIONS), pick(next, SOURCES), Math.floor(next() * 50), {
      story: `story-${i}`,
      weight: pick(next, WEIGHTS),
      // Some items have no date or one in the future, so both evidence-time paths are exercised.
      ...(next() < 0.15
        ? { published: undefined }
        : next() < 0.1
          ? { published: '2031-01-01T00:00:00Z' }
          : {}),
    }),
  );
  return { items, current: pick(next, CLAIM_STATUSES), next };
}

function shuffled<T>(list: readonly T[], next: () => number): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

const SEEDS = Array.from({ length: 300 }, (_, i) => i + 1);

describe('deriveStatus', () => {
  describe('when derived again with the same inputs', () => {
    it('gives identical output and leaves the inputs untouched', () => {
      for (const seed of SEEDS) {
        const { items, current } = generate(seed);
        const frozen = Object.freeze(
          items.map((item) => Object.freeze({ ...item, terms: Object.freeze([...item.terms]) })),
        );
        const input = {
          evidence: frozen as readonly EvidenceRecord[],
          now: NOW,
          settings: SETTINGS,
          current,
        };
        const first = deriveStatus(input);
        expect(deriveStatus(input), `seed ${seed}`).toEqual(first);
        expect(frozen, `seed ${seed}`).toEqual(items);
      }
    });
  });

  describe('when the evidence comes in another order', () => {
    it('gives the same output', () => {
      for (const seed of SEEDS) {
        const { items, current, next } = generate(seed);
        const derive = (evidence: EvidenceRecord[]) =>
          deriveStatus({ evidence, now: NOW, settings: SETTINGS, current });
        const expected = derive(items);
        for (let round = 0; round < 3; round++) {
          expect(derive(shuffled(items, next)), `seed ${seed} round ${round}`).toEqual(expected);
        }
      }
    });
  });
});
