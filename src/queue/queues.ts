/**
 * The BullMQ queues, created with the same prefix and retention everywhere (the daemon, the CLI, tests).
 * Retention matters for correctness, not just memory: a deterministic job id deduplicates only while BullMQ
 * still holds the job, so completed jobs are kept well past two schedule slots. The one exception is a
 * scheduled poll (enqueue.ts): it is removed on completion, and the feed's recorded slot dedupes instead.
 *
 * Alert deliveries have one queue per webhook (`deliver-alert-<id>`), opened on first use: a receiver's
 * jobs, retries and dead letters are its own, and so is the worker that runs them (workers.ts).
 */
import { type ConnectionOptions, type JobsOptions, type KeepJobs, Queue } from 'bullmq';
import type { KeyBuilder } from '../redis/keys.js';
import { alertQueueName, LEGACY_ALERT_QUEUE, QUEUE_NAMES, type QueueName } from './names.js';

const HOUR_S = 3_600;
const DAY_S = 24 * HOUR_S;

export interface QueueOptions {
  /** Keep completed jobs this long (seconds) so their ids keep deduplicating. @defaultValue 2 days */
  keepCompletedSeconds?: number;
  /** At most this many completed jobs per queue. @defaultValue 50_000 */
  keepCompletedCount?: number;
  /** Keep failed jobs this long (seconds) for ops review. @defaultValue 7 days */
  keepFailedSeconds?: number;
}

/** Retry policy per queue: polls are cheap to redo at the next slot, evidence must get through. */
const ATTEMPTS: Record<QueueName, Pick<JobsOptions, 'attempts' | 'backoff'>> = {
  poll: { attempts: 2, backoff: { type: 'exponential', delay: 5_000 } },
  // A derivation must get through: it is the only place a status changes after evidence.
  'derive-status': { attempts: 10, backoff: { type: 'exponential', delay: 1_000 } },
  evidence: { attempts: 10, backoff: { type: 'exponential', delay: 1_000 } },
  sweep: { attempts: 3, backoff: { type: 'exponential', delay: 10_000 } },
};

// Per-webhook attempts are set on each job at enqueue; the 'webhook' backoff is computed by the worker's
// backoffStrategy from the webhook's retry settings and the receiver's Retry-After.
const ALERT_ATTEMPTS: Pick<JobsOptions, 'attempts' | 'backoff'> = {
  attempts: 8,
  backoff: { type: 'webhook' },
};

/** Dead letters are failed alert jobs: kept a month, so an operator can list and re-send them. */
const KEEP_DEAD_LETTERS = { age: 30 * DAY_S, count: 100_000 };

export interface AlertQueues {
  /** The delivery queue of one webhook, opened on first use and kept open until `close()`. */
  of(webhookId: string): Queue;
  /** The queue every webhook shared before each had its own (names.ts LEGACY_ALERT_QUEUE). */
  legacy(): Queue;
}

export type Queues = Record<keyof typeof QUEUE_NAMES, Queue> & {
  alerts: AlertQueues;
  close(): Promise<void>;
};

export function createQueues(
  connection: ConnectionOptions,
  keys: KeyBuilder,
  options: QueueOptions = {},
): Queues {
  const keepCompleted = {
    age: options.keepCompletedSeconds ?? 2 * DAY_S,
    count: options.keepCompletedCount ?? 50_000,
  };
  const keepFailed = { age: options.keepFailedSeconds ?? 7 * DAY_S, count: 50_000 };
  const make = (name: string, defaults: Pick<JobsOptions, 'attempts' | 'backoff'>, removeOnFail: KeepJobs) =>
    new Queue(name, {
      connection,
      prefix: keys.bullPrefix,
      defaultJobOptions: { ...defaults, removeOnComplete: keepCompleted, removeOnFail },
    });
  const pipeline = {
    poll: make(QUEUE_NAMES.poll, ATTEMPTS.poll, keepFailed),
    derive: make(QUEUE_NAMES.derive, ATTEMPTS['derive-status'], keepFailed),
    legacyEvidence: make(QUEUE_NAMES.legacyEvidence, ATTEMPTS.evidence, keepFailed),
    sweep: make(QUEUE_NAMES.sweep, ATTEMPTS.sweep, keepFailed),
  };
  const alertQueues = new Map<string, Queue>();
  const alertQueue = (name: string) => {
    let queue = alertQueues.get(name);
    if (!queue) {
      queue = make(name, ALERT_ATTEMPTS, KEEP_DEAD_LETTERS);
      alertQueues.set(name, queue);
    }
    return queue;
  };
  return {
    ...pipeline,
    alerts: {
      of: (webhookId) => alertQueue(alertQueueName(webhookId)),
      legacy: () => alertQueue(LEGACY_ALERT_QUEUE),
    },
    close: async () => {
      await Promise.all([...Object.values(pipeline), ...alertQueues.values()].map((queue) => queue.close()));
    },
  };
}
