import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/claims/evidence-time.js';
import { createLedger } from '../../src/claims/ledger.js';
import { evidence, NOW } from './evidence-factory.js';
import { CLAIM, type LedgerFixture, ledgerFixture } from './ledger-support.js';

let f: LedgerFixture;

beforeEach(async () => {
  f = await ledgerFixture('ledger');
});

afterEach(async () => {
  await f.cleanup();
});

describe('ledger.recordEvidence', () => {
  describe('when the first evidence comes from one source', () => {
    it('keeps the claim open and records no change', async () => {
      const outcome = await f.ledger.recordEvidence(CLAIM, evidence('progress', 'reuters', 1));

      expect(outcome).toEqual({
        kind: 'recorded',
        change: undefined,
        status: 'open',
        tally: { progress: 1, setback: 0, sources: 1, window_days: 30 },
      });
      expect(await f.ledger.getHistory(CLAIM.id)).toEqual([]);
      expect(await f.ledger.getState(CLAIM.id)).toMatchObject({
        status: 'open',
        seq: 0,
        version: 1,
        updatedAt: NOW.toISOString(),
        lastChangeAt: null,
      });
    });
  });

  describe('when a second source reports progress', () => {
    it('moves the claim to advancing with change seq 1 and the tally', async () => {
      await f.ledger.recordEvidence(CLAIM, evidence('progress', 'reuters', 2));
      f.clock.advance(60_000);
      const at = f.clock.now().toISOString();

      const outcome = await f.ledger.recordEvidence(CLAIM, evidence('progress', 'caixin', 1));

      const change = {
        claim: 'rare-earths',
        seq: 1,
        from: 'open',
        to: 'advancing',
        at,
        trigger: 'evidence',
        tally: { progress: 2, setback: 0, sources: 2 },
        evidence: ['rare-earths:caixin-progress-1d', 'rare-earths:reuters-progress-2d'],
        note: expect.stringContaining('2 sources report progress'),
      };
      expect(outcome).toMatchObject({ kind: 'recorded', status: 'advancing', change });
      expect(await f.ledger.getHistory(CLAIM.id)).toEqual([change]);
      expect(await f.ledger.getState(CLAIM.id)).toMatchObject({
        status: 'advancing',
        seq: 1,
        version: 2,
        lastChangeAt: at,
        tally: { progress: 2, setback: 0, sources: 2, window_days: 30 },
      });
    });
  });

  describe('when the same story is recorded again', () => {
    it('answers duplicate and writes nothing', async () => {
      await f.ledger.recordEvidence(CLAIM, evidence('progress', 'reuters', 2));
      await f.ledger.recordEvidence(CLAIM, evidence('progress', 'caixin', 1));
      const before = await f.dump();
      f.clock.advance(DAY_MS);

      // A re-run job may carry a different direction or firstSeenAt; the story key alone identifies it.
      const again = evidence('setback', 'caixin', 1, { story: 'caixin-progress-1d' });
      expect(await f.ledger.recordEvidence(CLAIM, again)).toEqual({ kind: 'duplicate' });
      expect(await f.dump()).toEqual(before);
    });
  });

  describe('when the evidence names another claim', () => {
    it('refuses it before touching Redis', async () => {
      const stray = evidence('progress', 'reuters', 1, {
        claim: 'students',
        id: 'students:reuters-progress-1d',
      });

      await expect(f.ledger.recordEvidence(CLAIM, stray)).rejects.toThrow(
        /does not belong to claim rare-earths/,
      );
      expect(await f.dump()).toEqual({});
    });
  });

  describe('when another writer commits between the read and the commit', () => {
    it('reads again and derives from the evidence that writer added', async () => {
      await f.ledger.recordEvidence(CLAIM, evidence('progress', 'reuters', 3));
      const rival = evidence('progress', 'caixin', 2);
      let interfered = false;
      // now() runs between the snapshot and the commit; a write queued on the same connection lands first.
      const clock = {
        now: () => {
          if (!interfered) {
            interfered = true;
            void f.redis.hset(f.keys.claimEvidence(CLAIM.id), rival.storyKey, JSON.stringify(rival));
            void f.redis.hincrby(f.keys.claimState(CLAIM.id), 'version', 1);
          }
          return NOW;
        },
      };
      const ledger = createLedger({ redis: f.redis, keys: f.keys, clock });

      const outcome = await ledger.recordEvidence(CLAIM, evidence('progress', 'nikkei', 1));

      expect(outcome).toMatchObject({ kind: 'recorded', status: 'advancing', tally: { progress: 3 } });
      expect((await f.ledger.getState(CLAIM.id)).version).toBe(3);
    });
  });

  describe('when every attempt loses the race', () => {
    it('gives up after maxAttempts with a clear error and writes no evidence', async () => {
      const clock = {
        now: () => {
          void f.redis.hincrby(f.keys.claimState(CLAIM.id), 'version', 1);
          return NOW;
        },
      };
      const ledger = createLedger({ redis: f.redis, keys: f.keys, clock }, { maxAttempts: 3 });

      await expect(ledger.recordEvidence(CLAIM, evidence('progress', 'reuters', 1))).rejects.toThrow(
        'claim rare-earths: gave up after 3 attempts lost to concurrent writers',
      );
      expect(await f.ledger.getEvidence(CLAIM.id)).toEqual([]);
    });
  });
});

