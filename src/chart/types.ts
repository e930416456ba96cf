/**
 * What the timeline chart draws from: a claim's change records and evidence in the shapes the CLI's `--json`
 * and the HTTP API give (views/views.ts fits them structurally), the claim's settings, and "now". Types
 * only; render.ts turns them into SVG.
 */
import type { ClaimStatus } from '../claims/index.js';
import type { Direction } from '../match/types.js';

/** One change record, as `history CLAIM --json` prints it (only the fields the chart reads). */
export interface ChartChange {
  seq: number;
  from: ClaimStatus;
  to: ClaimStatus;
  /** ISO 8601. */
  at: string;
  trigger: 'evidence' | 'sweep' | 'operator';
}

/** One piece of evidence, as `evidence CLAIM --json` prints it (only the fields the chart reads). */
export interface ChartEvidence {
  title: string;
  link: string | null;
  source: string;
  published: string | null;
  firstSeenAt: string;
  direction: Direction;
  /** What it weighs in a lean (its feed's weight); the mark's area grows with it. */
  weight: number;
}

export interface ChartClaim {
  id: string;
  title: string;
  /** The claim's status now: the last band's, unless no change was ever recorded. */
  status: ClaimStatus;
  window_days: number;
  stale_after_days: number;
  /** The day the claim was made (claims.yaml `origin.date`): the chart starts there at the latest. */
  since?: string | undefined;
}

export interface ChartInput {
  claim: ChartClaim;
  /** Oldest first, as the ledger keeps it. */
  history: readonly ChartChange[];
  /** Any order. */
  evidence: readonly ChartEvidence[];
  /** The right edge of the time axis. */
  now: Date;
  /**
   * Evidence older than this may have been trimmed by the sweep (claims/trim.ts): the stretch before it is
   * shaded and labelled so. Absent when the evidence given is complete.
   */
  keptSince?: Date | undefined;
}

export interface ChartOptions {
  /**
   * A document of its own (`policy-watch chart`, docs/): the XML namespace, a heading, and the stylesheet
   * and patterns inline. Otherwise the markup for a page that carries CHART_STYLE and CHART_DEFS once.
   * @defaultValue false
   */
  standalone?: boolean;
}
