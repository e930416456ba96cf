import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deriveStatus } from '../../src/claims/derive-status.js';
import { DAY_MS } from '../../src/claims/evidence-time.js';
import { createLedger } from '../../src/claims/ledger.js';
import { createEvidenceCache } from '../../src/claims/ledger-cache.js';
import { emptyState } from '../../src/claims/ledger-codec.js';
import type { Ledger } from '../../src/claims/ledger-types.js';
import type { EvidenceRecord } from '../../src/claims/types.js';
import type { ManualClock } from '../../src/clock.js';
import type { Direction } from '../../src/match/types.js';
import { connectRedis } from '../../src/redis/connection.js';
import { testRedisUrl } from '../support/redis.js';
import { evidence, NOW, SETTINGS } from './evidence-factory.js';
import { CLAIM, type LedgerFixture, ledgerFixture } from './ledger-support.js';

const DIRECTIONS: Direction[] = ['progress', 'progress', 'setback', 'neutral', 'progress', 'setback'];

/** n stories from 12 outlets, of ages 0..149 days, so a sweep late in the run has something to trim. */
function stories(n: number): EvidenceRecord[] {
  return Array.from({ length: n }, (_, i) =>
    evidence(DIRECTIONS[i % DIRECTIONS.length] ?? 'neutral', `outlet${i % 12}`, (i * 37) % 150, {
      story: `story-${i}`,
    }),
  );
}

/** Counts the reads of `evidenceKey`: every MULTI snapshot and every direct HGETALL of it. */
function countEvidenceReads(redis: Redis, evidenceKey: string): { reads: number } {
  const counter = { reads: 0 };
  const multi = redis.multi.bind(redis);
  const hgetall = redis.hgetall.bind(redis);
  redis.multi = ((...args: Parameters<Redis['multi']>) => {
    const pipeline = multi(...args);
    const inner = pipeline.hgetall.bind(pipeline);
    pipeline.hgetall = ((key: string, ...rest: never[]) => {
      if (key === evidenceKey) counter.reads++;
      return inner(key, ...rest);
    }) as typeof pipeline.hgetall;
    return pipeline;
  }) as Redis['multi'];
  redis.hgetall = ((key: string, ...rest: never[]) => {
    if (key === evidenceKey) counter.reads++;
    return hgetall(key, ...rest);
  }) as Redis['hgetall'];
  return counter;
}

/** Records `items` one by one, the clock a minute on each time, sweeping after every 50. */
async function run(ledger: Ledger, clock: ManualClock, items: readonly EvidenceRecord[]): Promise<unknown[]> {
  const outcomes: unknown[] = [];
  for (const [i, item] of items.entries()) {
    clock.advance(60_000);
    outcomes.push(await ledger.recordEvidence(CLAIM, item));
    if ((i + 1) % 50 === 0) {
      clock.advance(10 * DAY_MS);
      outcomes.push(await ledger.sweep(CLAIM));
    }
  }
  return outcomes;
}

let f: LedgerFixture;

beforeEach(async () => {
  f = await ledgerFixture('ledger-cache');
});

afterEach(async () => {
  await f.cleanup();
});

