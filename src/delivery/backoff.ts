/**
 * BullMQ backoff strategy for alert deliveries (backoff type 'webhook'): the webhook's own retry schedule
 * (exponential with jitter, src/alerts/backoff.ts), or the receiver's Retry-After when that is longer.
 */
import type { BackoffStrategy } from 'bullmq';
import { retryDelayMs } from '../alerts/index.js';
import type { ResolvedWebhook } from '../config/webhooks-schema.js';
import type { DeliverAlertData } from '../queue/names.js';

/** The back-off every delivery job carries: its delay is computed by `alertBackoff`. */
export const WEBHOOK_BACKOFF = { type: 'webhook' } as const;

export function alertBackoff(webhooks: () => readonly ResolvedWebhook[]): BackoffStrategy {
  return (attemptsMade, _type, error, job) => {
    const data = job?.data as DeliverAlertData | undefined;
    const webhook = webhooks().find((candidate) => candidate.id === data?.webhookId);
    if (!webhook) return 0;
    const retryAfterMs = (error as { retryAfterMs?: number } | undefined)?.retryAfterMs;
    return retryDelayMs(attemptsMade, webhook.retry, Math.random, retryAfterMs);
  };
}
