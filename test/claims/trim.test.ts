import { describe, expect, it } from 'vitest';
import { deriveStatus } from '../../src/claims/derive-status.js';
import { DAY_MS } from '../../src/claims/evidence-time.js';
import { retentionDays, trimmable } from '../../src/claims/trim.js';
import { CLAIM_STATUSES, type EvidenceRecord } from '../../src/claims/types.js';
import type { Direction } from '../../src/match/types.js';
import { evidence, NOW, SETTINGS } from './evidence-factory.js';

const DIRECTIONS: Direction[] = ['progress', 'setback', 'neutral', 'confirms', 'refutes'];

/** A seeded generator, so a failing case can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function randomEvidence(seed: number): EvidenceRecord[] {
  const next = random(seed);
  return Array.from({ length: 1 + Math.floor(next() * 12) }, (_, i) => {
    const direction = DIRECTIONS[Math.floor(next() * DIRECTIONS.length)] as Direction;
    const source = `s${Math.floor(next() * 4)}`;
    return evidence(direction, source, Math.floor(next() * 400), { story: `x${i}` });
  });
}

describe('retentionDays', () => {
  it('is three times the longer of window_days and stale_after_days', () => {
    expect(retentionDays(SETTINGS)).toBe(90);
    expect(retentionDays({ ...SETTINGS, window_days: 7, stale_after_days: 45 })).toBe(135);
  });
});

describe('trimmable', () => {
  describe('when evidence lies on both sides of the horizon', () => {
    it.each<{ name: string; items: EvidenceRecord[]; trimmed: string[] }>([
      {
        name: 'progress and neutral past 90 days go, newer stays',
        items: [evidence('progress', 'a', 91), evidence('neutral', 'b', 200), evidence('setback', 'c', 10)],
        trimmed: ['a-progress-91d', 'b-neutral-200d'],
      },
      {
        name: 'the horizon itself is kept',
        items: [evidence('progress', 'a', 90), evidence('setback', 'c', 10)],
        trimmed: [],
      },
      {
        name: 'confirms and refutes stay whatever their age',
        items: [evidence('confirms', 'a', 300), evidence('refutes', 'b', 300), evidence('setback', 'c', 10)],
        trimmed: [],
      },
      {
        name: 'the newest record stays even past the horizon',
        items: [
          evidence('progress', 'a', 100),
          evidence('progress', 'b', 120),
          evidence('setback', 'c', 130),
        ],
        trimmed: ['b-progress-120d', 'c-setback-130d'],
      },
    ])('$name', ({ items, trimmed }) => {
      expect(trimmable(items, NOW, SETTINGS)).toEqual(trimmed);
    });
  });

  describe('when any evidence set is trimmed', () => {
    it('derives the same status, tally, evidence and reason, now and later', () => {
      for (let seed = 1; seed <= 300; seed++) {
        const all = randomEvidence(seed);
        const gone = new Set(trimmable(all, NOW, SETTINGS));
        const kept = all.filter((e) => !gone.has(e.storyKey));
        for (const later of [0, 1, 40, 400]) {
          const now = new Date(NOW.getTime() + later * DAY_MS);
          for (const current of CLAIM_STATUSES) {
            const input = { now, settings: SETTINGS, current };
            expect(deriveStatus({ ...input, evidence: kept }), `seed ${seed}`).toEqual(
              deriveStatus({ ...input, evidence: all }),
            );
          }
        }
      }
    });
  });
});
