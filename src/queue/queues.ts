/**
 * The BullMQ queues, created with the same prefix and retention everywhere (the daemon, the CLI, tests).
 * Retention matters for correctness, not just memory: a deterministic job id deduplicates only while BullMQ
 * still holds the job, so completed jobs are kept well past two schedule slots. The one exception is a
 * scheduled poll (jobs/poll-feed.ts): it is removed on completion, and the feed's recorded slot dedupes instead.
 *
 * Alert deliveries have one queue per webhook (`deliver-alert-<id>`), opened on first use: a receiver's
 * jobs, retries and dead letters are its own, and so is the worker that runs them (workers.ts).
 */
import { type ConnectionOptions, type KeepJobs, Queue } from 'bullmq';
import type { KeyBuilder } from '../redis/keys.js';
import {
  alertQueueName,
  LEGACY_ALERT_QUEUE,
  LEGACY_QUEUE_NAMES,
  type LegacyQueue,
  type PipelineQueue,
  QUEUE_NAMES,
} from './names.js';

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

// Attempts and back-off come with each job (its definition in jobs/, job-definition.ts retryOptions); a
// webhook's deliveries carry that webhook's attempts and the 'webhook' back-off (delivery/backoff.ts).

/** Dead letters are failed alert jobs: kept a month, so an operator can list and re-send them. */
const KEEP_DEAD_LETTERS = { age: 30 * DAY_S, count: 100_000 };

export interface AlertQueues {
  /** The delivery queue of one webhook, opened on first use and kept open until `close()`. */
  of(webhookId: string): Queue;
  /** The queue every webhook shared before each had its own (names.ts LEGACY_ALERT_QUEUE). */
  legacy(): Queue;
}

export type Queues = Record<PipelineQueue, Queue> & {
  alerts: AlertQueues;
  /** A queue release 0.1.0 wrote (names.ts LEGACY_QUEUE_NAMES), opened on first use. */
  legacy(name: Exclude<LegacyQueue, 'alerts'>): Queue;
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
  const make = (name: string, removeOnFail: KeepJobs) => {
    const queue = new Queue(name, {
      connection,
      prefix: keys.bullPrefix,
      defaultJobOptions: { removeOnComplete: keepCompleted, removeOnFail },
    });
    // Without a listener BullMQ prints each connection error as a raw stack on stderr — every second of a
    // Redis outage. The daemon's own connection reports the outage once (redis/outage.ts), and a command
    // that fails still rejects to its caller.
    queue.on('error', () => {});
    return queue;
  };
  const pipeline = {
    poll: make(QUEUE_NAMES.poll, keepFailed),
    derive: make(QUEUE_NAMES.derive, keepFailed),
    sweep: make(QUEUE_NAMES.sweep, keepFailed),
  };
  const opened = new Map<string, Queue>();
  const onFirstUse = (name: string, removeOnFail: KeepJobs) => {
    let queue = opened.get(name);
    if (!queue) {
      queue = make(name, removeOnFail);
      opened.set(name, queue);
    }
    return queue;
  };
  const alertQueue = (name: string) => onFirstUse(name, KEEP_DEAD_LETTERS);
  return {
    ...pipeline,
    alerts: {
      of: (webhookId) => alertQueue(alertQueueName(webhookId)),
      legacy: () => alertQueue(LEGACY_ALERT_QUEUE),
    },
    legacy: (name) => onFirstUse(LEGACY_QUEUE_NAMES[name], keepFailed),
    close: async () => {
      await Promise.all([...Object.values(pipeline), ...opened.values()].map((queue) => queue.close()));
    },
  };
}
