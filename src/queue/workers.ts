/**
 * BullMQ Workers for the pipeline's queues and for each webhook's delivery queue, all with the same
 * stalled-job settings: a job whose worker died (SIGKILL, OOM, a lost machine) is handed to another worker
 * once its lock has expired and a stalled check has run, and every job is idempotent, so running it again
 * is safe.
 *
 * Each webhook gets a Worker of its own (its queue, its concurrency, its connections), so a receiver that
 * hangs fills only its own slots. An alert worker's lock outlives one POST (alertAttemptWindowMs), whatever
 * the stalled interval: a lock shorter than the request could expire mid-POST after one missed renewal (an
 * event-loop pause), and the stalled check would hand the job to another worker while the first request is
 * still waiting — a duplicate sent while an attempt is in flight.
 */
import { type BackoffStrategy, type ConnectionOptions, type Processor, Worker } from 'bullmq';
import type { ResolvedWebhook } from '../config/webhooks-schema.js';
import type { KeyBuilder } from '../redis/keys.js';
import { alertQueueName, LEGACY_ALERT_QUEUE, QUEUE_NAMES, type QueueName } from './names.js';

/** The longest a receiver may take (webhooks-schema.ts timeout_ms maximum): the legacy queue's jobs may be any webhook's. */
const MAX_TIMEOUT_MS = 120_000;
/** How far past its deadline an attempt may still be running: an event-loop pause, a slow Redis reply. */
export const IN_FLIGHT_MARGIN_MS = 5_000;

/** How long one delivery attempt to a webhook with this timeout can be in flight. */
export function alertAttemptWindowMs(timeoutMs: number): number {
  return timeoutMs + IN_FLIGHT_MARGIN_MS;
}

export type AlertReceiver = Pick<ResolvedWebhook, 'id' | 'concurrency' | 'timeout_ms'>;

export interface WorkerOptions {
  /** How often workers look for stalled jobs, and how long a lock lives without renewal. @defaultValue 30_000 */
  stalledIntervalMs?: number;
  /** Parallel jobs per pipeline queue in one process. @defaultValue DEFAULT_CONCURRENCY */
  concurrency?: Partial<Record<QueueName, number>>;
  /** Start paused (for tests that attach listeners first). @defaultValue false */
  autorun?: boolean;
  /** Computes delays for jobs whose backoff type is custom (alert deliveries). @defaultValue none */
  backoffStrategy?: BackoffStrategy;
  /** The webhooks whose queues get a worker each, running `processors.alerts`. @defaultValue none */
  webhooks?: readonly AlertReceiver[];
  /** Also drain the legacy shared alert queue (with `processors.alerts`). @defaultValue true */
  legacyAlerts?: boolean;
}

// poll waits on HTTP far more than it computes, so it overlaps many feeds. A derivation reads a claim's
// whole evidence; there are at most a few per claim per settle window, so two at a time keep up.
// evidence is 0.1.0's queue, drained after an upgrade.
const DEFAULT_CONCURRENCY: Record<QueueName, number> = {
  poll: 32,
  'derive-status': 2,
  sweep: 1,
  evidence: 1,
};
/** Jobs left in the legacy alert queue at an upgrade: a few at a time is enough. */
const LEGACY_CONCURRENCY = 4;

export type Processors = Partial<Record<QueueName | 'alerts', Processor>>;

export interface Workers {
  workers: Worker[];
  close(force?: boolean): Promise<void>;
}

export function createWorkers(
  connection: ConnectionOptions,
  keys: KeyBuilder,
  processors: Processors,
  options: WorkerOptions = {},
): Workers {
  const stalledInterval = options.stalledIntervalMs ?? 30_000;
  const make = (name: string, processor: Processor, concurrency: number, lockDuration: number) =>
    new Worker(name, processor, {
      connection,
      prefix: keys.bullPrefix,
      concurrency,
      stalledInterval,
      // The lock must outlive one stalled interval, or a healthy long job would be taken as stalled.
      lockDuration: Math.max(stalledInterval, lockDuration),
      maxStalledCount: 3,
      autorun: options.autorun ?? true,
      ...(options.backoffStrategy ? { settings: { backoffStrategy: options.backoffStrategy } } : {}),
    });
  const workers: Worker[] = [];
  for (const queue of Object.values(QUEUE_NAMES)) {
    const processor = processors[queue];
    if (processor) {
      const concurrency = options.concurrency?.[queue] ?? DEFAULT_CONCURRENCY[queue];
      workers.push(make(queue, processor, concurrency, stalledInterval));
    }
  }
  const deliver = processors.alerts;
  if (deliver) {
    for (const webhook of options.webhooks ?? []) {
      const lock = alertAttemptWindowMs(webhook.timeout_ms);
      workers.push(make(alertQueueName(webhook.id), deliver, webhook.concurrency, lock));
    }
    if (options.legacyAlerts ?? true) {
      const lock = alertAttemptWindowMs(MAX_TIMEOUT_MS);
      workers.push(make(LEGACY_ALERT_QUEUE, deliver, LEGACY_CONCURRENCY, lock));
    }
  }
  return {
    workers,
    close: async (force = false) => {
      await Promise.all(workers.map((worker) => worker.close(force)));
    },
  };
}
