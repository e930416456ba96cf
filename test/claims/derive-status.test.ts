import { describe, expect, it } from 'vitest';
import { deriveStatus, MAX_DECIDING_EVIDENCE } from '../../src/claims/derive-status.js';
import type { ClaimSettings, ClaimStatus, EvidenceRecord, Tally } from '../../src/claims/types.js';
import type { Direction } from '../../src/match/types.js';
import { daysAgo, evidence, NOW, SETTINGS } from './evidence-factory.js';

interface Case {
  name: string;
  current?: ClaimStatus;
  settings?: Partial<ClaimSettings>;
  evidence: EvidenceRecord[];
  status: ClaimStatus;
  tally?: Partial<Tally>;
}

/** One story per outlet, all the same age and direction. */
const outlets = (direction: Direction, sources: string[], ageDays: number, weight = 1): EvidenceRecord[] =>
  sources.map((source) => evidence(direction, source, ageDays, { weight }));

function derive(c: Pick<Case, 'evidence' | 'current' | 'settings'>) {
  return deriveStatus({
    evidence: c.evidence,
    now: NOW,
    settings: { ...SETTINGS, ...c.settings },
    current: c.current ?? 'open',
  });
}

function check(c: Case): void {
  const derivation = derive(c);
  expect(derivation.status).toBe(c.status);
  if (c.tally) expect(derivation.tally).toMatchObject(c.tally);
}

