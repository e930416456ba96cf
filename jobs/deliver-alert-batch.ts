/**
 * deliver-alert-batch: the claim.evidence_added events of one poll for one webhook, in one job. Each event
 * is still its own signed POST with its own `webhook-id` (the event id); the batch only saves jobs.
 *
 * One run POSTs, in order, every event not yet delivered nor refused, and records each outcome on the job
 * (`delivered`, `refused`) as it comes, so no later run, retry or `dlq retry` sends an accepted event again.
 * - all delivered: done.
 * - some answered retry (408, 429, 5xx, timeout, connection error) and attempts are left: throw, BullMQ
 *   runs the job again after the webhook's backoff (the longest Retry-After wins), for those events only.
 * - otherwise, anything undelivered (refused at once by a 4xx, or out of attempts) makes the job fail: a dead
 *   letter holding only those events, which `dlq list` shows and `dlq retry` re-sends.
 */
import { type Job, UnrecoverableError } from 'bullmq';
import type { AlertEvent, DeliveryAttempt } from '../src/alerts/types.js';
import type { PipelineDeps } from '../src/app/deps.js';
import { type AttemptScope, inFlight, RetryDeliveryError, report, send } from '../src/delivery/attempt.js';
import { LOG_EVENTS, type Logger } from '../src/log.js';
import type { DeliverAlertBatchData } from '../src/queue/names.js';

export interface DeliverAlertBatchResult {
  outcome: 'delivered' | 'dropped';
  events: number;
}

type Failed = { event: AlertEvent; attempt: Exclude<DeliveryAttempt, { outcome: 'delivered' }> };

export async function deliverAlertBatch(
  job: Job<DeliverAlertBatchData>,
  token: string | undefined,
  deps: PipelineDeps,
  log: Logger,
): Promise<DeliverAlertBatchResult> {
  const { webhookId, events } = job.data;
  const delivered = new Set(job.data.delivered);
  const refused = new Set(job.data.refused);
  const webhook = deps.config.webhooks.find((candidate) => candidate.id === webhookId);
  if (!webhook) {
    for (const event of events.filter((candidate) => !delivered.has(candidate.id))) {
      log.warn(
        { event: LOG_EVENTS.alertDropped, webhookId, eventId: event.id, eventType: event.type },
        `webhook ${webhookId} is no longer configured; alert ${event.id} dropped`,
      );
    }
    return { outcome: 'dropped', events: events.length };
  }
  const scope: AttemptScope = { deps, webhook, job, token, log, attempt: job.attemptsMade + 1 };
  const pending = events.filter((event) => !delivered.has(event.id) && !refused.has(event.id));
  const retry: Failed[] = [];
  const refusedNow: Failed[] = [];
  await inFlight(scope, async (lease) => {
    for (const event of pending) {
      await lease.extend();
      const attempt = await send(scope, event, true);
      if (attempt.outcome === 'retry') {
        retry.push({ event, attempt });
        continue;
      }
      if (attempt.outcome === 'delivered') delivered.add(event.id);
      else {
        refused.add(event.id);
        refusedNow.push({ event, attempt });
      }
      // Recorded per event: a run cut short (a crash, a lost lock) re-sends none of the accepted ones.
      await job.updateData({ ...job.data, delivered: [...delivered], refused: [...refused] });
      report(scope, event, attempt, attempt.outcome === 'delivered' ? 'delivered' : 'dead_lettered');
    }
  });
  if (retry.length > 0 && scope.attempt < (job.opts.attempts ?? 1)) {
    for (const { event, attempt } of retry) report(scope, event, attempt, 'retrying');
    const retryAfterMs = Math.max(0, ...retry.map(({ attempt }) => retryAfterOf(attempt)));
    throw new RetryDeliveryError(
      `${retry.length} of ${events.length} events to retry${firstError(retry)}`,
      retryAfterMs || undefined,
    );
  }
  for (const { event, attempt } of retry) report(scope, event, attempt, 'dead_lettered');
  const undelivered = events.length - delivered.size;
  if (undelivered > 0) {
    const errors = firstError([...refusedNow, ...retry]);
    throw new UnrecoverableError(`${undelivered} of ${events.length} events not delivered${errors}`);
  }
  return { outcome: 'delivered', events: events.length };
}

function retryAfterOf(attempt: Failed['attempt']): number {
  return attempt.outcome === 'retry' ? (attempt.retryAfterMs ?? 0) : 0;
}

function firstError(failed: readonly Failed[]): string {
  const first = failed[0];
  return first ? `: ${first.attempt.error}` : '';
}
