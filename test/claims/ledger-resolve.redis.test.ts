import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/claims/evidence-time.js';
import type { ClaimStatus } from '../../src/claims/types.js';
import { evidence, NOW } from './evidence-factory.js';
import { CLAIM, type LedgerFixture, ledgerFixture } from './ledger-support.js';

let f: LedgerFixture;

beforeEach(async () => {
  f = await ledgerFixture('ledger-resolve');
});

afterEach(async () => {
  await f.cleanup();
});

async function confirmByTwoOutlets(): Promise<void> {
  await f.ledger.recordEvidence(CLAIM, evidence('confirms', 'reuters', 3));
  await f.ledger.recordEvidence(CLAIM, evidence('confirms', 'caixin', 2));
  expect((await f.ledger.getState(CLAIM.id)).status).toBe('confirmed');
}

const NOTE = 'Customs data show the licences were withdrawn; the confirmations were premature.';

describe('ledger.resolve', () => {
  describe('when an operator sets a status on an untouched claim', () => {
    it('writes an operator change seq 1 with the note and no evidence', async () => {
      const outcome = await f.ledger.resolve(CLAIM, 'stalled', 'Talks postponed, per the ministry.');

      const change = {
        claim: 'rare-earths',
        seq: 1,
        from: 'open',
        to: 'stalled',
        at: NOW.toISOString(),
        trigger: 'operator',
        tally: { progress: 0, setback: 0, sources: 0 },
        evidence: [],
        note: 'Talks postponed, per the ministry.',
      };
      expect(outcome).toEqual({ kind: 'resolved', change, status: 'stalled' });
      expect(await f.ledger.getHistory(CLAIM.id)).toEqual([change]);
      expect(await f.ledger.getState(CLAIM.id)).toMatchObject({
        status: 'stalled',
        seq: 1,
        reason: 'Talks postponed, per the ministry.',
        lastChangeAt: NOW.toISOString(),
        reopenedAt: null,
      });
    });
  });

  describe('when an operator reopens a confirmed claim', () => {
    it('records the reopen after the evidence change', async () => {
      await confirmByTwoOutlets();
      f.clock.advance(DAY_MS);

      const outcome = await f.ledger.resolve(CLAIM, 'open', NOTE);

      expect(outcome).toMatchObject({ kind: 'resolved', status: 'open' });
      const history = await f.ledger.getHistory(CLAIM.id);
      expect(history.map((c) => [c.seq, c.from, c.to, c.trigger])).toEqual([
        [1, 'open', 'confirmed', 'evidence'],
        [2, 'confirmed', 'open', 'operator'],
      ]);
      expect(history[1]?.note).toBe(NOTE);
      expect((await f.ledger.getState(CLAIM.id)).reopenedAt).toBe(f.clock.now().toISOString());
    });

    it('is not undone by the confirmations the operator already judged', async () => {
      await confirmByTwoOutlets();
      f.clock.advance(DAY_MS);
      await f.ledger.resolve(CLAIM, 'open', NOTE);

      const swept = await f.ledger.sweep(CLAIM);
      const recorded = await f.ledger.recordEvidence(CLAIM, evidence('progress', 'nikkei', 0));

      expect(swept).toMatchObject({ status: 'open', change: undefined });
      expect(recorded).toMatchObject({ kind: 'recorded', status: 'open', change: undefined });
      expect(await f.ledger.getHistory(CLAIM.id)).toHaveLength(2);
    });

    it('confirms again on confirmations first seen after the reopen', async () => {
      await confirmByTwoOutlets();
      f.clock.advance(DAY_MS);
      await f.ledger.resolve(CLAIM, 'open', NOTE);
      f.clock.advance(DAY_MS);
      const seen = f.clock.now().toISOString();

      await f.ledger.recordEvidence(CLAIM, evidence('confirms', 'bloomberg', 0, { firstSeenAt: seen }));
      const outcome = await f.ledger.recordEvidence(
        CLAIM,
        evidence('confirms', 'nikkei', 0, { firstSeenAt: seen }),
      );

      expect(outcome).toMatchObject({
        status: 'confirmed',
        change: { seq: 3, from: 'open', to: 'confirmed' },
      });
      expect(outcome.kind === 'recorded' && outcome.change?.evidence).toEqual([
        'rare-earths:bloomberg-confirms-0d',
        'rare-earths:nikkei-confirms-0d',
      ]);
    });
  });

  describe('when the claim already has the requested status', () => {
    it('answers unchanged and writes nothing, so a repeated resolve is harmless', async () => {
      await f.ledger.resolve(CLAIM, 'stalled', 'Talks postponed.');
      const before = await f.dump();
      f.clock.advance(DAY_MS);

      const outcome = await f.ledger.resolve(CLAIM, 'stalled', 'Talks postponed.');

      expect(outcome).toEqual({
        kind: 'unchanged',
        status: 'stalled',
        message: 'claim rare-earths is already stalled',
      });
      expect(await f.dump()).toEqual(before);
    });
  });

  describe('when the request is malformed', () => {
    it.each<{ name: string; status: string; note: string; error: RegExp }>([
      { name: 'an empty note', status: 'open', note: '  ', error: /needs a note/ },
      { name: 'an unknown status', status: 'resolved', note: 'x', error: /"resolved" is not a claim status/ },
    ])('refuses $name and writes nothing', async ({ status, note, error }) => {
      await expect(f.ledger.resolve(CLAIM, status as ClaimStatus, note)).rejects.toThrow(error);
      expect(await f.dump()).toEqual({});
    });
  });
});
