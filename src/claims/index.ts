/**
 * The claims module's public face: status derivation, change records and the per-claim ledger in Redis.
 * Other modules import from here, never from the files behind it.
 */
export { buildChange, type ChangeInput, changeId } from './change.js';
export { deriveStatus, MAX_DECIDING_EVIDENCE } from './derive-status.js';
export { evidenceRef } from './evidence-ref.js';
export { CLOCK_SKEW_MS, DAY_MS, evidenceTime } from './evidence-time.js';
export { createLedger } from './ledger.js';
export type {
  ClaimSettingsWithId,
  ClaimState,
  DismissOutcome,
  Ledger,
  LedgerDeps,
  LedgerOptions,
  RecordOutcome,
  ResolveOutcome,
  SweepOutcome,
  SweepTrigger,
} from './ledger-types.js';
export { RETENTION_FACTOR, retentionDays } from './trim.js';
export {
  CHANGE_TRIGGERS,
  type ChangeRecord,
  type ChangeTrigger,
  CLAIM_STATUSES,
  type ClaimSettings,
  type ClaimStatus,
  type Derivation,
  type DeriveInput,
  type Dismissal,
  type EvidenceRecord,
  isClaimStatus,
  type Tally,
  TERMINAL_STATUSES,
} from './types.js';
