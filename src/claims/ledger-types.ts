/**
 * What the per-claim ledger takes and gives (ledger.ts keeps it in Redis): its dependencies and options, the
 * stored state of one claim, and the outcome of each write. Types only.
 */

import type { Clock } from '../clock.js';
import type { RedisClient } from '../redis/client.js';
import type { KeyBuilder } from '../redis/keys.js';
import type { RecordResult } from './ledger-record-script.js';
import type {
  ChangeRecord,
  ChangeTrigger,
  ClaimSettings,
  ClaimStatus,
  Dismissal,
  EvidenceRecord,
  Tally,
} from './types.js';

/** The claim as the ledger needs it: its id and derivation settings (a `ClaimConfig` fits). */
export type ClaimSettingsWithId = ClaimSettings & { id: string };

export interface LedgerDeps {
  redis: RedisClient;
  keys: KeyBuilder;
  /** Every `at`, `updatedAt` and derivation `now` comes from here. */
  clock: Clock;
}

export interface LedgerOptions {
  /**
   * How many read-derive-commit rounds one write may lose to concurrent writers before it gives up.
   * @defaultValue 50
   */
  maxAttempts?: number;
  /**
   * How many claims' decoded evidence this instance caches between writes (ledger-cache.ts), least recently
   * written evicted first; 0 turns the cache off. An entry holds what Redis holds for that claim.
   * @defaultValue 1024
   */
  cacheClaims?: number;
}

/** A claim's state hash, decoded. A claim never written reads as `open`, seq 0, version 0, nulls elsewhere. */
export interface ClaimState {
  claim: string;
  status: ClaimStatus;
  /** Seq of the last change record; equals the history's length. */
  seq: number;
  /** Bumped by every commit; the compare-and-set token. */
  version: number;
  /** Last commit (ISO 8601), or null when never written. */
  updatedAt: string | null;
  /** `at` of the last change record, or null when there is none. */
  lastChangeAt: string | null;
  /** The tally of the last derivation, or null when never derived. */
  tally: Tally | null;
  /** Why the claim has its status: the last derivation's sentence or the operator's note. */
  reason: string | null;
  /**
   * When an operator last reopened a confirmed or refuted claim. Resolution evidence first seen up to then
   * no longer resolves the claim (reopen.ts), or the next derivation would undo the reopen at once.
   */
  reopenedAt: string | null;
  /**
   * The instant of the latest derivation (ISO 8601): a settle window's end or a sweep's slot. A derivation
   * for an earlier instant is stale (a window overtaken by a later one) and writes nothing.
   */
  derivedThrough: string | null;
}

/** A claim's state and all its evidence, read in one MULTI so the two agree with each other and `version`. */
export interface LedgerSnapshot {
  state: ClaimState;
  evidence: EvidenceRecord[];
}

export type RecordOutcome =
  | { kind: 'duplicate' }
  | { kind: 'recorded'; change?: ChangeRecord; status: ClaimStatus; tally: Tally };

export interface SweepOutcome {
  /** The change the sweep recorded, when the status moved. */
  change?: ChangeRecord;
  status: ClaimStatus;
  /** Null only when a stale sweep finds a claim never derived. */
  tally: Tally | null;
  /** Evidence records removed past the retention horizon (trim.ts). */
  trimmed: number;
  /** False when the sweep found nothing to do, or a later derivation was already committed. */
  wrote: boolean;
}

/** What one poll hands the ledger: all of its evidence, for any number of claims. */
export interface RecordPollInput {
  /** Names the poll (its job id); every run of the same poll passes the same key. '' for a one-off record. */
  pollKey: string;
  /** How long the poll's record of what it added lives; 0 keeps none (one-off records). */
  pollTtlSeconds: number;
  records: readonly EvidenceRecord[];
}

export type DeriveOutcome =
  /** A later derivation is already committed (an overtaken window): nothing written. */
  | { kind: 'stale'; status: ClaimStatus }
  | { kind: 'derived'; status: ClaimStatus; tally: Tally; change?: ChangeRecord | undefined };

export type ResolveOutcome =
  | { kind: 'resolved'; change: ChangeRecord; status: ClaimStatus }
  /** The claim already has the requested status: nothing is written, so re-running a resolve is harmless. */
  | { kind: 'unchanged'; status: ClaimStatus; message: string };

export type DismissOutcome =
  /** The claim holds no evidence with that id. */
  | { kind: 'unknown' }
  /** Dismissed before: nothing is written, so dismissing twice changes nothing. */
  | { kind: 'unchanged'; dismissed: Dismissal }
  | { kind: 'dismissed'; status: ClaimStatus; tally: Tally; change?: ChangeRecord | undefined };

/** Triggers a sweep may record; `operator` belongs to resolve. */
export type SweepTrigger = Exclude<ChangeTrigger, 'operator'>;

export interface Ledger {
  /** Records one poll's evidence (ledger-record-script.ts): one outcome per record, in order. Derives nothing. */
  recordPoll(input: RecordPollInput): Promise<RecordResult>;
  /** Derives the claim from its whole evidence as of `at` (a settle window's end), trigger `evidence`. */
  derive(claim: ClaimSettingsWithId, at: Date): Promise<DeriveOutcome>;
  /**
   * Records one piece of evidence and derives at once, on the ledger's clock: for tools and tests that
   * need a claim in a given state. The pipeline records per poll and derives per settle window instead.
   */
  recordEvidence(claim: ClaimSettingsWithId, evidence: EvidenceRecord): Promise<RecordOutcome>;
  /** Re-derives as of `at` (default: the clock) without new evidence, and trims past retention. */
  sweep(claim: ClaimSettingsWithId, trigger?: SweepTrigger, at?: Date): Promise<SweepOutcome>;
  resolve(claim: ClaimSettingsWithId, status: ClaimStatus, note: string): Promise<ResolveOutcome>;
  /**
   * An operator dismisses one piece of evidence as wrongly matched (ledger-plan.ts planDismiss): it stops
   * counting, the claim is derived again at once, and a status move is an operator change.
   */
  dismiss(claim: ClaimSettingsWithId, evidenceId: string, dismissal: Dismissal): Promise<DismissOutcome>;
  getState(claimId: string): Promise<ClaimState>;
  /** Change records, oldest first. */
  getHistory(claimId: string): Promise<ChangeRecord[]>;
  /** Evidence, newest first by evidence time (ties by id). */
  getEvidence(claimId: string): Promise<EvidenceRecord[]>;
  /** States in the order of `claimIds`, in one round trip. */
  listStates(claimIds: readonly string[]): Promise<ClaimState[]>;
}
