import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/claims/evidence-time.js';
import type { EvidenceRecord } from '../../src/claims/index.js';
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

/** One poll's worth of evidence through the ledger's poll script. */
async function recordPoll(pollKey: string, ...records: EvidenceRecord[]) {
  return (await f.ledger.recordPoll({ pollKey, pollTtlSeconds: 3_600, records })).kinds;
}

describe('ledger.recordPoll', () => {
  describe('when a poll brings new stories', () => {
    it('adds them, points their aliases at them, bumps the version once and derives nothing', async () => {
      const a = evidence('progress', 'reuters', 2, { aliasKey: 'title:reuters|magnets flow again' });
      const b = evidence('progress', 'caixin', 1);

      expect(await recordPoll('poll-1', a, b)).toEqual(['new', 'new']);

      expect(await f.ledger.getEvidence(CLAIM.id)).toEqual([b, a]);
      expect(await f.redis.hgetall(f.keys.claimAliases(CLAIM.id))).toEqual({
        'title:reuters|magnets flow again': a.storyKey,
      });
      expect(await f.ledger.getState(CLAIM.id)).toMatchObject({
        status: 'open',
        seq: 0,
        version: 1,
        updatedAt: null,
      });
      expect(await f.ledger.getHistory(CLAIM.id)).toEqual([]);
    });
  });

  describe('when the same poll runs again', () => {
    it('answers again for what it added and writes nothing twice', async () => {
      await recordPoll('poll-1', evidence('progress', 'reuters', 2));
      const before = await f.dump();

      expect(await recordPoll('poll-1', evidence('progress', 'reuters', 2))).toEqual(['again']);
      expect(await f.dump()).toEqual(before);
    });
  });

  describe('when another poll brings a story already held', () => {
    it('answers duplicate by story key, and by title + source when the link rotated', async () => {
      const alias = 'title:reuters|magnets flow again';
      await recordPoll('poll-1', evidence('progress', 'reuters', 2, { aliasKey: alias }));
      const before = await f.dump();

      const sameStory = evidence('setback', 'reuters', 2, { story: 'reuters-progress-2d' });
      const rotatedLink = evidence('progress', 'reuters', 2, {
        story: 'reuters-rotated-path',
        aliasKey: alias,
      });
      expect(await recordPoll('poll-2', sameStory, rotatedLink)).toEqual(['duplicate', 'duplicate']);
      expect(await f.dump()).toEqual(before);
    });
  });

  describe('when one story arrives through feeds of different weights', () => {
    const alias = 'title:mofcom|export licences granted';
    const wire = evidence('progress', 'mofcom', 1, {
      story: 'wire-copy',
      aliasKey: alias,
      feedId: 'wire',
      weight: 1,
      firstSeenAt: '2025-06-30T12:05:00.000Z',
    });
    const gov = evidence('progress', 'mofcom', 1, {
      story: 'gov-copy',
      aliasKey: alias,
      feedId: 'gov',
      weight: 2,
      firstSeenAt: '2025-06-30T12:20:00.000Z',
    });

    it('keeps the heavier copy with the earliest first-seen time, whichever came first', async () => {
      expect(await recordPoll('wire-poll', wire)).toEqual(['new']);
      expect(await recordPoll('gov-poll', gov)).toEqual(['upgraded']);
      const wireFirst = await f.ledger.getEvidence(CLAIM.id);

      const other = await ledgerFixture('ledger-other-order');
      try {
        await other.ledger.recordPoll({ pollKey: 'gov-poll', pollTtlSeconds: 60, records: [gov] });
        const late = await other.ledger.recordPoll({
          pollKey: 'wire-poll',
          pollTtlSeconds: 60,
          records: [wire],
        });
        expect(late.kinds).toEqual(['upgraded']);
        expect(await other.ledger.getEvidence(CLAIM.id)).toEqual(wireFirst);
      } finally {
        await other.cleanup();
      }
      expect(wireFirst).toEqual([{ ...gov, firstSeenAt: wire.firstSeenAt }]);
    });
  });

  describe('when a poll matches several claims', () => {
    it('records each under its own claim', async () => {
      const students = evidence('setback', 'reuters', 1, {
        claim: 'students',
        id: 'students:s1',
        story: 's1',
      });
      expect(await recordPoll('poll-1', evidence('progress', 'reuters', 1), students)).toEqual([
        'new',
        'new',
      ]);
      expect((await f.ledger.getEvidence('students')).map((e) => e.id)).toEqual(['students:s1']);
      expect((await f.ledger.getState('students')).version).toBe(1);
    });
  });
});

