/**
 * The one place for queue names, job names, payload types and deterministic job ids.
 *
 * Deterministic ids are how the pipeline stays exactly-once across replicas and restarts: BullMQ ignores an
 * `add` whose id it still holds. Custom job ids may not contain ':' (BullMQ uses it as its key separator),
 * and an id only deduplicates while the job is kept, which is why retention (queues.ts) outlives a slot.
 */
import { createHash } from 'node:crypto';
import type { AlertEvent } from '../alerts/types.js';
import type { EvidenceRecord } from '../claims/index.js';

export const QUEUE_NAMES = {
  poll: 'poll',
  derive: 'derive-status',
  sweep: 'sweep',
  alerts: 'alerts',
  /**
   * The queue release 0.1.0 recorded evidence through, one job per (claim, story). Nothing is added to it
   * any more; a daemon drains what an upgrade left there (jobs/record-evidence.ts).
   */
  legacyEvidence: 'evidence',
} as const;

export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

export const JOB_NAMES = {
  pollFeed: 'poll-feed',
  recordEvidence: 'record-evidence',
  deriveStatus: 'derive-status',
  sweep: 'sweep',
  deliverAlert: 'deliver-alert',
} as const;

export interface PollFeedData {
  feedId: string;
  /** The schedule slot (ms since epoch) this poll is for; manual polls use the time they were asked for. */
  slot: number;
  /** Why the poll was enqueued: logged, and `manual` skips back-off. */
  reason: 'schedule' | 'catch-up' | 'manual';
}

export interface RecordEvidenceData {
  claimId: string;
  evidence: EvidenceRecord;
}

export interface DeriveStatusData {
  claimId: string;
  /** The instant to derive as of (ms since epoch): the end of the settle window (runtime/settle.ts). */
  at: number;
}

export interface SweepData {
  slot: number;
}

export interface DeliverAlertData {
  webhookId: string;
  /** Built once at enqueue time and sent unchanged on every attempt (same webhook-id, same body). */
  event: AlertEvent;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

export const jobIds = {
  poll: (data: PollFeedData) =>
    `poll-${data.feedId}-${data.reason === 'manual' ? 'manual-' : ''}${data.slot}`,
  /** One job per (claim, story): the same story seen in two feeds records once. */
  evidence: (claimId: string, storyKey: string) => `evidence-${claimId}-${digest(storyKey)}`,
  /** One derivation per (claim, settle window): every poll of the window names the same job. */
  derive: (data: DeriveStatusData) => `derive-${data.claimId}-${data.at}`,
  sweep: (slot: number) => `sweep-${slot}`,
  /** One delivery per (webhook, event): a change re-dispatched after a crash is not sent twice. */
  alert: (webhookId: string, eventId: string) => `alert-${webhookId}-${digest(eventId)}`,
};
