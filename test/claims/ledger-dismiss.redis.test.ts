/**
 * ledger.dismiss on a real Redis: evidence an operator marks as wrongly matched stops counting, the claim
 * is derived again at once (from where the item moved it, so a lean it made is undone), and a status move
 * is an operator change naming the item. Dismissing twice writes nothing; a poll that brings the same
 * story again through a heavier feed does not undo it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evidenceRef } from '../../src/claims/index.js';
import { evidence } from './evidence-factory.js';
import { CLAIM, type LedgerFixture, ledgerFixture } from './ledger-support.js';

let f: LedgerFixture;

beforeEach(async () => {
  f = await ledgerFixture('ledger-dismiss');
});

afterEach(async () => {
  await f.cleanup();
});

const dismissal = (note: string) => ({ at: '2025-07-01T12:00:00.000Z', note, by: 'cli:analyst@desk' });

const reuters = evidence('progress', 'reuters', 3);
const caixin = evidence('progress', 'caixin', 2);

async function advancing(): Promise<void> {
  await f.ledger.recordEvidence(CLAIM, reuters);
  await f.ledger.recordEvidence(CLAIM, caixin);
  expect((await f.ledger.getState(CLAIM.id)).status).toBe('advancing');
}

describe('ledger.dismiss', () => {
  it('turns back the lean the dismissed item made, as an operator change naming it', async () => {
    await advancing();

    const outcome = await f.ledger.dismiss(CLAIM, caixin.id, dismissal('about Myanmar, not China'));

    expect(outcome).toMatchObject({ kind: 'dismissed', status: 'open' });
    const history = await f.ledger.getHistory(CLAIM.id);
    expect(history.map((change) => [change.seq, change.from, change.to, change.trigger])).toEqual([
      [1, 'open', 'advancing', 'evidence'],
      [2, 'advancing', 'open', 'operator'],
    ]);
    expect(history[1]).toMatchObject({ note: 'about Myanmar, not China', dismissed: caixin.id });
    expect((await f.ledger.getState(CLAIM.id)).tally).toMatchObject({ progress: 1, sources: 1 });
    const stored = await f.ledger.getEvidence(CLAIM.id);
    expect(stored.find((e) => e.id === caixin.id)?.dismissed).toEqual(dismissal('about Myanmar, not China'));
    expect(stored.find((e) => e.id === reuters.id)?.dismissed).toBeUndefined();
  });

  it('changes nothing the second time, and keeps the first note', async () => {
    await advancing();
    await f.ledger.dismiss(CLAIM, caixin.id, dismissal('first'));
    const versionAfterFirst = (await f.ledger.getState(CLAIM.id)).version;

    const again = await f.ledger.dismiss(CLAIM, caixin.id, dismissal('second'));

    expect(again).toEqual({ kind: 'unchanged', dismissed: dismissal('first') });
    expect(await f.ledger.getHistory(CLAIM.id)).toHaveLength(2);
    expect((await f.ledger.getState(CLAIM.id)).version).toBe(versionAfterFirst);
  });

  it('accepts the short ref the CLI shows, and answers unknown for an id the claim does not hold', async () => {
    await advancing();
    expect(await f.ledger.dismiss(CLAIM, 'rare-earths:no-such-story', dismissal('x'))).toEqual({
      kind: 'unknown',
    });
    const outcome = await f.ledger.dismiss(CLAIM, evidenceRef(reuters.id), dismissal('by ref'));
    expect(outcome).toMatchObject({ kind: 'dismissed', change: { dismissed: reuters.id } });
  });

  it('writes only the dismissal when the status does not move', async () => {
    await advancing();
    await f.ledger.recordEvidence(CLAIM, evidence('progress', 'nikkei', 1));

    const outcome = await f.ledger.dismiss(CLAIM, caixin.id, dismissal('duplicate wire copy'));

    expect(outcome).toMatchObject({ kind: 'dismissed', status: 'advancing', change: undefined });
    expect(await f.ledger.getHistory(CLAIM.id)).toHaveLength(1);
    expect((await f.ledger.getState(CLAIM.id)).tally).toMatchObject({ progress: 2, sources: 2 });
  });

  it('stays dismissed when a poll records the same story again from a heavier feed', async () => {
    await advancing();
    await f.ledger.dismiss(CLAIM, caixin.id, dismissal('wrong country'));

    await f.ledger.recordEvidence(CLAIM, { ...caixin, weight: 3, feedId: 'caixin-gov', source: 'Caixin' });

    const stored = (await f.ledger.getEvidence(CLAIM.id)).find((e) => e.id === caixin.id);
    expect(stored?.dismissed?.note).toBe('wrong country');
    expect((await f.ledger.getState(CLAIM.id)).status).toBe('open');
  });
});
