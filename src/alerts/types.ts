/**
 * The alert contract (DESIGN.md "Feeds and webhooks"): the events policy-watch sends, the body receivers
 * get, and what one delivery attempt can come to. Types only; payload.ts builds bodies, sign.ts signs them,
 * deliver.ts POSTs them.
 */
import type { ChangeRecord, ClaimStatus } from '../claims/index.js';
import type { Direction } from '../match/types.js';

export const ALERT_EVENT_TYPES = [
  'claim.status_changed',
  'claim.evidence_added',
  'feed.failing',
  'feed.recovered',
] as const;
export type AlertEventType = (typeof ALERT_EVENT_TYPES)[number] | 'ping';

export interface ClaimRef {
  id: string;
  title: string;
  question: string;
}

export interface EvidenceRef {
  id: string;
  title: string;
  link: string | null;
  source: string;
  published: string | null;
  direction: Direction;
  terms: string[];
}

/** `data` of a claim.status_changed event, exactly the DESIGN.md shape. */
export interface StatusChangedData {
  claim: ClaimRef;
  change: {
    id: string;
    seq: number;
    from: ClaimStatus;
    to: ClaimStatus;
    at: string;
    trigger: ChangeRecord['trigger'];
    note: string | null;
    /** Only on an operator change made by dismissing evidence (`policy-watch dismiss`): its id. */
    dismissed?: string;
  };
  tally: { progress: number; setback: number; sources: number; window_days: number };
  evidence: EvidenceRef[];
}

export interface EvidenceAddedData {
  claim: ClaimRef;
  evidence: EvidenceRef;
}

export interface FeedHealthData {
  feed: { id: string; source: string; url: string };
  consecutiveFailures: number;
  lastError: { code: string; message: string } | null;
  lastSuccessAt: string | null;
}

export interface PingData {
  webhook: string;
  message: string;
}

/**
 * One event, as built once and sent unchanged on every attempt: `id` is the `webhook-id` header (for a
 * status change `<claim>:<seq>`), so receivers can drop duplicates.
 */
export interface AlertEvent<Data = StatusChangedData | EvidenceAddedData | FeedHealthData | PingData> {
  id: string;
  type: AlertEventType;
  /** When the event happened (ISO 8601); the body's `timestamp`. */
  timestamp: string;
  data: Data;
}

/** What one POST came to; deliver.ts classifies the response. */
export type DeliveryAttempt =
  | { outcome: 'delivered'; httpStatus: number; durationMs: number }
  | {
      outcome: 'retry';
      httpStatus?: number;
      durationMs: number;
      /** From Retry-After on 429/503, in ms. */
      retryAfterMs?: number;
      error: string;
    }
  | { outcome: 'dead'; httpStatus?: number; durationMs: number; error: string; bodyStart?: string };
