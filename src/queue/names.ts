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

/**
 * The pipeline's queues, by their key in `Queues`, each named after the one job that runs on it
 * (jobs/index.ts). Alert deliveries have one queue per webhook (alertQueueName).
 */
export const QUEUE_NAMES = {
  poll: 'poll-feed',
  derive: 'derive-status',
  sweep: 'sweep',
} as const;

export type PipelineQueue = keyof typeof QUEUE_NAMES;

/**
 * Queues release 0.1.0 wrote, where a job ran under another name or all webhooks shared one queue.
 * Nothing is added to them any more; daemons drain what an upgrade left there, and `dlq` still lists and
 * re-sends the old queue's dead letters, so nothing queued before an upgrade is lost.
 */
export const LEGACY_QUEUE_NAMES = {
  poll: 'poll',
  evidence: 'evidence',
  alerts: 'alerts',
} as const;

export type LegacyQueue = keyof typeof LEGACY_QUEUE_NAMES;

/** The queue all webhooks shared in 0.1.0. */
export const LEGACY_ALERT_QUEUE = LEGACY_QUEUE_NAMES.alerts;

/**
 * Each webhook's own delivery queue, so a slow, hung or failing receiver holds only its own jobs and
 * workers. BullMQ forbids ':' in queue names; webhook ids are [a-z0-9-]+.
 */
export function alertQueueName(webhookId: string): string {
  return `deliver-alert-${webhookId}`;
}

export const JOB_NAMES = {
  pollFeed: 'poll-feed',
  recordEvidence: 'record-evidence',
  deriveStatus: 'derive-status',
  sweep: 'sweep',
  /** One event, or one poll's batch of evidence events (DeliverAlertBatchData), to one webhook. */
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
  /** The instant to derive as of (ms since epoch): the end of the settle window (pipeline/settle.ts). */
  at: number;
}

export interface SweepData {
  slot: number;
}

/** Where a claim.status_changed delivery stands in its claim's order for its webhook (delivery/order.ts). */
export interface AlertOrder {
  claimId: string;
  seq: number;
  /** The seq queued for this webhook and claim just before this one; 0 when none. It goes first. */
  after: number;
}

/** `deliver-alert`: one event to one webhook. */
export interface DeliverAlertData {
  webhookId: string;
  /** Built once at enqueue time and sent unchanged on every attempt (same webhook-id, same body). */
  event: AlertEvent;
  /** Status changes only: this delivery waits until the one before it is delivered or dead. */
  order?: AlertOrder;
  /** Set once the receiver answered 2xx: a re-run of the job (stalled-job recovery) sends nothing. */
  delivered?: boolean;
}

/** `deliver-alert` with a batch: the claim.evidence_added events of one poll for one webhook, each POSTed alone. */
export interface DeliverAlertBatchData {
  webhookId: string;
  /** What the events came from (the poll's job id): the job id is built from it. */
  pollKey: string;
  events: AlertEvent[];
  /** Ids of the events the receiver accepted: no attempt, retry or re-send sends them again. */
  delivered: string[];
  /** Ids refused for good (a 4xx other than 408/429) in this run; `dlq retry` clears them. */
  refused: string[];
}

export type AlertJobData = DeliverAlertData | DeliverAlertBatchData;

export function isBatch(data: AlertJobData): data is DeliverAlertBatchData {
  return Array.isArray((data as DeliverAlertBatchData).events);
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
  /** One batch per (webhook, poll): a poll run twice queues its evidence alerts once. */
  alertBatch: (webhookId: string, pollKey: string) => `alert-batch-${webhookId}-${digest(pollKey)}`,
};
