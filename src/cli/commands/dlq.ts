/**
 * `policy-watch dlq list [--json]` and `policy-watch dlq retry [JOB_ID]`: the alert dead letters, which are
 * the failed jobs of every webhook's delivery queue (kept 30 days), a removed webhook's and the legacy
 * shared queue's included.
 *
 * A dead letter is listed one row per event it did not deliver: one row for a `deliver-alert` job, one per
 * undelivered event of a `deliver-alert-batch` (the events its receiver accepted are neither listed nor
 * re-sent). A retry re-queues the job itself, so each event keeps its id (receivers drop duplicates by
 * `webhook-id`) and gets a fresh set of attempts. A dead letter of a webhook no longer configured is left
 * as it is. With no worker attached to a queue (no daemon running), this process delivers the re-queued
 * jobs itself, waiting up to `waitMs`.
 */

import type { Job } from 'bullmq';
import type { Runtime } from '../../app/open.js';
import { pipelineProcessors } from '../../app/processors.js';
import { alertBackoff } from '../../delivery/backoff.js';
import { LOG_EVENTS } from '../../log.js';
import { waitForJobs } from '../../operator/wait-for-jobs.js';
import { type AlertQueueRef, allAlertQueues } from '../../queue/alert-queues.js';
import { type AlertJobData, isBatch } from '../../queue/names.js';
import { createWorkers } from '../../queue/workers.js';
import { type CliIo, EXIT, type ExitCode } from '../io.js';
import { formatTable } from '../table.js';

/** At most this many dead letters per queue are listed or retried in one call. */
const DLQ_PAGE = 1_000;

export interface DeadLetterView {
  jobId: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  attempts: number;
  failedReason: string | null;
  failedAt: string | null;
  /** The last attempt's record for this event (time, HTTP status, duration, error), from the job's log. */
  lastAttempt: Record<string, unknown> | null;
  /** For an event of a batch: its poll, and how many of the batch's events were delivered. */
  batch?: { pollKey: string; events: number; delivered: number };
}

interface DeadLetter {
  ref: AlertQueueRef;
  job: Job<AlertJobData>;
}

function parsed(line: string): Record<string, unknown> {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return { note: line };
  }
}

async function deadLetterViews({ ref, job }: DeadLetter): Promise<DeadLetterView[]> {
  const common = {
    jobId: job.id ?? '',
    webhookId: job.data.webhookId,
    attempts: job.attemptsMade,
    failedReason: job.failedReason ?? null,
    failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
  };
  const { data } = job;
  if (!isBatch(data)) {
    const { logs } = await ref.queue.getJobLogs(job.id ?? '', -1, -1);
    const lastAttempt = logs[0] ? parsed(logs[0]) : null;
    return [{ ...common, eventId: data.event.id, eventType: data.event.type, lastAttempt }];
  }
  const { logs } = await ref.queue.getJobLogs(job.id ?? '', 0, -1);
  const attempts = logs.map(parsed);
  const delivered = new Set(data.delivered);
  const batch = { pollKey: data.pollKey, events: data.events.length, delivered: delivered.size };
  return data.events
    .filter((event) => !delivered.has(event.id))
    .map((event) => ({
      ...common,
      eventId: event.id,
      eventType: event.type,
      lastAttempt: attempts.findLast((entry) => entry.eventId === event.id) ?? null,
      batch,
    }));
}

async function deadLetters(runtime: Runtime): Promise<DeadLetter[]> {
  const configured = runtime.config.webhooks.map((webhook) => webhook.id);
  const refs = await allAlertQueues(runtime.redis, runtime.keys, runtime.queues, configured);
  const found: DeadLetter[] = [];
  for (const ref of refs) {
    const jobs = (await ref.queue.getFailed(0, DLQ_PAGE - 1)) as Job<AlertJobData>[];
    found.push(...jobs.map((job) => ({ ref, job })));
  }
  return found;
}

export async function dlqListCommand(runtime: Runtime, json: boolean, io: CliIo): Promise<ExitCode> {
  const views = (await Promise.all((await deadLetters(runtime)).map(deadLetterViews))).flat();
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
    {
      header: 'REASON',
      value: (view) => String(view.lastAttempt?.error ?? view.failedReason ?? '-'),
      maxWidth: 60,
    },
    { header: 'ANSWER', value: (view) => String(view.lastAttempt?.bodyStart ?? '-'), maxWidth: 40 },
  ]);
  for (const row of table) io.out(row);
  return EXIT.ok;
}

export interface DlqRetryOptions {
  jobId?: string | undefined;
  /** One JSON line per dead letter instead of sentences. @defaultValue false */
  json?: boolean;
  /** How long to deliver locally when no daemon is attached. @defaultValue 120_000 */
  waitMs?: number;
}

