/**
 * The vocabulary of claim status derivation (DESIGN.md "Claims and statuses"): the statuses, one piece of
 * evidence as the ledger stores it, the claim settings derivation reads, what a derivation returns and the
 * change record the history appends. Types and constant lists only; the rules live in derive-status.ts.
 */
import type { ClaimConfig } from '../config/claims-schema.js';
import type { Direction } from '../match/types.js';

/** Every status a claim can have, in the order DESIGN.md lists them. `open` is the initial one. */
export const CLAIM_STATUSES = [
  'open',
  'advancing',
  'stalled',
  'contested',
  'quiet',
  'confirmed',
  'refuted',
] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** Statuses only an operator leaves (DESIGN.md rule 1: "terminal until an operator reopens"). */
export const TERMINAL_STATUSES: readonly ClaimStatus[] = ['confirmed', 'refuted'];

export function isClaimStatus(value: string): value is ClaimStatus {
  return (CLAIM_STATUSES as readonly string[]).includes(value);
}

/** One item that speaks to one claim. The ledger keeps one per (claim, story). */
export interface EvidenceRecord {
  /** `${claim}:${storyKey}` as the ledger builds it; opaque here, used to name evidence and break ties. */
  id: string;
  claim: string;
  /** Story fingerprint: the same story syndicated in several feeds is one story. */
  storyKey: string;
  /**
   * The story's second identity: its normalized title with its source (`title:<source>|<fingerprint>`), so a
   * story whose link changes on every poll is still one story. Absent for items without a usable title.
   */
  aliasKey?: string | undefined;
  itemId: string;
  feedId: string;
  title: string;
  link?: string | undefined;
  /** The publisher (DESIGN.md "A source is the publisher"): the identity every distinct-source rule counts. */
  source: string;
  /**
   * The feed's weight: what a piece of evidence weighs in a lean.
   * @defaultValue 1 (applied from the feed config when the evidence is recorded)
   */
  weight: number;
  direction: Direction;
  /** Orders and explains matches; it never weighs evidence (DESIGN.md rule 2). */
  score: number;
  /** The configured terms that hit: the explanation shown everywhere. */
  terms: string[];
  /** The item's own published date (ISO 8601), when the feed gave one. */
  published?: string | undefined;
  /** When this worker first saw the story (ISO 8601); always present, written by the ledger. */
  firstSeenAt: string;
  /** Set when an operator dismissed it as wrongly matched: it no longer counts anywhere (reopen.ts). */
  dismissed?: Dismissal | undefined;
}

/** Who dismissed a piece of evidence, when and why (`policy-watch dismiss`). */
export interface Dismissal {
  /** ISO 8601. */
  at: string;
  note: string;
  /** The operator: `cli:<user>@<host>` or `http` (the token holder). */
  by: string;
}

/** The part of a claim's config that derivation reads; defaults come from the claims schema. */
export type ClaimSettings = Pick<ClaimConfig, 'window_days' | 'stale_after_days' | 'min_sources'>;

/** The in-window balance behind a status; the webhook body shows it as `tally`. */
export interface Tally {
  /** P: summed weight of in-window progress evidence, each source once with its largest weight. */
  progress: number;
  /** S: the same for setback evidence. */
  setback: number;
  /** Distinct sources among in-window progress and setback evidence (a source on both sides counts once). */
  sources: number;
  window_days: number;
}

export interface DeriveInput {
  /** All of the claim's evidence, any direction and any age, in any order. */
  evidence: readonly EvidenceRecord[];
  /** The derivation clock: a job passes its own; derivation never reads the system clock. */
  now: Date;
  settings: ClaimSettings;
  /** The claim's status before this derivation (`open` for a claim with no history). */
  current: ClaimStatus;
}

export interface Derivation {
  status: ClaimStatus;
  tally: Tally;
  /** The evidence that decided this status, newest first, at most MAX_DECIDING_EVIDENCE ids. */
  evidenceIds: string[];
  /** One human sentence saying why, for the history note, the log and the CLI. */
  reason: string;
}

export const CHANGE_TRIGGERS = ['evidence', 'sweep', 'operator'] as const;
export type ChangeTrigger = (typeof CHANGE_TRIGGERS)[number];

/** One entry of a claim's append-only history (DESIGN.md "A change record"), keyed by (claim, seq). */
export interface ChangeRecord {
  claim: string;
  seq: number;
  from: ClaimStatus;
  to: ClaimStatus;
  /** When the change was made (ISO 8601). */
  at: string;
  trigger: ChangeTrigger;
  tally: Pick<Tally, 'progress' | 'setback' | 'sources'>;
  /** Ids of the evidence that decided the change, newest first. */
  evidence: string[];
  note: string | null;
  /** An operator change caused by dismissing this evidence (its id). */
  dismissed?: string;
}
