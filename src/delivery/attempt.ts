/**
 * What a delivery job does around its POSTs, shared by jobs/deliver-alert.ts and jobs/deliver-alert-batch.ts:
 *
 *   1. inFlight: hold the job's in-flight lease (delivery/lease.ts) for its requests; when another run of the
 *      same job still holds it, put this run back to delayed until it lapses (DelayedError: no attempt used).
 *   2. send: one signed POST, written to the job's log (time, HTTP status, duration, error; `dlq list` reads
 *      the last one per event).
 *   3. report: the outcome as a fixed alert.* log line and a delivery metric.
 *   4. waitTurn: put the run back to delayed because an earlier change must go first (delivery/order.ts).
 */
import { DelayedError, type Job } from 'bullmq';
import { postEvent } from '../alerts/index.js';
import type { AlertEvent, DeliveryAttempt } from '../alerts/types.js';
import type { PipelineDeps } from '../app/deps.js';
import { systemClock } from '../clock.js';
import type { ResolvedWebhook } from '../config/webhooks-schema.js';
import { LOG_EVENTS, type Logger } from '../log.js';
import { alertAttemptWindowMs, IN_FLIGHT_MARGIN_MS } from '../queue/alert-lock.js';
import { type InFlightLease, takeInFlightLease } from './lease.js';
import { wake } from './order.js';

/** Thrown to have BullMQ retry after the webhook's backoff; carries the receiver's Retry-After to it. */
export class RetryDeliveryError extends Error {
  readonly retryAfterMs: number | undefined;

  constructor(message: string, retryAfterMs: number | undefined) {
    super(message);
    this.name = 'RetryDeliveryError';
    this.retryAfterMs = retryAfterMs;
  }
}

export interface AttemptScope {
  deps: PipelineDeps;
  webhook: ResolvedWebhook;
  job: Job;
  /** The worker's lock token for `job` (BullMQ needs it to move an active job to delayed). */
  token: string | undefined;
  log: Logger;
  /** This run's attempt number, from 1. */
  attempt: number;
}

async function backToDelayed(scope: AttemptScope, delayMs: number): Promise<never> {
  await scope.job.moveToDelayed(Date.now() + delayMs, scope.token);
  throw new DelayedError();
}

export async function inFlight<T>(
  scope: AttemptScope,
  run: (lease: InFlightLease) => Promise<T>,
): Promise<T> {
  const { deps, webhook, job } = scope;
  const key = deps.keys.webhookInFlight(webhook.id, job.id ?? '');
  const window = alertAttemptWindowMs(webhook.timeout_ms);
  const taken = await takeInFlightLease(deps.redis, key, window, IN_FLIGHT_MARGIN_MS);
  if (!taken.held) {
    scope.log.warn(
      { event: LOG_EVENTS.alertInFlight, webhookId: webhook.id, lapsesInMs: taken.lapsesInMs },
      `webhook ${webhook.id}: another run of this delivery is still waiting for the receiver; this one waits for it`,
    );
    return backToDelayed(scope, taken.lapsesInMs + 1);
  }
  try {
    return await run(taken.lease);
  } finally {
    await taken.lease.release();
  }
}

/** `withEventId` names the event in the job's log: a batch logs several. */
export async function send(scope: AttemptScope, event: AlertEvent, withEventId = false) {
  // Signed with wall-clock time, not deps.clock: receivers reject a webhook-timestamp more than five
  // minutes from their own clock, whatever time a replay or the demo simulates.
  const attempt = await postEvent(scope.webhook, event, { now: systemClock.now() });
  const at = scope.deps.clock.now().toISOString();
  const eventId = withEventId ? { eventId: event.id } : {};
  await scope.job.log(JSON.stringify({ at, attempt: scope.attempt, ...eventId, ...attempt }));
  return attempt;
}

/** A failed delivery on a log line, in the one error shape. */
function deliveryErr(message: string): { code: 'ALERT_DELIVERY_FAILED'; message: string } {
  return { code: 'ALERT_DELIVERY_FAILED', message };
}

export type ReportedOutcome = 'delivered' | 'retrying' | 'dead_lettered';

export function report(
  scope: AttemptScope,
  event: AlertEvent,
  attempt: DeliveryAttempt,
  outcome: ReportedOutcome,
): void {
  const fields = {
    webhookId: scope.webhook.id,
    eventId: event.id,
    eventType: event.type,
    attempt: scope.attempt,
    httpStatus: attempt.httpStatus,
    durationMs: attempt.durationMs,
  };
  scope.deps.metrics?.delivery(outcome);
  if (attempt.outcome === 'delivered') {
    scope.log.info(
      { event: LOG_EVENTS.alertDelivered, ...fields },
      `webhook ${scope.webhook.id}: ${event.id} delivered`,
    );
  } else if (outcome === 'retrying') {
    const retryAfterMs = attempt.outcome === 'retry' ? attempt.retryAfterMs : undefined;
    scope.log.info(
      { event: LOG_EVENTS.alertRetrying, ...fields, err: deliveryErr(attempt.error), retryAfterMs },
      `webhook ${scope.webhook.id}: ${event.id} will be retried: ${attempt.error}`,
    );
  } else {
    scope.log.warn(
      { event: LOG_EVENTS.alertDeadLettered, ...fields, err: deliveryErr(attempt.error) },
      `webhook ${scope.webhook.id}: ${event.id} dead-lettered: ${attempt.error}`,
    );
  }
}

/**
 * Puts the run back until an earlier change is done. `isTurn` is asked again once the job is delayed: the
 * earlier one may have finished (and found this job still active, so not woken it) in between.
 */
export async function waitTurn(
  scope: AttemptScope,
  fields: Record<string, unknown>,
  isTurn: () => Promise<boolean>,
): Promise<never> {
  scope.log.info(
    { event: LOG_EVENTS.alertWaiting, webhookId: scope.webhook.id, ...fields },
    `webhook ${scope.webhook.id}: an earlier change of this claim goes first`,
  );
  // Woken by the earlier change (finishChange); the webhook's first retry delay is the fallback.
  await scope.job.moveToDelayed(Date.now() + scope.webhook.retry.base_delay_ms, scope.token);
  if (await isTurn()) await wake(scope.job);
  throw new DelayedError();
}
