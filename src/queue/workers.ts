/**
 * BullMQ Workers for the pipeline's queues, all with the same stalled-job settings: a job whose worker died
 * (SIGKILL, OOM, a lost machine) is handed to another worker after `stalledIntervalMs`, and every job is
 * idempotent, so running it again is safe.
 */
import { type BackoffStrategy, type ConnectionOptions, type Processor, Worker } from 'bullmq';
import type { KeyBuilder } from '../redis/keys.js';
import type { QueueName } from './names.js';

export interface WorkerOptions {
  /** How often workers look for stalled jobs, and how long a lock lives without renewal. @defaultValue 30_000 */
  stalledIntervalMs?: number;
  /** Parallel jobs per queue in one process. @defaultValue DEFAULT_CONCURRENCY */
  concurrency?: Partial<Record<QueueName, number>>;
  /** Start paused (for tests that attach listeners first). @defaultValue false */
  autorun?: boolean;
  /** Computes delays for jobs whose backoff type is custom (alert deliveries). @defaultValue none */
  backoffStrategy?: BackoffStrategy;
}

// poll waits on HTTP far more than it computes, so it overlaps many feeds. A derivation reads a claim's
// whole evidence; there are at most a few per claim per settle window, so two at a time keep up.
const DEFAULT_CONCURRENCY: Record<QueueName, number> = {
  poll: 32,
  'derive-status': 2,
  sweep: 1,
  alerts: 8,
  evidence: 1,
};

export type Processors = Partial<Record<QueueName, Processor>>;

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
  const workers = Object.entries(processors).map(([name, processor]) => {
    const queue = name as QueueName;
    return new Worker(queue, processor, {
      connection,
      prefix: keys.bullPrefix,
      concurrency: options.concurrency?.[queue] ?? DEFAULT_CONCURRENCY[queue],
      stalledInterval,
      // The lock must outlive one stalled interval, or a healthy long job would be taken as stalled.
      lockDuration: stalledInterval,
      maxStalledCount: 3,
      autorun: options.autorun ?? true,
      ...(options.backoffStrategy ? { settings: { backoffStrategy: options.backoffStrategy } } : {}),
    });
  });
  return {
    workers,
    close: async (force = false) => {
      await Promise.all(workers.map((worker) => worker.close(force)));
    },
  };
}