describe('ledger.derive', () => {
  describe('when one source has reported', () => {
    it('keeps the claim open, records no change, and marks the instant derived', async () => {
      await recordPoll('poll-1', evidence('progress', 'reuters', 1));

      const outcome = await f.ledger.derive(CLAIM, NOW);

      expect(outcome).toEqual({
        kind: 'derived',
        status: 'open',
        tally: { progress: 1, setback: 0, sources: 1, window_days: 30 },
      });
      expect(await f.ledger.getHistory(CLAIM.id)).toEqual([]);
      expect(await f.ledger.getState(CLAIM.id)).toMatchObject({
        status: 'open',
        seq: 0,
        version: 2,
        updatedAt: NOW.toISOString(),
        derivedThrough: NOW.toISOString(),
        lastChangeAt: null,
      });
    });
  });

  describe('when a second source has reported progress', () => {
    it('moves the claim to advancing with change seq 1 at the derivation instant', async () => {
      await recordPoll('poll-1', evidence('progress', 'reuters', 2), evidence('progress', 'caixin', 1));
      const at = new Date(NOW.getTime() + 60_000);

      const outcome = await f.ledger.derive(CLAIM, at);

      const change = {
        claim: 'rare-earths',
        seq: 1,
        from: 'open',
        to: 'advancing',
        at: at.toISOString(),
        trigger: 'evidence',
        tally: { progress: 2, setback: 0, sources: 2 },
        evidence: ['rare-earths:caixin-progress-1d', 'rare-earths:reuters-progress-2d'],
        note: expect.stringContaining('2 sources report progress'),
      };
      expect(outcome).toMatchObject({ kind: 'derived', status: 'advancing', change });
      expect(await f.ledger.getHistory(CLAIM.id)).toEqual([change]);
      expect(await f.ledger.getState(CLAIM.id)).toMatchObject({
        status: 'advancing',
        seq: 1,
        lastChangeAt: at.toISOString(),
        tally: { progress: 2, setback: 0, sources: 2, window_days: 30 },
      });
    });
  });

  describe('when the same instant is derived again', () => {
    it('writes nothing', async () => {
      await recordPoll('poll-1', evidence('progress', 'reuters', 2), evidence('progress', 'caixin', 1));
      await f.ledger.derive(CLAIM, NOW);
      const before = await f.dump();

      expect(await f.ledger.derive(CLAIM, NOW)).toMatchObject({ kind: 'derived', status: 'advancing' });
      expect(await f.dump()).toEqual(before);
    });
  });

  describe('when a poll records evidence for a claim already derived', () => {
    it('tells the poll when the claim was last derived', async () => {
      await recordPoll('poll-1', evidence('progress', 'reuters', 2));
      await f.ledger.derive(CLAIM, NOW);

      const next = await f.ledger.recordPoll({
        pollKey: 'poll-2',
        pollTtlSeconds: 60,
        records: [evidence('progress', 'caixin', 1)],
      });
      expect(next.derivedThrough).toEqual(new Map([[CLAIM.id, NOW.toISOString()]]));
    });
  });

  describe('when two sources confirm and two refute in one poll', () => {
    const confirms = [evidence('confirms', 'reuters', 1), evidence('confirms', 'xinhua', 1)];
    const refutes = [evidence('refutes', 'nikkei', 1), evidence('refutes', 'ft', 1)];

    it.each([
      ['confirms first', [...confirms, ...refutes], 'contested'],
      ['refutes first', [...refutes, ...confirms], 'contested'],
      [
        'confirms first, one refuting outlet heavier',
        [...confirms, ...refutes.map((e, i) => ({ ...e, weight: i + 1 }))],
        'refuted',
      ],
      [
        'refutes first, one refuting outlet heavier',
        [...refutes.map((e, i) => ({ ...e, weight: i + 1 })), ...confirms],
        'refuted',
      ],
    ] as const)('gives the same verdict whichever arrives first (%s)', async (_, records, status) => {
      await recordPoll('poll-1', ...records);
      expect(await f.ledger.derive(CLAIM, NOW)).toMatchObject({ kind: 'derived', status });
    });
  });

  describe('when a later instant was derived first', () => {
    it('answers stale and writes nothing', async () => {
      await recordPoll('poll-1', evidence('progress', 'reuters', 2), evidence('progress', 'caixin', 1));
      await f.ledger.derive(CLAIM, new Date(NOW.getTime() + 120_000));
      const before = await f.dump();

      expect(await f.ledger.derive(CLAIM, NOW)).toEqual({ kind: 'stale', status: 'advancing' });
      expect(await f.dump()).toEqual(before);
    });
  });

  describe('when a poll records evidence between the read and the commit', () => {
    it('reads again and derives from the evidence that poll added', async () => {
      await recordPoll('poll-1', evidence('progress', 'reuters', 3));
      const rival = evidence('progress', 'caixin', 2);
      let interfered = false;
      // now() runs between the snapshot and the commit; a write queued on the same connection lands first.
      const clock = {
        now: () => {
          if (!interfered) {
            interfered = true;
            void f.ledger.recordPoll({ pollKey: 'poll-2', pollTtlSeconds: 60, records: [rival] });
          }
          return NOW;
        },
      };
      const ledger = createLedger({ redis: f.redis, keys: f.keys, clock });

      const outcome = await ledger.derive(CLAIM, NOW);

      expect(outcome).toMatchObject({ kind: 'derived', status: 'advancing', tally: { progress: 2 } });
      expect((await f.ledger.getState(CLAIM.id)).version).toBe(3);
    });
  });

  describe('when every attempt loses the race', () => {
    it('gives up after maxAttempts with a clear error and writes no state', async () => {
      await recordPoll('poll-1', evidence('progress', 'reuters', 1));
      const clock = {
        now: () => {
          void f.redis.hincrby(f.keys.claimState(CLAIM.id), 'version', 1);
          return NOW;
        },
      };
      const ledger = createLedger({ redis: f.redis, keys: f.keys, clock }, { maxAttempts: 3 });

      await expect(ledger.derive(CLAIM, NOW)).rejects.toThrow(
        'claim rare-earths: gave up after 3 attempts lost to concurrent writers',
      );
      expect((await f.ledger.getState(CLAIM.id)).updatedAt).toBeNull();
    });
  });
});

