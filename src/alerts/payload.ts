/**
 * Builds alert events from what the ledger and the feed health record hold, and the standard body that
 * goes on the wire. Pure: no clock (times come from the records or the caller), no I/O.
 *
 * Event ids are the `webhook-id` header and what receivers dedupe on, so each is a function of the thing
 * that happened, never of when or how often it is built:
 *   - claim.status_changed  `<claim>:<seq>` (the change id; DESIGN.md)
 *   - claim.evidence_added  `<claim>:evidence:<16 hex of sha256(storyKey)>` (one per (claim, story))
 *   - feed.failing          `feed:<feed>:failing:<ms of lastSuccessAt, 0 if never>`: lastSuccessAt does not
 *                           move while a feed fails, so one failing episode has one id
 *   - feed.recovered        `feed:<feed>:recovered:<ms of lastSuccessAt>`: the success that ended it
 *   - ping                  `ping:<webhook>:<ms of now>`
 * Object keys are written in the DESIGN.md order: receivers and the golden files read the body as text.
 */
import { createHash } from 'node:crypto';
import { type ChangeRecord, changeId, type EvidenceRecord } from '../claims/index.js';
import type { ClaimConfig } from '../config/claims-schema.js';
import type {
  AlertEvent,
  ClaimRef,
  EvidenceAddedData,
  EvidenceRef,
  FeedHealthData,
  PingData,
  StatusChangedData,
} from './types.js';

export type ClaimInput = Pick<ClaimConfig, 'id' | 'title' | 'question'>;

/** The feed fields an event names; a ResolvedFeed fits. */
export interface FeedInput {
  id: string;
  source: string;
  url: string;
}

/** The health fields an event reads; the feed health record (src/feeds/state/health.ts) fits. */
export interface FeedHealthInput {
  consecutiveFailures: number;
  lastError?: { code: string; message: string } | undefined;
  lastErrorAt?: string | undefined;
  lastSuccessAt?: string | undefined;
  lastPollAt?: string | undefined;
}

const EPOCH = new Date(0).toISOString();

function claimRef(claim: ClaimInput): ClaimRef {
  return { id: claim.id, title: claim.title, question: claim.question };
}

export function evidenceRef(record: EvidenceRecord): EvidenceRef {
  return {
    id: record.id,
    title: record.title,
    link: record.link ?? null,
    source: record.source,
    published: record.published ?? null,
    direction: record.direction,
    terms: [...record.terms],
  };
}

/**
 * @param evidence - records to cite; the body lists those named in `change.evidence`, in that order
 *   (newest first), and skips ids with no record (trimmed since).
 */
export function statusChangedEvent(
  claim: ClaimInput,
  change: ChangeRecord,
  evidence: readonly EvidenceRecord[],
  windowDays: number,
): AlertEvent<StatusChangedData> {
  const byId = new Map(evidence.map((record) => [record.id, record]));
  const cited = change.evidence.flatMap((id) => {
    const record = byId.get(id);
    return record ? [evidenceRef(record)] : [];
  });
  const id = changeId(change.claim, change.seq);
  return {
    id,
    type: 'claim.status_changed',
    timestamp: change.at,
    data: {
      claim: claimRef(claim),
      change: {
        id,
        seq: change.seq,
        from: change.from,
        to: change.to,
        at: change.at,
        trigger: change.trigger,
        note: change.note,
        ...(change.dismissed === undefined ? {} : { dismissed: change.dismissed }),
      },
      tally: {
        progress: change.tally.progress,
        setback: change.tally.setback,
        sources: change.tally.sources,
        window_days: windowDays,
      },
      evidence: cited,
    },
  };
}

export function evidenceAddedEvent(
  claim: ClaimInput,
  evidence: EvidenceRecord,
): AlertEvent<EvidenceAddedData> {
  const story = createHash('sha256').update(evidence.storyKey).digest('hex').slice(0, 16);
  return {
    id: `${claim.id}:evidence:${story}`,
    type: 'claim.evidence_added',
    timestamp: evidence.firstSeenAt,
    data: { claim: claimRef(claim), evidence: evidenceRef(evidence) },
  };
}

/** The feed URL without credentials or query: a query can carry an API key, and receivers may be chat. */
function publicUrl(raw: string): string {
  if (!URL.canParse(raw)) return '';
  const url = new URL(raw);
  return `${url.origin}${url.pathname}`;
}

function feedData(feed: FeedInput, health: FeedHealthInput): FeedHealthData {
  return {
    feed: { id: feed.id, source: feed.source, url: publicUrl(feed.url) },
    consecutiveFailures: health.consecutiveFailures,
    lastError: health.lastError ? { code: health.lastError.code, message: health.lastError.message } : null,
    lastSuccessAt: health.lastSuccessAt ?? null,
  };
}

function msOf(iso: string | undefined): number {
  const ms = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isNaN(ms) ? 0 : ms;
}

/** Call when consecutiveFailures reaches `failing_after`; the id stays the same until the feed recovers. */
export function feedFailingEvent(feed: FeedInput, health: FeedHealthInput): AlertEvent<FeedHealthData> {
  return {
    id: `feed:${feed.id}:failing:${msOf(health.lastSuccessAt)}`,
    type: 'feed.failing',
    timestamp: health.lastErrorAt ?? health.lastPollAt ?? EPOCH,
    data: feedData(feed, health),
  };
}

/** Call with the record after the success that ended a failing episode; lastError still shows the cause. */
export function feedRecoveredEvent(feed: FeedInput, health: FeedHealthInput): AlertEvent<FeedHealthData> {
  return {
    id: `feed:${feed.id}:recovered:${msOf(health.lastSuccessAt)}`,
    type: 'feed.recovered',
    timestamp: health.lastSuccessAt ?? health.lastPollAt ?? EPOCH,
    data: feedData(feed, health),
  };
}

export function pingEvent(webhookId: string, now: Date): AlertEvent<PingData> {
  return {
    id: `ping:${webhookId}:${now.getTime()}`,
    type: 'ping',
    timestamp: now.toISOString(),
    data: { webhook: webhookId, message: 'policy-watch test delivery; no action needed' },
  };
}

/** The Standard Webhooks body (DESIGN.md): exactly `type`, `timestamp`, `data`, in that order. */
export function standardBody(event: AlertEvent): string {
  return JSON.stringify({ type: event.type, timestamp: event.timestamp, data: event.data });
}
