/**
 * What each ledger write would commit, decided from one snapshot and one instant. Pure: ledger.ts reads the
 * snapshot, asks here, and hands the plan to the compare-and-set script; when another writer got in first
 * it reads again and asks again, so a plan is never applied to a state it was not made from.
 *
 * - record: a duplicate story is reported, never rewritten; otherwise the evidence is added and the claim
 *   re-derived with it (trigger `evidence`).
 * - sweep: re-derive without new evidence (quiet, window expiry) and trim past the retention horizon; a
 *   sweep with nothing to change, trim or re-tally commits nothing.
 * - resolve: an operator sets a status with a note; the same status is `unchanged` and commits nothing.
 * A change record is appended exactly when the status moves, with seq = the state's seq + 1.
 */
import { buildChange } from './change.js';
import { deriveStatus } from './derive-status.js';
import { type StateWrite, sameDerivation } from './ledger-codec.js';
import type { ClaimSettingsWithId, LedgerSnapshot, SweepTrigger } from './ledger-types.js';
import { evidenceForDerivation } from './reopen.js';
import { trimmable } from './trim.js';
import {
  type ChangeRecord,
  type ChangeTrigger,
  type ClaimStatus,
  type Derivation,
  type EvidenceRecord,
  TERMINAL_STATUSES,
} from './types.js';

export interface CommitPlan {
  /** Evidence to add under its story key; the script reports a duplicate if the key appeared meanwhile. */
  add?: EvidenceRecord;
  /** Story keys to remove (sweep only). */
  trim: string[];
  change?: ChangeRecord;
  state: StateWrite;
}

function derive(claim: ClaimSettingsWithId, snapshot: LedgerSnapshot, now: Date, extra?: EvidenceRecord) {
  const all = extra ? [...snapshot.evidence, extra] : snapshot.evidence;
  return deriveStatus({
    evidence: evidenceForDerivation(all, snapshot.state.reopenedAt),
    now,
    settings: claim,
    current: snapshot.state.status,
  });
}

/** The commit for a derivation: a change record only when the status moves. */
function derivedPlan(
  claim: ClaimSettingsWithId,
  { state }: LedgerSnapshot,
  derivation: Derivation,
  trigger: ChangeTrigger,
  now: Date,
): CommitPlan {
  const at = now.toISOString();
  const moved = derivation.status !== state.status;
  const seq = moved ? state.seq + 1 : state.seq;
  const change = moved
    ? buildChange({
        claim: claim.id,
        seq,
        from: state.status,
        to: derivation.status,
        at,
        trigger,
        tally: derivation.tally,
        evidence: derivation.evidenceIds,
        note: derivation.reason,
      })
    : undefined;
  const write: StateWrite = {
    status: derivation.status,
    seq,
    updatedAt: at,
    tally: derivation.tally,
    reason: derivation.reason,
  };
  if (moved) write.lastChangeAt = at;
  return { trim: [], change, state: write };
}

export type RecordPlan = { kind: 'duplicate' } | { kind: 'commit'; plan: CommitPlan; derivation: Derivation };

export function planRecord(
  claim: ClaimSettingsWithId,
  snapshot: LedgerSnapshot,
  evidence: EvidenceRecord,
  now: Date,
): RecordPlan {
  if (snapshot.evidence.some((e) => e.storyKey === evidence.storyKey)) return { kind: 'duplicate' };
  const derivation = derive(claim, snapshot, now, evidence);
  const plan = derivedPlan(claim, snapshot, derivation, 'evidence', now);
  return { kind: 'commit', plan: { ...plan, add: evidence }, derivation };
}

export interface SweepPlan {
  /** Undefined when there is nothing to write. */
  plan?: CommitPlan;
  derivation: Derivation;
}

export function planSweep(
  claim: ClaimSettingsWithId,
  snapshot: LedgerSnapshot,
  trigger: SweepTrigger,
  now: Date,
): SweepPlan {
  const derivation = derive(claim, snapshot, now);
  const trim = trimmable(snapshot.evidence, now, claim);
  // A claim never written stays unwritten; otherwise a fresh tally or reason is worth one write.
  const idle =
    derivation.status === snapshot.state.status &&
    trim.length === 0 &&
    (snapshot.state.version === 0 || sameDerivation(snapshot.state, derivation.tally, derivation.reason));
  if (idle) return { derivation };
  return { plan: { ...derivedPlan(claim, snapshot, derivation, trigger, now), trim }, derivation };
}

export type ResolvePlan = { kind: 'unchanged'; status: ClaimStatus } | { kind: 'commit'; plan: CommitPlan };

export function planResolve(
  claim: ClaimSettingsWithId,
  snapshot: LedgerSnapshot,
  status: ClaimStatus,
  note: string,
  now: Date,
): ResolvePlan {
  const { state } = snapshot;
  if (status === state.status) return { kind: 'unchanged', status };
  const at = now.toISOString();
  const seq = state.seq + 1;
  // The tally shows what the evidence said when the operator decided; the operator, not evidence, decided.
  const { tally } = derive(claim, snapshot, now);
  const change = buildChange({
    claim: claim.id,
    seq,
    from: state.status,
    to: status,
    at,
    trigger: 'operator',
    tally,
    evidence: [],
    note,
  });
  const write: StateWrite = { status, seq, updatedAt: at, tally, reason: note, lastChangeAt: at };
  if (TERMINAL_STATUSES.includes(state.status) && !TERMINAL_STATUSES.includes(status)) write.reopenedAt = at;
  return { kind: 'commit', plan: { trim: [], change, state: write } };
}
