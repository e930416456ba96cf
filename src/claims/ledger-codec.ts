/**
 * How the ledger's Redis values read and write (the layout ledger.ts documents). Pure: hashes and strings
 * in, typed values out, and back. A stored value that does not decode is an error, never a silent default:
 * a corrupt state hash must not quietly turn a confirmed claim back into `open`.
 */
import type { ClaimState } from './ledger-types.js';
import {
  type ChangeRecord,
  type ClaimStatus,
  type Dismissal,
  type EvidenceRecord,
  isClaimStatus,
  type Tally,
} from './types.js';

export function emptyState(claim: string): ClaimState {
  return {
    claim,
    status: 'open',
    seq: 0,
    version: 0,
    updatedAt: null,
    lastChangeAt: null,
    tally: null,
    reason: null,
    reopenedAt: null,
    derivedThrough: null,
  };
}

function count(value: string | undefined, field: string, claim: string): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new Error(`claim ${claim}: stored ${field} "${value}" is corrupt`);
  return n;
}

/** The state hash (HGETALL; `{}` when the key does not exist) as a ClaimState. */
export function decodeState(claim: string, hash: Record<string, string>): ClaimState {
  const status = hash.status ?? 'open';
  if (!isClaimStatus(status)) throw new Error(`claim ${claim}: stored status "${status}" is not a status`);
  return {
    claim,
    status,
    seq: count(hash.seq, 'seq', claim),
    version: count(hash.version, 'version', claim),
    updatedAt: hash.updatedAt ?? null,
    lastChangeAt: hash.lastChangeAt ?? null,
    tally: hash.tally === undefined ? null : (JSON.parse(hash.tally) as Tally),
    reason: hash.reason ?? null,
    reopenedAt: hash.reopenedAt ?? null,
    derivedThrough: hash.derivedThrough ?? null,
  };
}

/** What a commit writes to the state hash besides `version`, which the script bumps itself. */
export interface StateWrite {
  status: ClaimStatus;
  seq: number;
  updatedAt: string;
  tally: Tally;
  reason: string;
  /** Only when this commit records a change. */
  lastChangeAt?: string;
  /** Only when this commit reopens a resolved claim. */
  reopenedAt?: string;
  /** Only when this commit is a derivation later than any before it. */
  derivedThrough?: string;
}

/** Field/value pairs for HSET, in a fixed order; absent optional fields keep their stored values. */
export function stateFields(write: StateWrite): string[] {
  const fields = [
    'status',
    write.status,
    'seq',
    String(write.seq),
    'updatedAt',
    write.updatedAt,
    'tally',
    JSON.stringify(write.tally),
    'reason',
    write.reason,
  ];
  if (write.lastChangeAt !== undefined) fields.push('lastChangeAt', write.lastChangeAt);
  if (write.reopenedAt !== undefined) fields.push('reopenedAt', write.reopenedAt);
  if (write.derivedThrough !== undefined) fields.push('derivedThrough', write.derivedThrough);
  return fields;
}

export function decodeEvidence(claim: string, storyKey: string, json: string): EvidenceRecord {
  const record = JSON.parse(json) as EvidenceRecord;
  if (record.storyKey !== storyKey || record.claim !== claim) {
    throw new Error(
      `claim ${claim}: evidence stored under "${storyKey}" names ${record.claim}/${record.storyKey}`,
    );
  }
  return record;
}

/**
 * The records with the operator's dismissals (the claim's dismissed hash: story key → Dismissal JSON)
 * set on them. Kept apart from the records so a poll that rewrites a record (a heavier feed's copy) never
 * undoes a dismissal.
 */
export function withDismissals(
  records: EvidenceRecord[],
  dismissed: Record<string, string>,
): EvidenceRecord[] {
  if (Object.keys(dismissed).length === 0) return records;
  return records.map((record) => {
    const json = dismissed[record.storyKey];
    return json === undefined ? record : { ...record, dismissed: JSON.parse(json) as Dismissal };
  });
}

export function decodeChange(json: string): ChangeRecord {
  return JSON.parse(json) as ChangeRecord;
}

/** Same tally and reason as stored: a sweep that would only rewrite them writes nothing. */
export function sameDerivation(state: ClaimState, tally: Tally, reason: string): boolean {
  return JSON.stringify(state.tally) === JSON.stringify(tally) && state.reason === reason;
}