describe('ledger.recordEvidence (record and derive at once, for tools and tests)', () => {
  it('answers duplicate for a story already held and writes nothing', async () => {
    await f.ledger.recordEvidence(CLAIM, evidence('progress', 'reuters', 2));
    await f.ledger.recordEvidence(CLAIM, evidence('progress', 'caixin', 1));
    const before = await f.dump();
    f.clock.advance(DAY_MS);

    // A later copy may carry a different direction or firstSeenAt; the story key alone identifies it.
    const again = evidence('setback', 'caixin', 1, { story: 'caixin-progress-1d' });
    expect(await f.ledger.recordEvidence(CLAIM, again)).toEqual({ kind: 'duplicate' });
    expect(await f.dump()).toEqual(before);
  });

  it('refuses evidence of another claim before touching Redis', async () => {
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

describe('ledger commit script', () => {
  describe('when the history is longer than the state says', () => {
    it('refuses to append the change and writes nothing', async () => {
      await recordPoll('poll-1', evidence('progress', 'reuters', 2), evidence('progress', 'caixin', 1));
      await f.redis.rpush(f.keys.claimHistory(CLAIM.id), '{"stray":true}');
      const before = await f.dump();

      await expect(f.ledger.derive(CLAIM, NOW)).rejects.toThrow(
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
        derivedThrough: null,
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