describe('deriveStatus', () => {
  describe('when outlets lean one way', () => {
    it.each<Case>([
      {
        name: 'two outlets report shipments resuming',
        evidence: outlets('progress', ['reuters', 'caixin'], 2),
        status: 'advancing',
        tally: { progress: 2, setback: 0, sources: 2, window_days: 30 },
      },
      {
        name: 'two outlets report magnet shortages',
        evidence: outlets('setback', ['nikkei', 'bloomberg'], 3),
        status: 'stalled',
        tally: { progress: 0, setback: 2, sources: 2 },
      },
      {
        name: 'a lone outlet is not enough to lean',
        evidence: outlets('progress', ['reuters'], 1),
        status: 'open',
      },
      {
        name: 'two outlets are not enough when the claim asks for three',
        settings: { min_sources: 3 },
        evidence: outlets('progress', ['reuters', 'caixin'], 1),
        status: 'open',
      },
      {
        name: 'one prolific outlet cannot outvote others',
        evidence: [
          ...[1, 2, 3, 4, 5].map((day) => evidence('progress', 'daily-wire', day)),
          ...outlets('setback', ['nikkei', 'bloomberg'], 2),
        ],
        status: 'stalled',
        tally: { progress: 1, setback: 2, sources: 3 },
      },
      {
        name: 'a heavier government feed outweighs',
        evidence: [
          ...outlets('progress', ['reuters', 'caixin'], 2),
          evidence('setback', 'mofcom', 1, { weight: 5 }),
          evidence('setback', 'nikkei', 4),
        ],
        status: 'stalled',
        tally: { progress: 2, setback: 6, sources: 4 },
      },
      {
        name: 'neutral coverage never leans, however wide',
        evidence: outlets('neutral', ['reuters', 'caixin', 'nikkei', 'bloomberg'], 1),
        status: 'open',
        tally: { progress: 0, setback: 0, sources: 0 },
      },
    ])('$name → $status', check);
  });

  describe('when both sides report', () => {
    it.each<Case>([
      {
        name: 'balanced reports are contested',
        evidence: [
          ...outlets('progress', ['reuters', 'caixin'], 2),
          ...outlets('setback', ['nikkei', 'bloomberg'], 3),
        ],
        status: 'contested',
        tally: { progress: 2, setback: 2, sources: 4 },
      },
      {
        name: 'a lighter side at exactly half still contests',
        evidence: [
          ...outlets('progress', ['reuters', 'caixin'], 2),
          ...outlets('setback', ['nikkei', 'bloomberg'], 3, 2),
        ],
        status: 'contested',
        tally: { progress: 2, setback: 4 },
      },
      {
        name: 'a side under half the weight of the other loses',
        evidence: [
          ...outlets('progress', ['reuters', 'caixin', 'xinhua', 'ap', 'afp'], 2),
          ...outlets('setback', ['nikkei', 'bloomberg'], 3),
        ],
        status: 'advancing',
        tally: { progress: 5, setback: 2, sources: 7 },
      },
      {
        name: 'a single heavy outlet blocks a lean it cannot make itself',
        evidence: [
          ...outlets('progress', ['reuters', 'caixin'], 2),
          evidence('setback', 'mofcom', 1, { weight: 5 }),
        ],
        status: 'open',
        tally: { progress: 2, setback: 5, sources: 3 },
      },
      {
        name: 'an outlet reporting both ways is one source in the tally',
        evidence: [...outlets('progress', ['reuters', 'caixin'], 2), evidence('setback', 'reuters', 1)],
        status: 'advancing',
        tally: { progress: 2, setback: 1, sources: 2 },
      },
    ])('$name → $status', check);
  });

  describe('when evidence ages', () => {
    it.each<Case>([
      {
        name: 'evidence older than the window no longer leans',
        evidence: [
          ...outlets('setback', ['nikkei', 'bloomberg'], 35),
          ...outlets('progress', ['reuters', 'caixin'], 3),
        ],
        status: 'advancing',
        tally: { progress: 2, setback: 0, sources: 2 },
      },
      {
        name: 'evidence exactly window_days old still leans (when the claim goes stale later)',
        settings: { stale_after_days: 45 },
        evidence: outlets('progress', ['reuters', 'caixin'], 30),
        status: 'advancing',
      },
      {
        name: 'three weeks of silence makes the claim quiet',
        evidence: outlets('progress', ['reuters'], 22),
        status: 'quiet',
      },
      {
        name: 'stale_after_days wins over a lean whose last report is still in the window',
        current: 'advancing',
        evidence: outlets('progress', ['reuters', 'caixin'], 25),
        status: 'quiet',
      },
      {
        name: 'a quiet claim whose fresh evidence leans goes straight to advancing',
        current: 'quiet',
        evidence: outlets('progress', ['reuters', 'caixin'], 1),
        status: 'advancing',
      },
      {
        name: 'a quiet claim with fresh evidence but no lean becomes open',
        current: 'quiet',
        evidence: outlets('progress', ['reuters'], 1),
        status: 'open',
      },
      {
        name: 'an advancing claim goes quiet once its reports leave the window',
        current: 'advancing',
        evidence: outlets('progress', ['reuters', 'caixin'], 31),
        status: 'quiet',
      },
      {
        name: 'a thinned window keeps the claim advancing while recent coverage continues',
        current: 'advancing',
        evidence: [...outlets('progress', ['reuters', 'caixin'], 40), evidence('neutral', 'scmp', 2)],
        status: 'advancing',
        tally: { progress: 0, setback: 0, sources: 0 },
      },
      {
        name: 'neutral coverage keeps a stalled claim from going quiet',
        current: 'stalled',
        evidence: [...outlets('setback', ['nikkei', 'bloomberg'], 45), evidence('neutral', 'scmp', 5)],
        status: 'stalled',
      },
      {
        name: 'a contested claim stays contested when one side thins out of the window',
        current: 'contested',
        evidence: [...outlets('progress', ['reuters', 'caixin'], 45), evidence('setback', 'nikkei', 3)],
        status: 'contested',
      },
      {
        name: 'news after a quiet spell reopens the claim',
        current: 'quiet',
        evidence: [...outlets('progress', ['reuters'], 60), evidence('neutral', 'scmp', 1)],
        status: 'open',
      },
      {
        name: 'a quiet claim with fresh reports leans again',
        current: 'quiet',
        evidence: outlets('setback', ['nikkei', 'bloomberg'], 1),
        status: 'stalled',
      },
      {
        name: 'future published date falls back to first seen',
        evidence: outlets('progress', ['reuters', 'caixin'], 40).map((e) => ({
          ...e,
          published: '2031-01-01T00:00:00Z',
        })),
        status: 'quiet',
        tally: { progress: 0 },
      },
      {
        name: 'an undated item is timed by when it was first seen',
        evidence: outlets('progress', ['reuters', 'caixin'], 3).map((e) => ({ ...e, published: undefined })),
        status: 'advancing',
      },
    ])('$name → $status', check);
  });

  describe('when resolution evidence arrives', () => {
    it.each<Case>([
      {
        name: 'two outlets report the first licensed shipment delivered',
        evidence: outlets('confirms', ['reuters', 'caixin'], 1),
        status: 'confirmed',
      },
      {
        name: 'two outlets report the talks collapsed',
        evidence: outlets('refutes', ['nikkei', 'bloomberg'], 1),
        status: 'refuted',
      },
      {
        name: 'one outlet twice is still one confirmation',
        evidence: [evidence('confirms', 'reuters', 1), evidence('confirms', 'reuters', 2)],
        status: 'open',
      },
      {
        name: 'a lone confirmation keeps a claim alive but does not resolve it',
        current: 'advancing',
        evidence: [...outlets('progress', ['reuters', 'caixin'], 50), evidence('confirms', 'xinhua', 2)],
        status: 'advancing',
      },
      {
        name: 'confirmations older than the window still resolve',
        evidence: outlets('confirms', ['reuters', 'caixin'], 90),
        status: 'confirmed',
      },
      {
        name: 'resolution outranks a lean the other way',
        evidence: [
          ...outlets('confirms', ['reuters', 'caixin'], 5),
          ...outlets('setback', ['nikkei', 'bloomberg', 'ft'], 1),
        ],
        status: 'confirmed',
        tally: { setback: 3 },
      },
      {
        name: 'more confirming outlets than refuting ones decide',
        evidence: [
          ...outlets('confirms', ['reuters', 'caixin', 'xinhua'], 5),
          ...outlets('refutes', ['nikkei', 'ft'], 1),
        ],
        status: 'confirmed',
      },
      {
        name: 'more refuting outlets than confirming ones decide',
        evidence: [
          ...outlets('confirms', ['reuters', 'caixin'], 5),
          ...outlets('refutes', ['nikkei', 'ft', 'wsj'], 1),
        ],
        status: 'refuted',
      },
      {
        name: 'an even split in resolution is contested',
        evidence: [
          ...outlets('confirms', ['reuters', 'caixin'], 5),
          ...outlets('refutes', ['nikkei', 'ft'], 1),
        ],
        status: 'contested',
      },
      {
        name: 'when both sides qualify, the larger weight wins over the larger count',
        evidence: [
          ...outlets('confirms', ['reuters', 'caixin', 'xinhua'], 5),
          ...outlets('refutes', ['mofcom', 'ustr'], 1, 2),
        ],
        status: 'refuted',
      },
      {
        name: 'equal weights on both qualifying sides are contested, whatever the count',
        evidence: [
          ...outlets('confirms', ['reuters', 'caixin', 'xinhua', 'ft'], 5),
          ...outlets('refutes', ['mofcom', 'ustr'], 1, 2),
        ],
        status: 'contested',
      },
    ])('$name → $status', check);
  });

  describe('when the claim is already resolved', () => {
    it.each<Case>([
      {
        name: 'confirmed is terminal',
        current: 'confirmed',
        evidence: outlets('setback', ['nikkei', 'bloomberg', 'ft'], 1),
        status: 'confirmed',
      },
      {
        name: 'refuted is terminal even against confirmations',
        current: 'refuted',
        evidence: outlets('confirms', ['reuters', 'caixin', 'xinhua'], 1),
        status: 'refuted',
      },
      {
        name: 'a claim an operator confirmed without evidence stays confirmed',
        current: 'confirmed',
        evidence: [],
        status: 'confirmed',
      },
      {
        name: 'a confirmed claim never goes quiet',
        current: 'confirmed',
        evidence: outlets('confirms', ['reuters', 'caixin'], 200),
        status: 'confirmed',
      },
    ])('$name → $status', check);
  });

  describe('when there is no evidence', () => {
    it('no evidence stays open', () => {
      expect(derive({ evidence: [] })).toEqual({
        status: 'open',
        tally: { progress: 0, setback: 0, sources: 0, window_days: 30 },
        evidenceIds: [],
        reason: 'No evidence yet.',
      });
    });

    it('keeps a status an operator set', () => {
      expect(derive({ evidence: [], current: 'stalled' }).status).toBe('stalled');
    });
  });

  describe('when explaining a status', () => {
    it('names the deciding evidence newest first', () => {
      const derivation = derive({
        evidence: [
          evidence('progress', 'caixin', 9),
          evidence('neutral', 'scmp', 1),
          evidence('progress', 'reuters', 2),
          evidence('setback', 'nikkei', 3),
        ],
      });
      expect(derivation.evidenceIds).toEqual([
        'rare-earths:reuters-progress-2d',
        'rare-earths:caixin-progress-9d',
      ]);
    });

    it(`names at most ${MAX_DECIDING_EVIDENCE} pieces`, () => {
      const many = Array.from({ length: 15 }, (_, i) => evidence('progress', `outlet-${i}`, i + 1));
      const ids = derive({ evidence: many }).evidenceIds;
      expect(ids).toHaveLength(MAX_DECIDING_EVIDENCE);
      expect(ids[0]).toBe('rare-earths:outlet-0-progress-1d');
    });

    it('names both sides of a contest by time, leaving out what did not lean', () => {
      const derivation = derive({
        evidence: [
          ...outlets('progress', ['reuters'], 1),
          ...outlets('progress', ['caixin'], 3),
          ...outlets('setback', ['nikkei', 'ft'], 2),
          evidence('neutral', 'scmp', 1),
          evidence('confirms', 'xinhua', 1),
        ],
      });
      expect(derivation.evidenceIds).toEqual([
        'rare-earths:reuters-progress-1d',
        'rare-earths:ft-setback-2d',
        'rare-earths:nikkei-setback-2d',
        'rare-earths:caixin-progress-3d',
      ]);
    });

    it('points a quiet claim at the report the silence is measured from', () => {
      const derivation = derive({
        evidence: [evidence('progress', 'reuters', 40), evidence('neutral', 'scmp', 25)],
      });
      expect(derivation).toMatchObject({
        status: 'quiet',
        evidenceIds: ['rare-earths:scmp-neutral-25d'],
        reason: `No evidence in the last 21 days; the latest is from ${daysAgo(25).slice(0, 10)}.`,
      });
    });

    it.each([
      {
        name: 'a lean gives the balance behind it',
        evidence: [
          ...outlets('progress', ['reuters', 'caixin', 'xinhua'], 1),
          evidence('setback', 'nikkei', 2),
        ],
        reason:
          '3 sources report progress (weight 3) against 1 reporting setbacks (weight 1) in the last 30 days.',
      },
      {
        name: 'a stall leads with the setbacks',
        evidence: [...outlets('setback', ['nikkei', 'ft'], 1), evidence('progress', 'reuters', 2)],
        reason:
          '2 sources report setbacks (weight 2) against 1 reporting progress (weight 1) in the last 30 days.',
      },
      {
        name: 'a resolution names its sources',
        evidence: outlets('confirms', ['reuters', 'caixin'], 1),
        reason: '2 sources confirm the claim (caixin, reuters), at least the 2 needed to resolve it.',
      },
      {
        name: 'a kept status says what keeps it',
        current: 'advancing' as const,
        evidence: [evidence('neutral', 'scmp', 2)],
        reason:
          'No progress or setback evidence in the last 30 days; evidence from the last 21 days keeps the claim advancing.',
      },
    ])('$name', ({ evidence: items, current, reason }) => {
      expect(derive({ evidence: items, current }).reason).toBe(reason);
    });
  });
});