describe('ledger evidence cache', () => {
  describe('when a single writer records 200 stories with sweeps between', () => {
    it('reads the evidence hash only after a poll recorded, and ends exactly where an uncached ledger ends', async () => {
      const items = stories(200);
      const counter = countEvidenceReads(f.redis, f.keys.claimEvidence(CLAIM.id));
      const cached = await run(f.ledger, f.clock, items);
      const reads = counter.reads;

      const plain = await ledgerFixture('ledger-nocache', { cacheClaims: 0 });
      try {
        const uncachedCounter = countEvidenceReads(plain.redis, plain.keys.claimEvidence(CLAIM.id));
        const uncached = await run(plain.ledger, plain.clock, items);
        // The sweeps trimmed: the cache had deletions to apply, not only additions.
        expect(uncached.some((o) => ((o as { trimmed?: number }).trimmed ?? 0) > 0)).toBe(true);
        expect(uncachedCounter.reads).toBe(204);
        // Each record moves the version (the poll's script), so its derivation reads again; the sweeps that
        // follow a derivation of this instance find the version it committed and read nothing.
        expect(reads).toBe(200);

        expect(cached).toEqual(uncached);
        expect(await f.ledger.getState(CLAIM.id)).toEqual(await plain.ledger.getState(CLAIM.id));
        expect(await f.ledger.getHistory(CLAIM.id)).toEqual(await plain.ledger.getHistory(CLAIM.id));
        expect(await f.ledger.getEvidence(CLAIM.id)).toEqual(await plain.ledger.getEvidence(CLAIM.id));
      } finally {
        await plain.cleanup();
      }
    });
  });

  describe('when another instance records a story', () => {
    it('sees it: the version moved, so the cached evidence is read again', async () => {
      const other = await connectRedis('worker', testRedisUrl());
      try {
        const second = createLedger({ redis: other, keys: f.keys, clock: f.clock });
        await f.ledger.recordEvidence(CLAIM, evidence('progress', 'reuters', 2));
        await second.recordEvidence(CLAIM, evidence('progress', 'caixin', 1));

        // The same story again through the first instance, whose cache predates it.
        const again = evidence('setback', 'caixin', 1, { story: 'caixin-progress-1d' });
        expect(await f.ledger.recordEvidence(CLAIM, again)).toEqual({ kind: 'duplicate' });

        // And a third story derives from all three.
        const outcome = await f.ledger.recordEvidence(CLAIM, evidence('progress', 'nikkei', 1));
        expect(outcome).toMatchObject({ kind: 'recorded', status: 'advancing', tally: { progress: 3 } });
        await second.recordEvidence(CLAIM, evidence('setback', 'scmp', 1));
        expect((await f.ledger.getEvidence(CLAIM.id)).map((e) => e.source).sort()).toEqual([
          'caixin',
          'nikkei',
          'reuters',
          'scmp',
        ]);
      } finally {
        other.disconnect();
      }
    });
  });

  describe('when two instances on two connections interleave writes', () => {
    it('writes seqs 1..n without gaps and ends as a derivation from all the evidence', async () => {
      const other = await connectRedis('worker', testRedisUrl());
      try {
        const ledgers = [f.ledger, createLedger({ redis: other, keys: f.keys, clock: f.clock })];
        const items = stories(120).map((e) => ({
          ...e,
          published: new Date(NOW.getTime() - 1).toISOString(),
        }));
        // Alternating one by one, then in bursts of three at once per instance.
        for (const [i, item] of items.slice(0, 40).entries())
          await ledgers[i % 2]?.recordEvidence(CLAIM, item);
        for (let i = 40; i < items.length; i += 6) {
          await Promise.all(
            items.slice(i, i + 6).map((item, j) => ledgers[j % 2]?.recordEvidence(CLAIM, item)),
          );
        }

        const history = await f.ledger.getHistory(CLAIM.id);
        const state = await f.ledger.getState(CLAIM.id);
        expect(history.map((c) => c.seq)).toEqual(history.map((_, i) => i + 1));
        expect(state.seq).toBe(history.length);
        const once = deriveStatus({ evidence: items, now: NOW, settings: SETTINGS, current: state.status });
        expect(state.status).toBe(once.status);
        expect(state.tally).toEqual(once.tally);
        expect(await f.ledger.getEvidence(CLAIM.id)).toHaveLength(items.length);
      } finally {
        other.disconnect();
      }
    });
  });

  describe('when the caller changes a record after recording it', () => {
    it('derives from what was stored, not from the changed object', async () => {
      const first = evidence('progress', 'reuters', 2);
      await f.ledger.recordEvidence(CLAIM, first);
      first.direction = 'setback';
      first.source = 'caixin';

      const outcome = await f.ledger.recordEvidence(CLAIM, evidence('progress', 'caixin', 1));

      expect(outcome).toMatchObject({ kind: 'recorded', status: 'advancing', tally: { progress: 2 } });
    });

    it('getEvidence hands out copies: changing them changes no later derivation', async () => {
      await f.ledger.recordEvidence(CLAIM, evidence('progress', 'reuters', 2));
      const [listed] = await f.ledger.getEvidence(CLAIM.id);
      if (!listed) throw new Error('no evidence listed');
      listed.direction = 'setback';
      listed.terms.push('changed');

      const outcome = await f.ledger.recordEvidence(CLAIM, evidence('progress', 'caixin', 1));

      expect(outcome).toMatchObject({ kind: 'recorded', status: 'advancing', tally: { progress: 2 } });
      expect((await f.ledger.getEvidence(CLAIM.id)).flatMap((e) => e.terms)).not.toContain('changed');
    });
  });
});

describe('createEvidenceCache', () => {
  const state = (version: number) => ({ ...emptyState('c'), version, updatedAt: `t${version}` });

  it('keeps at most its capacity of claims, least recently used evicted first', () => {
    const cache = createEvidenceCache(2);
    cache.fill('a', state(1), []);
    cache.fill('b', state(1), []);
    cache.lookup('a', state(1));
    cache.fill('c', state(1), []);

    expect(cache.size).toBe(2);
    expect(cache.has('a')).toBe(true);
    expect(cache.has('b')).toBe(false);
  });

  it('answers only for the cached version and updatedAt, and freezes its records', () => {
    const cache = createEvidenceCache(4);
    const entry = cache.fill('c', state(3), [evidence('progress', 'reuters', 1)]);

    expect(cache.lookup('c', state(4))).toBeUndefined();
    expect(cache.lookup('c', { ...state(3), updatedAt: 'other' })).toBeUndefined();
    expect(cache.lookup('c', state(3))).toBe(entry);
    const record = [...(entry?.records.values() ?? [])][0];
    expect(Object.isFrozen(record)).toBe(true);
    expect(Object.isFrozen(record?.terms)).toBe(true);
  });

  it('caches nothing with capacity 0', () => {
    const cache = createEvidenceCache(0);
    expect(cache.fill('c', state(1), [])).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
