/**
 * How long one delivery attempt can be in flight: a webhook's worker holds each job's lock at least this
 * long (workers.ts), and the in-flight lease of a POST lasts as long (delivery/attempt.ts), so a job is
 * never handed to another worker, nor sent again, while a request of it may still be waiting for an answer.
 */

/** The longest a receiver may take (webhooks-schema.ts timeout_ms maximum). */
export const MAX_TIMEOUT_MS = 120_000;
/** How far past its deadline an attempt may still be running: an event-loop pause, a slow Redis reply. */
export const IN_FLIGHT_MARGIN_MS = 5_000;

/** How long one delivery attempt to a webhook with this timeout can be in flight. */
export function alertAttemptWindowMs(timeoutMs: number): number {
  return timeoutMs + IN_FLIGHT_MARGIN_MS;
}
