/**
 * deliver-alert: one signed POST of one event to one webhook, on that webhook's own queue. Every attempt
 * is written to the job's log (time, HTTP status, duration, error), which `policy-watch dlq list` shows.
 *
 * - A status change first waits its turn: the change queued before it for this webhook must be delivered
 *   or dead-lettered (delivery/order.ts). Waiting uses no attempt.
 * - delivered (2xx): recorded on the job, so a second run of it sends nothing; done.
 * - retry (408, 429, 5xx, timeout, connection error): throw, and BullMQ tries again after the webhook's
 *   backoff (delivery/backoff.ts; a Retry-After wins). After the last attempt the job fails: a dead letter.
 * - dead (another 4xx, a redirect): UnrecoverableError, a dead letter at once.
 * A delivered or dead-lettered change lets the next one of its claim go. Every attempt sends the same event
 * id and body, re-signed with the attempt's own timestamp, and never while another is in flight.
 */
import { type Job, UnrecoverableError } from 'bullmq';
import type { DeliveryAttempt } from '../src/alerts/types.js';
import type { PipelineDeps } from '../src/app/deps.js';
import {
  type AttemptScope,
  inFlight,
  RetryDeliveryError,
  report,
  send,
  waitTurn,
} from '../src/delivery/attempt.js';
import { WEBHOOK_BACKOFF } from '../src/delivery/backoff.js';
import { finishChange, isTurn } from '../src/delivery/order.js';
import { LOG_EVENTS, type Logger } from '../src/log.js';
import { defineJob } from '../src/queue/job-definition.js';
import {
  type AlertJobData,
  type DeliverAlertBatchData,
  type DeliverAlertData,
  isBatch,
  JOB_NAMES,
} from '../src/queue/names.js';
import { type DeliverAlertBatchResult, deliverAlertBatch } from './deliver-alert-batch.js';

export { RetryDeliveryError };

export type DeliverAlertResult = DeliveryAttempt | { outcome: 'dropped' | 'already-delivered' };

export async function deliverAlert(
  job: Job<DeliverAlertData>,
  token: string | undefined,
  deps: PipelineDeps,
  log: Logger,
): Promise<DeliverAlertResult> {
  const { webhookId, event, order } = job.data;
  const webhook = deps.config.webhooks.find((candidate) => candidate.id === webhookId);
  if (!webhook) {
    log.warn(
      { event: LOG_EVENTS.alertDropped, webhookId, eventId: event.id, eventType: event.type },
      `webhook ${webhookId} is no longer configured; alert ${event.id} dropped`,
    );
    return { outcome: 'dropped' };
  }
  const queue = deps.queues.alerts.of(webhookId);
  const finish = async () => {
    if (order) await finishChange(deps, queue, webhookId, order);
  };
  if (job.data.delivered) {
    await finish(); // idempotent: a run that stopped between the two steps left the next change waiting
    return { outcome: 'already-delivered' };
  }
  const scope: AttemptScope = { deps, webhook, job, token, log, attempt: job.attemptsMade + 1 };
  if (order && !(await isTurn(deps, queue, webhookId, order))) {
    await waitTurn(
      scope,
      { eventId: event.id, claimId: order.claimId, seq: order.seq, after: order.after },
      () => isTurn(deps, queue, webhookId, order),
    );
  }
  const attempt = await inFlight(scope, () => send(scope, event));
  if (attempt.outcome === 'delivered') {
    await job.updateData({ ...job.data, delivered: true });
    await finish();
    report(scope, event, attempt, 'delivered');
    return attempt;
  }
  const lastAttempt = scope.attempt >= (job.opts.attempts ?? 1);
  if (attempt.outcome === 'dead' || lastAttempt) {
    await finish(); // a dead letter no longer holds back the claim's later changes
    report(scope, event, attempt, 'dead_lettered');
    throw new UnrecoverableError(attempt.error);
  }
  report(scope, event, attempt, 'retrying');
  throw new RetryDeliveryError(attempt.error, attempt.retryAfterMs);
}

/**
 * One definition for both shapes a delivery takes on a webhook's queue: one event (a status change, a feed
 * health event) or the batch of one poll's evidence events (deliver-alert-batch.ts). Attempts are the
 * webhook's own (`retry.attempts`, set on each job when it is queued) and the 'webhook' back-off is computed
 * from its retry settings and the receiver's Retry-After (delivery/backoff.ts); these are the defaults
 * of a job that carries none. Each webhook's worker runs `concurrency` from its config, not this one.
 */
export const deliverAlertJob = defineJob<
  AlertJobData,
  DeliverAlertResult | DeliverAlertBatchResult,
  PipelineDeps
>({
  name: JOB_NAMES.deliverAlert,
  attempts: 8,
  backoff: WEBHOOK_BACKOFF,
  concurrency: 4,
  logFields: (data) =>
    isBatch(data)
      ? { webhookId: data.webhookId, pollKey: data.pollKey, events: data.events.length }
      : { webhookId: data.webhookId, eventId: data.event.id },
  run: (data, deps, { log, job, token }) =>
    isBatch(data)
      ? deliverAlertBatch(job as Job<DeliverAlertBatchData>, token, deps, log)
      : deliverAlert(job as Job<DeliverAlertData>, token, deps, log),
});
