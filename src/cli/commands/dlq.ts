/**
 * `policy-watch dlq list [--json]` and `policy-watch dlq retry [JOB_ID]`: the alert dead letters, which
 * are the failed jobs of the alerts queue (kept 30 days). A retry re-queues the job itself, so the event
 * keeps its id (receivers drop duplicates by `webhook-id`) and gets a fresh set of attempts. With no alerts
 * worker attached (no daemon running), this process delivers them itself, waiting up to `waitMs`.
 */
import type { Job } from 'bullmq';
import type { DeliverAlertData } from '../../queue/names.js';
import { createWorkers } from '../../queue/workers.js';
import { bullConnection } from '../../redis/connection.js';
import { alertBackoff } from '../../runtime/alert-backoff.js';
import type { Runtime } from '../../runtime/open.js';
import { pipelineProcessors } from '../../runtime/processors.js';
import { waitForJobs } from '../../runtime/wait-for-jobs.js';
import { type CliIo, EXIT, type ExitCode } from '../io.js';
import { formatTable } from '../table.js';

/** At most this many dead letters are listed or retried in one call. */
const DLQ_PAGE = 1_000;

export interface DeadLetterView {
  jobId: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  attempts: number;
  failedReason: string | null;
  failedAt: string | null;
  /** The last attempt's record (time, HTTP status, duration, error), from the job's delivery log. */
  lastAttempt: Record<string, unknown> | null;
}

async function deadLetterView(runtime: Runtime, job: Job<DeliverAlertData>): Promise<DeadLetterView> {
  const { logs } = await runtime.queues.alerts.getJobLogs(job.id ?? '', -1, -1);
  let lastAttempt: Record<string, unknown> | null = null;
  try {
    lastAttempt = logs[0] ? (JSON.parse(logs[0]) as Record<string, unknown>) : null;
  } catch {
    lastAttempt = { note: logs[0] };
  }
  return {
    jobId: job.id ?? '',
    webhookId: job.data.webhookId,
    eventId: job.data.event.id,
    eventType: job.data.event.type,
    attempts: job.attemptsMade,
    failedReason: job.failedReason ?? null,
    failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    lastAttempt,
  };
}

export async function dlqListCommand(runtime: Runtime, json: boolean, io: CliIo): Promise<ExitCode> {
  const jobs = (await runtime.queues.alerts.getFailed(0, DLQ_PAGE - 1)) as Job<DeliverAlertData>[];
  const views = await Promise.all(jobs.map((job) => deadLetterView(runtime, job)));
  if (json) {
    for (const view of views) io.out(JSON.stringify(view));
    return EXIT.ok;
  }
  if (views.length === 0) {
    io.out('no dead letters');
    return EXIT.ok;
  }
  const table = formatTable(views, [
    // Never cut: an operator copies it into `dlq retry`.
    { header: 'JOB', value: (view) => view.jobId, maxWidth: 80 },
    { header: 'WEBHOOK', value: (view) => view.webhookId },
    { header: 'EVENT', value: (view) => `${view.eventType} ${view.eventId}`, maxWidth: 50 },
    { header: 'ATTEMPTS', value: (view) => String(view.attempts) },
    { header: 'FAILED AT', value: (view) => view.failedAt?.slice(0, 19).replace('T', ' ') ?? '-' },
    { header: 'REASON', value: (view) => view.failedReason ?? '-', maxWidth: 60 },
    { header: 'ANSWER', value: (view) => String(view.lastAttempt?.bodyStart ?? '-'), maxWidth: 40 },
  ]);
  for (const row of table) io.out(row);
  return EXIT.ok;
}

export interface DlqRetryOptions {
  jobId?: string | undefined;
  /** How long to deliver locally when no daemon is attached. @defaultValue 120_000 */
  waitMs?: number;
}

export async function dlqRetryCommand(
  runtime: Runtime,
  options: DlqRetryOptions,
  io: CliIo,
): Promise<ExitCode> {
  const { alerts } = runtime.queues;
  let jobs: Job<DeliverAlertData>[];
  if (options.jobId) {
    const job = (await alerts.getJob(options.jobId)) as Job<DeliverAlertData> | undefined;
    if (!job || (await job.getState()) !== 'failed') {
      io.err(`policy-watch: no dead letter with id "${options.jobId}" (see: policy-watch dlq list)`);
      return EXIT.usage;
    }
    jobs = [job];
  } else {
    jobs = (await alerts.getFailed(0, DLQ_PAGE - 1)) as Job<DeliverAlertData>[];
  }
  if (jobs.length === 0) {
    io.out('no dead letters to retry');
    return EXIT.ok;
  }
  for (const job of jobs) await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
  const ids = jobs.map((job) => job.id ?? '');
  io.out(`re-queued ${ids.length} dead letter(s) with their original event ids`);
  if ((await alerts.getWorkersCount()) > 0) {
    io.out('a running daemon delivers them');
    return EXIT.ok;
  }
  const local = createWorkers(
    bullConnection(runtime.redisUrl),
    runtime.keys,
    { alerts: pipelineProcessors(runtime).alerts },
    { backoffStrategy: alertBackoff(() => runtime.config.webhooks) },
  );
  try {
    const finished = await waitForJobs(alerts, ids, { timeoutMs: options.waitMs ?? 120_000 }).catch(
      () => undefined,
    );
    if (!finished) {
      io.out('some deliveries are still being retried; a daemon (policy-watch start) will finish them');
      return EXIT.ok;
    }
    for (const job of finished)
      io.out(`${job.id}: ${job.state === 'completed' ? 'delivered' : `failed again: ${job.failedReason}`}`);
    return finished.every((job) => job.state === 'completed') ? EXIT.ok : EXIT.inputFailed;
  } finally {
    await local.close();
  }
}
