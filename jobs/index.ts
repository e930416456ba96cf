/**
 * Every job policy-watch runs, by the key its queue has in `Queues` (queue/queues.ts). The workers
 * (queue/workers.ts) and processors (app/processors.ts) are built from this list.
 *
 * - pipeline: one queue each, named after the job.
 * - alerts: deliver-alert runs on every webhook's own queue (`deliver-alert-<webhook>`).
 * - legacy: queues release 0.1.0 wrote and nothing writes any more; a daemon drains what an upgrade left
 *   in them with the job that does that work now.
 */
import { deliverAlertJob } from './deliver-alert.js';
import { deriveStatusJob } from './derive-status.js';
import { pollFeedJob } from './poll-feed.js';
import { recordEvidenceJob } from './record-evidence.js';
import { sweepJob } from './sweep.js';

export const PIPELINE_JOBS = {
  poll: pollFeedJob,
  derive: deriveStatusJob,
  sweep: sweepJob,
} as const;

export const ALERT_JOB = deliverAlertJob;

/** 0.1.0's queue name → the job that drains it. */
export const LEGACY_JOBS = {
  poll: pollFeedJob,
  evidence: recordEvidenceJob,
  alerts: deliverAlertJob,
} as const;