describe('ledger commit script', () => {
  describe('when the history is longer than the state says', () => {
    it('refuses to append the change and writes nothing', async () => {
      await f.ledger.recordEvidence(CLAIM, evidence('progress', 'reuters', 2));
      await f.redis.rpush(f.keys.claimHistory(CLAIM.id), '{"stray":true}');
      const before = await f.dump();

      await expect(f.ledger.recordEvidence(CLAIM, evidence('progress', 'caixin', 1))).rejects.toThrow(
        'LEDGER seq 1 does not follow a history of 1',
      );
      expect(await f.dump()).toEqual(before);
    });
  });
});

describe('ledger readers', () => {
  describe('when a claim was never written', () => {
    it('reads as open with seq 0 and empty lists', async () => {
      expect(await f.ledger.getState('students')).toEqual({
        claim: 'students',
        status: 'open',
        seq: 0,
        version: 0,
        updatedAt: null,
        lastChangeAt: null,
        tally: null,
        reason: null,
        reopenedAt: null,
      });
      expect(await f.ledger.getHistory('students')).toEqual([]);
      expect(await f.ledger.getEvidence('students')).toEqual([]);
    });
  });

  describe('when evidence was recorded out of order', () => {
    it('getEvidence lists it newest first by evidence time, ties by id', async () => {
      const items = [
        evidence('neutral', 'xinhua', 9),
        evidence('progress', 'reuters', 1),
        evidence('setback', 'nikkei', 4),
        evidence('progress', 'caixin', 4),
        // No published date: its evidence time is when it was first seen.
        evidence('progress', 'scmp', 30, { published: undefined, firstSeenAt: NOW.toISOString() }),
      ];
      for (const item of items) await f.ledger.recordEvidence(CLAIM, item);

      const ids = (await f.ledger.getEvidence(CLAIM.id)).map((e) => e.id);
      expect(ids).toEqual([
        'rare-earths:scmp-progress-30d',
        'rare-earths:reuters-progress-1d',
        'rare-earths:caixin-progress-4d',
        'rare-earths:nikkei-setback-4d',
        'rare-earths:xinhua-neutral-9d',
      ]);
    });
  });

  describe('when several claims are listed', () => {
    it('listStates returns them in the order asked, unwritten ones as open', async () => {
      await f.ledger.recordEvidence(CLAIM, evidence('progress', 'reuters', 1));
      await f.ledger.recordEvidence(CLAIM, evidence('progress', 'caixin', 1));

      const states = await f.ledger.listStates(['students', CLAIM.id]);
      expect(states.map((s) => [s.claim, s.status, s.seq])).toEqual([
        ['students', 'open', 0],
        ['rare-earths', 'advancing', 1],
      ]);
      expect(await f.ledger.listStates([])).toEqual([]);
    });
  });
});
