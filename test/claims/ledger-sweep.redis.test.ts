import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/claims/evidence-time.js';
import { evidence } from './evidence-factory.js';
import { CLAIM, type LedgerFixture, ledgerFixture } from './ledger-support.js';

let f: LedgerFixture;

beforeEach(async () => {
  f = await ledgerFixture('ledger-sweep');
});

afterEach(async () => {
  await f.cleanup();
});

describe('ledger.sweep', () => {
  describe('when the clock moves past stale_after_days with no new evidence', () => {
    it('makes the claim quiet with one sweep change', async () => {
      await f.ledger.recordEvidence(CLAIM, evidence('progress', 'reuters', 1));
      f.clock.advance(21 * DAY_MS);
      const at = f.clock.now().toISOString();

      const outcome = await f.ledger.sweep(CLAIM);

      expect(outcome).toMatchObject({ status: 'quiet', trimmed: 0, wrote: true });
      expect(outcome.change).toEqual({
        claim: 'rare-earths',
        seq: 1,
        from: 'open',
        to: 'quiet',
        at,
        trigger: 'sweep',
        // 22 days old: past stale_after_days (21), still inside window_days (30), but alone it cannot lean.
        tally: { progress: 1, setback: 0, sources: 1 },
        evidence: ['rare-earths:reuters-progress-1d'],
        note: 'No evidence in the last 21 days; the latest is from 2025-06-30.',
      });
      expect(await f.ledger.getHistory(CLAIM.id)).toEqual([outcome.change]);
    });

    it('writes nothing on a second sweep', async () => {
      await f.ledger.recordEvidence(CLAIM, evidence('progress', 'reuters', 1));
      f.clock.advance(21 * DAY_MS);
      await f.ledger.sweep(CLAIM);
      const before = await f.dump();
      f.clock.advance(DAY_MS);

      const outcome = await f.ledger.sweep(CLAIM);

      expect(outcome).toMatchObject({ status: 'quiet', change: undefined, trimmed: 0, wrote: false });
      expect(await f.dump()).toEqual(before);
    });
  });

  describe('when an advancing claim falls silent', () => {
    it('stays advancing until stale_after_days, then turns quiet though its evidence is in the window', async () => {
      await f.ledger.recordEvidence(CLAIM, evidence('progress', 'reuters', 1));
      await f.ledger.recordEvidence(CLAIM, evidence('progress', 'caixin', 1));

      f.clock.advance(20 * DAY_MS);
      expect(await f.ledger.sweep(CLAIM)).toMatchObject({ status: 'advancing', change: undefined });

      f.clock.advance(5 * DAY_MS);
      const outcome = await f.ledger.sweep(CLAIM);
      expect(outcome.change).toMatchObject({ seq: 2, from: 'advancing', to: 'quiet', trigger: 'sweep' });
      // The tally still shows the in-window balance the quiet claim has no fresh news for.
      expect((await f.ledger.getState(CLAIM.id)).tally).toEqual({
        progress: 2,
        setback: 0,
        sources: 2,
        window_days: 30,
      });
    });
  });

  describe('when a claim has no evidence at all', () => {
    it('writes nothing and leaves no key behind', async () => {
      expect(await f.ledger.sweep(CLAIM)).toMatchObject({ status: 'open', wrote: false, trimmed: 0 });
      expect(await f.dump()).toEqual({});
    });
  });
});

describe('ledger.sweep trimming', () => {
  describe('when evidence lies past the retention horizon (3 × 30 days)', () => {
    it('removes old progress and neutral records, keeps resolution evidence, and keeps the status', async () => {
      const old = [
        evidence('progress', 'scmp', 200),
        evidence('neutral', 'xinhua', 150),
        evidence('confirms', 'globaltimes', 300),
      ];
      for (const item of old) await f.ledger.recordEvidence(CLAIM, item);
      await f.ledger.recordEvidence(CLAIM, evidence('progress', 'reuters', 2));
      await f.ledger.recordEvidence(CLAIM, evidence('progress', 'caixin', 1));
      const before = await f.ledger.getState(CLAIM.id);
      expect(before.status).toBe('advancing');

      const outcome = await f.ledger.sweep(CLAIM);

      expect(outcome).toMatchObject({ status: 'advancing', change: undefined, trimmed: 2, wrote: true });
      expect((await f.ledger.getEvidence(CLAIM.id)).map((e) => e.id)).toEqual([
        'rare-earths:caixin-progress-1d',
        'rare-earths:reuters-progress-2d',
        'rare-earths:globaltimes-confirms-300d',
      ]);
      const after = await f.ledger.getState(CLAIM.id);
      expect(after).toMatchObject({ status: 'advancing', seq: before.seq, tally: before.tally });
      expect(after.version).toBe(before.version + 1);
    });

    it('keeps the newest record even when it is past the horizon, so the claim stays quiet', async () => {
      for (const age of [100, 120, 200])
        await f.ledger.recordEvidence(CLAIM, evidence('setback', 'nikkei', age));

      const first = await f.ledger.sweep(CLAIM);
      const second = await f.ledger.sweep(CLAIM);

      // Evidence that old makes the claim quiet as it is recorded; the sweep only forgets.
      expect(first).toMatchObject({ status: 'quiet', change: undefined, trimmed: 2, wrote: true });
      expect(second).toMatchObject({ status: 'quiet', trimmed: 0, wrote: false });
      expect((await f.ledger.getEvidence(CLAIM.id)).map((e) => e.id)).toEqual([
        'rare-earths:nikkei-setback-100d',
      ]);
    });
  });
});
