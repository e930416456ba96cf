import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deriveStatus } from '../../src/claims/derive-status.js';
import { createLedger } from '../../src/claims/ledger.js';
import type { Ledger } from '../../src/claims/ledger-types.js';
import type { EvidenceRecord } from '../../src/claims/types.js';
import { ManualClock } from '../../src/clock.js';
import { connectRedis } from '../../src/redis/connection.js';
import type { KeyBuilder } from '../../src/redis/keys.js';
import { testRedisUrl } from '../support/redis.js';
import { evidence, NOW, SETTINGS } from './evidence-factory.js';
import { CLAIM, type LedgerFixture, ledgerFixture } from './ledger-support.js';

const WORKERS = 3;

/**
 * 40 stories: 10 outlets report progress three times each, 3 report setbacks twice, 4 neutral items. Taken
 * together they lean advancing (P 10 against S 3) whatever the current status, so any arrival order must
 * end there; on the way, the order decides which statuses the claim passes through.
 */
function stories(): EvidenceRecord[] {
  const out: EvidenceRecord[] = [];
  for (let s = 0; s < 10; s++) {
    for (let n = 0; n < 3; n++)
      out.push(evidence('progress', `outlet${s}`, (s * 3 + n) % 20, { story: `p${s}-${n}` }));
  }
  for (let s = 0; s < 3; s++) {
    for (let n = 0; n < 2; n++) out.push(evidence('setback', `rival${s}`, s + n, { story: `s${s}-${n}` }));
  }
  for (let n = 0; n < 4; n++) out.push(evidence('neutral', `wire${n}`, n * 5, { story: `n${n}` }));
  return out;
}

/** A seeded shuffle, so a failing order can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

let f: LedgerFixture;
let connections: Redis[] = [];

beforeEach(async () => {
  f = await ledgerFixture('ledger-race');
  connections = await Promise.all(
    Array.from({ length: WORKERS }, () => connectRedis('worker', testRedisUrl())),
  );
});

afterEach(async () => {
  for (const c of connections) c.disconnect();
  await f.cleanup();
});

/** One ledger per connection, as separate worker processes would have; all record at once. */
async function recordConcurrently(keys: KeyBuilder, items: readonly EvidenceRecord[]): Promise<Ledger> {
  const clock = new ManualClock(NOW);
  const ledgers = connections.map((redis) => createLedger({ redis, keys, clock }));
  await Promise.all(items.map((item, i) => ledgers[i % WORKERS]?.recordEvidence(CLAIM, item)));
  return ledgers[0] as Ledger;
}

describe('ledger under concurrent writers', () => {
  describe('when three workers record 40 stories of one claim at once', () => {
    it('writes seqs 1..n without gaps or duplicates, each change following the last', async () => {
      const ledger = await recordConcurrently(f.keys, stories());

      const history = await ledger.getHistory(CLAIM.id);
      const state = await ledger.getState(CLAIM.id);
      expect(history.length).toBeGreaterThan(0);
      expect(history.map((c) => c.seq)).toEqual(history.map((_, i) => i + 1));
      expect(history[0]?.from).toBe('open');
      history.slice(1).forEach((change, i) => {
        expect(change.from).toBe(history[i]?.to);
      });
      expect(state.seq).toBe(history.length);
      expect(history.at(-1)?.to).toBe(state.status);
      // No story was lost and none recorded twice.
      expect(await ledger.getEvidence(CLAIM.id)).toHaveLength(40);
    });

    it('ends in the state a derivation from all the evidence at once gives', async () => {
      const all = stories();
      const ledger = await recordConcurrently(f.keys, all);

      const once = deriveStatus({ evidence: all, now: NOW, settings: SETTINGS, current: 'open' });
      const state = await ledger.getState(CLAIM.id);
      expect(once.status).toBe('advancing');
      expect(state.status).toBe(once.status);
      expect(state.tally).toEqual(once.tally);
      expect(state.reason).toBe(once.reason);
    });
  });

  describe('when the same stories arrive in another order', () => {
    it('ends in the same status and tally', async () => {
      const first = await recordConcurrently(f.keys, stories());
      const other = await ledgerFixture('ledger-replay');
      try {
        const second = await recordConcurrently(other.keys, shuffled(stories(), 7).reverse());
        const [a, b] = await Promise.all([first.getState(CLAIM.id), second.getState(CLAIM.id)]);
        expect(b.status).toBe(a.status);
        expect(b.tally).toEqual(a.tally);
        expect(b.version).toBe(a.version);
      } finally {
        await other.cleanup();
      }
    });
  });
});
