/**
 * planDismiss, pure: where a dismissal re-derives from. Deriving from the current status would keep a lean
 * the dismissed item made (rule 4 keeps the current status when nothing qualifies), so it derives from the
 * status before the first change that item decided, unless an operator changed the claim since.
 */
import { describe, expect, it } from 'vitest';
import { buildChange } from '../../src/claims/change.js';
import { emptyState } from '../../src/claims/ledger-codec.js';
import { planDismiss } from '../../src/claims/ledger-plan.js';
import type { ChangeRecord, ClaimStatus } from '../../src/claims/types.js';
import { evidence, NOW, SETTINGS } from './evidence-factory.js';

const CLAIM = { id: 'rare-earths', ...SETTINGS };
const reuters = evidence('progress', 'reuters', 3);
const caixin = evidence('progress', 'caixin', 2);
const dismissal = { at: NOW.toISOString(), note: 'wrong country', by: 'cli:analyst@desk' };

const change = (
  seq: number,
  from: ClaimStatus,
  to: ClaimStatus,
  trigger: ChangeRecord['trigger'],
  ids: string[],
) =>
  buildChange({
    claim: CLAIM.id,
    seq,
    from,
    to,
    at: NOW.toISOString(),
    trigger,
    tally: { progress: 2, setback: 0, sources: 2 },
    evidence: ids,
  });

const snapshot = (status: ClaimStatus, seq: number) => ({
  state: { ...emptyState(CLAIM.id), status, seq, version: 3 },
  evidence: [reuters, caixin],
});

describe('planDismiss', () => {
  it('derives from before the change the item decided: advancing turns back to open', () => {
    const history = [change(1, 'open', 'advancing', 'evidence', [caixin.id, reuters.id])];
    const planned = planDismiss(CLAIM, snapshot('advancing', 1), history, caixin.id, dismissal, NOW);
    if (planned.kind !== 'commit') throw new Error(`expected a commit, got ${planned.kind}`);
    expect(planned.plan.change).toMatchObject({
      seq: 2,
      from: 'advancing',
      to: 'open',
      trigger: 'operator',
      note: 'wrong country',
      dismissed: caixin.id,
    });
    expect(planned.plan.dismiss).toEqual({ storyKey: caixin.storyKey, dismissal });
  });

  it('keeps an operator’s later judgement: it derives from the current status then', () => {
    const history = [
      change(1, 'open', 'advancing', 'evidence', [caixin.id, reuters.id]),
      change(2, 'advancing', 'stalled', 'operator', []),
    ];
    const planned = planDismiss(CLAIM, snapshot('stalled', 2), history, caixin.id, dismissal, NOW);
    if (planned.kind !== 'commit') throw new Error(`expected a commit, got ${planned.kind}`);
    expect(planned.plan.change).toBeUndefined();
    expect(planned.plan.state.status).toBe('stalled');
  });

  it('answers unchanged for an item already dismissed and unknown for one the claim does not hold', () => {
    const held = { ...snapshot('open', 0), evidence: [reuters, { ...caixin, dismissed: dismissal }] };
    expect(planDismiss(CLAIM, held, [], caixin.id, { ...dismissal, note: 'again' }, NOW)).toEqual({
      kind: 'unchanged',
      dismissed: dismissal,
    });
    expect(planDismiss(CLAIM, held, [], 'rare-earths:nope', dismissal, NOW)).toEqual({ kind: 'unknown' });
  });
});
