/**
 * What a backtest shows per claim: the timeline the draft would have drawn next to the recorded one, and
 * the items the draft gains (matched now, not recorded) and loses (recorded, no longer matched), over the
 * span the archive covers. Pure. Operator changes are never replayed, so a recorded history that has one
 * differs from any draft's from there on.
 */
import type { ChangeRecord, EvidenceRecord } from '../claims/index.js';
import { type ChangeView, changeView, type EvidenceView, evidenceView } from '../views/views.js';

export interface ClaimBacktest {
  claim: string;
  title: string;
  recorded: ChangeView[];
  draft: ChangeView[];
  /** The two timelines have the same changes (from, to, trigger, when) in the same order. */
  same: boolean;
  gains: EvidenceView[];
  loses: EvidenceView[];
}

export interface CompareInput {
  claim: { id: string; title: string };
  sinceMs: number;
  recordedHistory: readonly ChangeRecord[];
  draftHistory: readonly ChangeRecord[];
  recordedEvidence: readonly EvidenceRecord[];
  draftEvidence: readonly EvidenceRecord[];
}

const shape = (change: ChangeView) => `${change.from}>${change.to}@${change.at}/${change.trigger}`;

/** Evidence first seen inside the archive's span and still counting: what both sides can hold. */
function comparable(evidence: readonly EvidenceRecord[], sinceMs: number): Map<string, EvidenceRecord> {
  const kept = evidence.filter((e) => e.dismissed === undefined && Date.parse(e.firstSeenAt) >= sinceMs);
  return new Map(kept.map((e) => [e.id, e]));
}

export function compareClaim(input: CompareInput): ClaimBacktest {
  const recorded = input.recordedHistory
    .filter((change) => Date.parse(change.at) >= input.sinceMs)
    .map(changeView);
  const draft = input.draftHistory.map(changeView);
  const recordedIds = comparable(input.recordedEvidence, input.sinceMs);
  const draftIds = comparable(input.draftEvidence, input.sinceMs);
  return {
    claim: input.claim.id,
    title: input.claim.title,
    recorded,
    draft,
    same: recorded.map(shape).join('|') === draft.map(shape).join('|'),
    gains: [...draftIds.values()].filter((e) => !recordedIds.has(e.id)).map(evidenceView),
    loses: [...recordedIds.values()].filter((e) => !draftIds.has(e.id)).map(evidenceView),
  };
}
