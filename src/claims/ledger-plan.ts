/**
 * What each ledger write would commit, decided from one snapshot and one instant. Pure: ledger.ts reads the
 * snapshot, asks here, and hands the plan to the compare-and-set script; when another writer got in first
 * it reads again and asks again, so a plan is never applied to a state it was not made from.
 *
 * - derive: re-derive from the claim's whole evidence as of one instant (a settle window's end, trigger
 *   `evidence`; a sweep's slot, trigger `sweep`, which also trims past the retention horizon). Evidence
 *   itself is recorded by the poll's own script (ledger-record-script.ts), never here.
 * - resolve: an operator sets a status with a note; the same status is `unchanged` and commits nothing.
 * - dismiss: an operator marks one piece of evidence as wrongly matched; it stops counting and the claim is
 *   derived again at once, as of now. A change (trigger `operator`, the operator's note, the dismissed id)
 *   only when the status moves; otherwise the dismissal, tally and reason are written alone.
 * A change record is appended exactly when the status moves, with seq = the state's seq + 1.
 */
import { buildChange } from './change.js';
import { deriveStatus } from './derive-status.js';
import { EVIDENCE_REF, evidenceRef } from './evidence-ref.js';
import { type StateWrite, sameDerivation } from './ledger-codec.js';
import type { ClaimSettingsWithId, LedgerSnapshot, SweepTrigger } from './ledger-types.js';
import { evidenceForDerivation } from './reopen.js';
import { trimmable } from './trim.js';
import {
  type ChangeRecord,
  type ChangeTrigger,
  type ClaimStatus,
  type Derivation,
  type Dismissal,
  TERMINAL_STATUSES,
} from './types.js';

export interface CommitPlan {
  /** The evidence an operator dismisses in this commit (dismiss only). */
  dismiss?: { storyKey: string; dismissal: Dismissal };
  /** Story keys to remove (sweep only). */
  trim: string[];
  /** The alias key of each trimmed story, in `trim`'s order ('' for none). */
  trimAliases?: string[];
  change?: ChangeRecord;
  state: StateWrite;
}

function derive(claim: ClaimSettingsWithId, snapshot: LedgerSnapshot, now: Date) {
  return deriveStatus({
    evidence: evidenceForDerivation(snapshot.evidence, snapshot.state.reopenedAt),
    now,
    settings: claim,
    current: snapshot.state.status,
  });
}

/** What an operator's derivation (a dismissal) records on its change instead of the derivation's own. */
interface OperatorMark {
  note: string;
  dismissed: string;
}

/** The commit for a derivation: a change record only when the status moves. */
function derivedPlan(
  claim: ClaimSettingsWithId,
  { state }: LedgerSnapshot,
  derivation: Derivation,
  trigger: ChangeTrigger,
  now: Date,
  operator?: OperatorMark,
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
        note: operator?.note ?? derivation.reason,
        ...(operator ? { dismissed: operator.dismissed } : {}),
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

export interface DerivePlan {
  /** Undefined when there is nothing to write. */
  plan?: CommitPlan;
  /** Undefined when the derivation is stale: a derivation as late or later was already committed. */
  derivation?: Derivation;
}

export interface DeriveOptions {
  trigger: SweepTrigger;
  /** Remove evidence past the retention horizon (trim.ts): the sweep does. */
  trim: boolean;
  /**
   * Record `now` as derivedThrough even when the status, tally and reason stay: a settle window's
   * derivation does, so the poll that comes after it knows the window is closed (ledger.ts).
   */
  mark: boolean;
}

/**
 * A derivation as of `now`: a settle window's end (derive-status job) or a sweep's slot. Stale when a
 * derivation for a later instant is already committed, so a window's job overtaken by a later one writes
 * nothing and cannot move the history back in time. The same instant again (a re-run job) derives again:
 * from the same evidence it finds nothing to write, and evidence committed late in its window counts.
 */
export function planDerive(
  claim: ClaimSettingsWithId,
  snapshot: LedgerSnapshot,
  now: Date,
  options: DeriveOptions,
): DerivePlan {
  const through = snapshot.state.derivedThrough;
  if (through !== null && Date.parse(through) > now.getTime()) return {};
  const derivation = derive(claim, snapshot, now);
  const trim = options.trim ? trimmable(snapshot.evidence, now, claim) : [];
  // A claim never written stays unwritten; otherwise a fresh tally or reason is worth one write.
  const idle =
    derivation.status === snapshot.state.status &&
    trim.length === 0 &&
    (snapshot.state.version === 0 || sameDerivation(snapshot.state, derivation.tally, derivation.reason));
  const marked = !options.mark || snapshot.state.version === 0 || through === now.toISOString();
  if (idle && marked) return { derivation };
  const plan = derivedPlan(claim, snapshot, derivation, options.trigger, now);
  plan.state.derivedThrough = now.toISOString();
  const aliasOf = new Map(snapshot.evidence.map((e) => [e.storyKey, e.aliasKey ?? '']));
  const trimAliases = trim.map((key) => aliasOf.get(key) ?? '');
  return { plan: { ...plan, trim, trimAliases }, derivation };
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

export type DismissPlan =
  | { kind: 'unknown' }
  | { kind: 'unchanged'; dismissed: Dismissal }
  | { kind: 'commit'; plan: CommitPlan; derivation: Derivation };

/**
 * Where a dismissal re-derives from. Derivation keeps the current status when nothing qualifies (rule 4),
 * so deriving from the current status would leave in place a move the dismissed item made; instead the
 * claim is derived from the status it had before the first change that item decided — unless an operator
 * changed the claim since, whose judgement stands.
 */
function dismissalBaseline(
  history: readonly ChangeRecord[],
  evidenceId: string,
  current: ClaimStatus,
): ClaimStatus {
  const first = history.findIndex(
    (change) => change.trigger !== 'operator' && change.evidence.includes(evidenceId),
  );
  if (first === -1) return current;
  const operatorSince = history.slice(first + 1).some((change) => change.trigger === 'operator');
  return operatorSince ? current : (history[first] as ChangeRecord).from;
}

/** `evidenceId` is an evidence id, or its ref (evidence-ref.ts). */
export function planDismiss(
  claim: ClaimSettingsWithId,
  snapshot: LedgerSnapshot,
  history: readonly ChangeRecord[],
  evidenceId: string,
  dismissal: Dismissal,
  now: Date,
): DismissPlan {
  const byRef = EVIDENCE_REF.test(evidenceId)
    ? snapshot.evidence.filter((e) => evidenceRef(e.id) === evidenceId)
    : [];
  const target =
    snapshot.evidence.find((e) => e.id === evidenceId) ?? (byRef.length === 1 ? byRef[0] : undefined);
  if (!target) return { kind: 'unknown' };
  if (target.dismissed) return { kind: 'unchanged', dismissed: target.dismissed };
  const { state } = snapshot;
  const evidence = snapshot.evidence.map((e) => (e === target ? { ...e, dismissed: dismissal } : e));
  const baseline = dismissalBaseline(history, target.id, state.status);
  const derivation = derive(claim, { state: { ...state, status: baseline }, evidence }, now);
  const operator = { note: dismissal.note, dismissed: target.id };
  const { change, state: write } = derivedPlan(claim, snapshot, derivation, 'operator', now, operator);
  const dismiss = { storyKey: target.storyKey, dismissal };
  return { kind: 'commit', plan: { trim: [], change, state: write, dismiss }, derivation };
}
