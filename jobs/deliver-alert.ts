/**
 * deliver-alert: one signed POST of one event to one webhook. Every attempt is written to the job's log
 * (time, HTTP status, duration, error), which `policy-watch dlq list` shows.
 *
 * - delivered (2xx): done.
 * - retry (408, 429, 5xx, timeout, connection error): throw, and BullMQ tries again after the webhook's
 *   backoff (alert-backoff.ts; a Retry-After wins). After the last attempt the job fails: a dead letter.
 * - dead (another 4xx, a redirect): UnrecoverableError, a dead letter at once.
 * Every attempt sends the same event id and body, re-signed with the attempt's own timestamp.
 */
import { type Job, UnrecoverableError } from 'bullmq';
import { postEvent } from '../src/alerts/index.js';
import type { DeliveryAttempt } from '../src/alerts/types.js';
import { systemClock } from '../src/clock.js';
import { LOG_EVENTS, type Logger } from '../src/log.js';
import type { DeliverAlertData } from '../src/queue/names.js';
import type { PipelineDeps } from '../src/runtime/deps.js';

/** Carries the receiver's Retry-After to the backoff strategy. */
export class RetryDeliveryError extends Error {
  readonly retryAfterMs: number | undefined;

  constructor(message: string, retryAfterMs: number | undefined) {
    super(message);
    this.name = 'RetryDeliveryError';
    this.retryAfterMs = retryAfterMs;
  }
}

export async function deliverAlert(
  job: Job<DeliverAlertData>,
  deps: PipelineDeps,
  log: Logger,
): Promise<DeliveryAttempt | { outcome: 'dropped' }> {
  const { webhookId, event } = job.data;
  const webhook = deps.config.webhooks.find((candidate) => candidate.id === webhookId);
  const fields = { webhookId, eventId: event.id, eventType: event.type, attempt: job.attemptsMade + 1 };
  if (!webhook) {
    log.warn({ event: LOG_EVENTS.alertDropped, ...fields }, 'webhook is no longer configured; alert dropped');
    return { outcome: 'dropped' };
  }
  // Signed with wall-clock time, not deps.clock: receivers reject a webhook-timestamp more than five
  // minutes from their own clock, whatever time a replay or the demo simulates.
  const attempt = await postEvent(webhook, event, { now: systemClock.now() });
  await job.log(JSON.stringify({ at: deps.clock.now().toISOString(), attempt: fields.attempt, ...attempt }));
  const outcome = { ...fields, httpStatus: attempt.httpStatus, durationMs: attempt.durationMs };
  if (attempt.outcome === 'delivered') {
    log.info({ event: LOG_EVENTS.alertDelivered, ...outcome }, 'alert delivered');
    return attempt;
  }
  const lastAttempt = fields.attempt >= (job.opts.attempts ?? 1);
  if (attempt.outcome === 'dead' || lastAttempt) {
    log.warn(
      { event: LOG_EVENTS.alertDeadLettered, ...outcome, error: attempt.error },
      `alert dead-lettered: ${attempt.error}`,
    );
    throw new UnrecoverableError(attempt.error);
  }
  log.info(
    { event: LOG_EVENTS.alertRetrying, ...outcome, error: attempt.error, retryAfterMs: attempt.retryAfterMs },
    `alert will be retried: ${attempt.error}`,
  );
  throw new RetryDeliveryError(attempt.error, attempt.retryAfterMs);
}
