/**
 * The public JSON shapes of claims, change records, evidence and feed health: what `--json` prints one per
 * line and what the HTTP API returns (DESIGN.md: "the same shapes as the CLI's `--json`"). The CLI and
 * src/http both map through these functions, so the two can never drift apart.
 *
 * Pure: stored records in, plain objects out. Fields are picked one by one (never spread) so an internal
 * field added to a stored record does not leak into the contract, and absent values are null so every line
 * has the same keys.
 */
import type {
  ChangeRecord,
  ClaimState,
  ClaimStatus,
  Dismissal,
  EvidenceRecord,
  Tally,
} from '../claims/index.js';
import { evidenceRef } from '../claims/index.js';
import type { ResolvedFeed } from '../config/load.js';
import type { ErrorCode } from '../errors.js';
import type { FeedHealth, PollOutcomeKind } from '../feeds/state/index.js';
import type { Direction } from '../match/types.js';

export interface TallyView {
  progress: number;
  setback: number;
  sources: number;
}

/** DESIGN.md "A change record", exactly. */
export interface ChangeView {
  claim: string;
  seq: number;
  from: ClaimStatus;
  to: ClaimStatus;
  at: string;
  trigger: ChangeRecord['trigger'];
  tally: TallyView;
  evidence: string[];
  note: string | null;
  /** Only on an operator change made by dismissing evidence: that evidence's id. */
  dismissed?: string;
}

export interface ClaimView {
  id: string;
  title: string;
  status: ClaimStatus;
  seq: number;
  /** The last derivation's tally; null for a claim never derived. */
  tally: TallyView | null;
  lastChange: ChangeView | null;
  reason: string | null;
  updatedAt: string | null;
}

export interface EvidenceView {
  id: string;
  /** A short handle for the id (claims/evidence-ref.ts), which `dismiss` accepts too. */
  ref: string;
  claim: string;
  title: string;
  link: string | null;
  source: string;
  feedId: string;
  published: string | null;
  firstSeenAt: string;
  direction: Direction;
  /** What it weighs in a lean: its feed's weight (DESIGN.md rule 3). */
  weight: number;
  score: number;
  terms: string[];
  /** Who dismissed it as wrongly matched, when and why; null while it counts. */
  dismissed: Dismissal | null;
}

export interface FeedView {
  id: string;
  /** Origin and path only: a query string may carry an API token. */
  url: string;
  source: string;
  schedule: string;
  lastPollAt: string | null;
  lastSuccessAt: string | null;
  /** null for a feed never polled. */
  lastOutcome: PollOutcomeKind | null;
  consecutiveFailures: number;
  lastError: { code: ErrorCode; message: string } | null;
  /** null: polled when its schedule fires. */
  nextPollAt: string | null;
  itemsSeen: number | null;
}

export function tallyView(tally: Pick<Tally, 'progress' | 'setback' | 'sources'>): TallyView {
  return { progress: tally.progress, setback: tally.setback, sources: tally.sources };
}

export function changeView(change: ChangeRecord): ChangeView {
  return {
    claim: change.claim,
    seq: change.seq,
    from: change.from,
    to: change.to,
    at: change.at,
    trigger: change.trigger,
    tally: tallyView(change.tally),
    evidence: [...change.evidence],
    note: change.note ?? null,
    ...(change.dismissed === undefined ? {} : { dismissed: change.dismissed }),
  };
}

export function claimView(
  claim: { id: string; title: string },
  state: ClaimState,
  lastChange: ChangeRecord | undefined,
): ClaimView {
  return {
    id: claim.id,
    title: claim.title,
    status: state.status,
    seq: state.seq,
    tally: state.tally ? tallyView(state.tally) : null,
    lastChange: lastChange ? changeView(lastChange) : null,
    reason: state.reason,
    updatedAt: state.updatedAt,
  };
}

export function evidenceView(evidence: EvidenceRecord): EvidenceView {
  return {
    id: evidence.id,
    ref: evidenceRef(evidence.id),
    claim: evidence.claim,
    title: evidence.title,
    link: evidence.link ?? null,
    source: evidence.source,
    feedId: evidence.feedId,
    published: evidence.published ?? null,
    firstSeenAt: evidence.firstSeenAt,
    direction: evidence.direction,
    weight: evidence.weight,
    score: evidence.score,
    terms: [...evidence.terms],
    dismissed: evidence.dismissed ?? null,
  };
}

/** origin + path: drops the query and fragment (tokens) and any user:password@ (origin never has it). */
export function publicUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url.replace(/[?#].*$/s, '').replace(/\/\/[^/@]*@/, '//');
  }
}

export function feedView(feed: ResolvedFeed, health: FeedHealth): FeedView {
  return {
    id: feed.id,
    url: publicUrl(feed.url),
    source: feed.source,
    schedule: feed.schedule,
    lastPollAt: health.lastPollAt ?? null,
    lastSuccessAt: health.lastSuccessAt ?? null,
    lastOutcome: health.lastOutcome ?? null,
    consecutiveFailures: health.consecutiveFailures,
    lastError: health.lastError ? { code: health.lastError.code, message: health.lastError.message } : null,
    nextPollAt: health.nextPollAt ?? null,
    itemsSeen: health.itemsSeen ?? null,
  };
}
