/**
 * A ledger on the real test Redis: its own key prefix, a ManualClock standing at the factory's NOW, and a
 * dump of everything stored under the prefix, for asserting that a write wrote nothing.
 */
import { createLedger } from '../../src/claims/ledger.js';
import type { ClaimSettingsWithId, Ledger, LedgerOptions } from '../../src/claims/ledger-types.js';
import { ManualClock } from '../../src/clock.js';
import { type TestRedis, testRedis } from '../support/redis.js';
import { NOW, SETTINGS } from './evidence-factory.js';

/** The claim the evidence factory writes for. */
export const CLAIM: ClaimSettingsWithId = { id: 'rare-earths', ...SETTINGS };

export interface LedgerFixture extends TestRedis {
  clock: ManualClock;
  ledger: Ledger;
  /** Every key under the prefix with its full contents. */
  dump(): Promise<Record<string, unknown>>;
}

export async function ledgerFixture(label = 'ledger', options?: LedgerOptions): Promise<LedgerFixture> {
  const t = await testRedis(label);
  const clock = new ManualClock(NOW);
  const ledger = createLedger({ redis: t.redis, keys: t.keys, clock }, options);
  const dump = async (): Promise<Record<string, unknown>> => {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await t.redis.scan(cursor, 'MATCH', t.keys.pattern, 'COUNT', 500);
      cursor = next;
      found.push(...batch);
    } while (cursor !== '0');
    found.sort();
    const out: Record<string, unknown> = {};
    for (const key of found) {
      const type = await t.redis.type(key);
      out[key] =
        type === 'hash'
          ? await t.redis.hgetall(key)
          : type === 'list'
            ? await t.redis.lrange(key, 0, -1)
            : `unexpected ${type}`;
    }
    return out;
  };
  return { ...t, clock, ledger, dump };
}
