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
 *
 * The webhook workers follow the config: `setWebhooks` (SIGHUP reload) starts one for a new webhook, closes
 * a removed one's after its in-flight deliveries, and replaces one whose timeout changed (the lock is fixed
 * when a Worker is made); a changed concurrency is applied in place.
 */
import { type BackoffStrategy, type ConnectionOptions, type Processor, Worker } from 'bullmq';
import { LEGACY_JOBS, PIPELINE_JOBS } from '../../jobs/index.js';
import type { ResolvedWebhook } from '../config/webhooks-schema.js';
import type { KeyBuilder } from '../redis/keys.js';
import { alertAttemptWindowMs, MAX_TIMEOUT_MS } from './alert-lock.js';
import { alertQueueName, LEGACY_QUEUE_NAMES, type PipelineQueue, QUEUE_NAMES } from './names.js';

export type AlertReceiver = Pick<ResolvedWebhook, 'id' | 'concurrency' | 'timeout_ms'>;

export interface WorkerOptions {
  /** How often workers look for stalled jobs, and how long a lock lives without renewal. @defaultValue 30_000 */
  stalledIntervalMs?: number;
  /** Parallel jobs per pipeline queue in one process. @defaultValue each job's own (jobs/index.ts) */
  concurrency?: Partial<Record<PipelineQueue, number>>;
  /** Start paused (for tests that attach listeners first). @defaultValue false */
  autorun?: boolean;
  /** Computes delays for jobs whose backoff type is custom (alert deliveries). @defaultValue none */
  backoffStrategy?: BackoffStrategy;
  /** The webhooks whose queues get a worker each, running `processors.alerts`. @defaultValue none */
  webhooks?: readonly AlertReceiver[];
  /**
   * Also drain the queues release 0.1.0 wrote, each with the processor of the job that does its work now
   * (`poll` → poll, `evidence` → legacyEvidence, `alerts` → alerts). @defaultValue true
   */
  legacy?: boolean;
  /** Called with every Worker made, now or by a later `setWebhooks` (the daemon attaches its error log). */
  onWorker?: (worker: Worker) => void;
}

/** A processor per job (app/processors.ts): the pipeline's, deliveries, and 0.1.0's evidence drain. */
export type Processors = Partial<Record<PipelineQueue | 'alerts' | 'legacyEvidence', Processor>>;

export interface Workers {
  /** Every running Worker: the pipeline's, each webhook's, the legacy drains. */
  readonly workers: Worker[];
  /** Makes the webhook workers match `webhooks` (no-op without an alerts processor). */
  setWebhooks(webhooks: readonly AlertReceiver[]): Promise<void>;
  close(force?: boolean): Promise<void>;
}

interface WebhookWorker {
  worker: Worker;
  timeoutMs: number;
}

export function createWorkers(
  connection: ConnectionOptions,
  keys: KeyBuilder,
  processors: Processors,
  options: WorkerOptions = {},
): Workers {
  const stalledInterval = options.stalledIntervalMs ?? 30_000;
  const make = (name: string, processor: Processor, concurrency: number, lockDuration: number) => {
    const worker = new Worker(name, processor, {
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
    // Without a listener BullMQ prints each error as a raw stack on stderr — every reconnect attempt of a
    // Redis outage or a failover, in `poll --wait` too. The daemon adds its own (onWorker) that logs them.
    worker.on('error', () => {});
    options.onWorker?.(worker);
    return worker;
  };
  const workers: Worker[] = [];
  for (const [queue, job] of Object.entries(PIPELINE_JOBS) as [PipelineQueue, { concurrency: number }][]) {
    const processor = processors[queue];
    if (!processor) continue;
    const concurrency = options.concurrency?.[queue] ?? job.concurrency;
    workers.push(make(QUEUE_NAMES[queue], processor, concurrency, stalledInterval));
  }
  const deliver = processors.alerts;
  const byWebhook = new Map<string, WebhookWorker>();
  const makeWebhookWorker = (webhook: AlertReceiver, processor: Processor): WebhookWorker => ({
    worker: make(
      alertQueueName(webhook.id),
      processor,
      webhook.concurrency,
      alertAttemptWindowMs(webhook.timeout_ms),
    ),
    timeoutMs: webhook.timeout_ms,
  });
  for (const webhook of deliver ? (options.webhooks ?? []) : []) {
    byWebhook.set(webhook.id, makeWebhookWorker(webhook, deliver as Processor));
  }
  if (options.legacy ?? true) {
    const drains: [string, Processor | undefined, number, number][] = [
      [LEGACY_QUEUE_NAMES.poll, processors.poll, LEGACY_JOBS.poll.concurrency, stalledInterval],
      [
        LEGACY_QUEUE_NAMES.evidence,
        processors.legacyEvidence,
        LEGACY_JOBS.evidence.concurrency,
        stalledInterval,
      ],
      // The old queue's jobs may be any webhook's: its lock outlives the longest timeout there is.
      [
        LEGACY_QUEUE_NAMES.alerts,
        deliver,
        LEGACY_JOBS.alerts.concurrency,
        alertAttemptWindowMs(MAX_TIMEOUT_MS),
      ],
    ];
    for (const [name, processor, concurrency, lock] of drains) {
      if (processor) workers.push(make(name, processor, concurrency, lock));
    }
  }
  const all = () => [...workers, ...[...byWebhook.values()].map((entry) => entry.worker)];
  return {
    get workers() {
      return all();
    },
    setWebhooks: async (webhooks) => {
      if (!deliver) return;
      const retiring: Worker[] = [];
      const wanted = new Map(webhooks.map((webhook) => [webhook.id, webhook]));
      for (const [id, entry] of byWebhook) {
        const next = wanted.get(id);
        if (next && next.timeout_ms === entry.timeoutMs) {
          entry.worker.concurrency = next.concurrency;
          continue;
        }
        byWebhook.delete(id);
        retiring.push(entry.worker);
      }
      // New workers first, so a replaced webhook's queue is never without one.
      for (const webhook of webhooks) {
        if (!byWebhook.has(webhook.id)) byWebhook.set(webhook.id, makeWebhookWorker(webhook, deliver));
      }
      // A graceful close: deliveries already being sent finish (their lock covers one attempt).
      await Promise.all(retiring.map((worker) => worker.close()));
    },
    close: async (force = false) => {
      await Promise.all(all().map((worker) => worker.close(force)));
    },
  };
}