/** What became of one dead letter: `--json` prints these, the sentences say the same. */
interface RetryResult {
  jobId: string;
  webhookId: string;
  outcome: 'left' | 'requeued' | 'delivered' | 'failed' | 'retrying';
  reason?: string | undefined;
}

function sentenceOf(result: RetryResult): string {
  switch (result.outcome) {
    case 'left':
      return `${result.jobId}: webhook ${result.webhookId} is no longer configured; left as a dead letter`;
    case 'requeued':
      return `${result.jobId}: re-queued; a running daemon delivers it`;
    case 'delivered':
      return `${result.jobId}: delivered`;
    case 'failed':
      return `${result.jobId}: failed again: ${result.reason ?? ''}`;
    case 'retrying':
      return `${result.jobId}: still being retried; a daemon (policy-watch start) will finish it`;
  }
}

export async function dlqRetryCommand(
  runtime: Runtime,
  options: DlqRetryOptions,
  io: CliIo,
): Promise<ExitCode> {
  const all = await deadLetters(runtime);
  const chosen = options.jobId ? all.filter(({ job }) => job.id === options.jobId) : all;
  if (options.jobId && chosen.length === 0) {
    io.err(`policy-watch: no dead letter with id "${options.jobId}" (see: policy-watch dlq list)`);
    return EXIT.usage;
  }
  const results: RetryResult[] = [];
  const print = () => {
    for (const result of results) io.out(options.json ? JSON.stringify(result) : sentenceOf(result));
  };
  const configured = new Map(runtime.config.webhooks.map((webhook) => [webhook.id, webhook]));
  const retried: DeadLetter[] = [];
  for (const letter of chosen) {
    const { job } = letter;
    const webhookId = job.data.webhookId;
    if (!configured.has(webhookId)) {
      results.push({ jobId: job.id ?? '', webhookId, outcome: 'left' });
      continue;
    }
    // The events refused with a 4xx are what the operator re-sends now; the delivered ones stay delivered.
    if (isBatch(job.data)) await job.updateData({ ...job.data, refused: [] });
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    runtime.logger.warn(
      { event: LOG_EVENTS.alertRequeued, webhookId, jobId: job.id },
      `webhook ${webhookId}: dead letter ${job.id} re-queued by an operator`,
    );
    retried.push(letter);
  }
  if (retried.length === 0) {
    print();
    if (!options.json) io.out('no dead letters to retry');
    return EXIT.ok;
  }
  if (!options.json) io.out(`re-queued ${retried.length} dead letter(s) with their original event ids`);
  const queues = [...new Set(retried.map(({ ref }) => ref))];
  const unattended: AlertQueueRef[] = [];
  for (const ref of queues) if ((await ref.queue.getWorkersCount()) === 0) unattended.push(ref);
  const resultOf = (
    job: Job<AlertJobData>,
    outcome: RetryResult['outcome'],
    reason?: string,
  ): RetryResult => ({
    jobId: job.id ?? '',
    webhookId: job.data.webhookId,
    outcome,
    ...(reason === undefined ? {} : { reason }),
  });
  if (unattended.length === 0) {
    results.push(...retried.map(({ job }) => resultOf(job, 'requeued')));
    print();
    return EXIT.ok;
  }
  const local = createWorkers(
    runtime.bullConnection,
    runtime.keys,
    { alerts: pipelineProcessors(runtime).alerts },
    {
      backoffStrategy: alertBackoff(() => runtime.config.webhooks),
      webhooks: unattended.flatMap(({ webhookId }) => configured.get(webhookId ?? '') ?? []),
      legacy: unattended.some(({ webhookId }) => webhookId === undefined),
    },
  );
  try {
    const wait = { timeoutMs: options.waitMs ?? 120_000 };
    let allDelivered = true;
    for (const ref of queues) {
      const letters = retried.filter((letter) => letter.ref === ref);
      const done = await waitForJobs(
        ref.queue,
        letters.map(({ job }) => job.id ?? ''),
        wait,
      ).catch(() => undefined);
      if (!done) {
        results.push(...letters.map(({ job }) => resultOf(job, 'retrying')));
        continue;
      }
      for (const [index, finished] of done.entries()) {
        const job = letters[index]?.job as Job<AlertJobData>;
        const delivered = finished.state === 'completed';
        allDelivered &&= delivered;
        results.push(
          resultOf(job, delivered ? 'delivered' : 'failed', delivered ? undefined : finished.failedReason),
        );
      }
    }
    print();
    return allDelivered ? EXIT.ok : EXIT.inputFailed;
  } finally {
    await local.close();
  }
}
