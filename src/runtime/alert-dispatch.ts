/**
 * Hands alert events to the delivery queue: one `deliver-alert` job per subscribed webhook, with the
 * deterministic id (webhook, event id), so dispatching an event twice sends it once.
 *
 * Status changes are dispatched from the claim's history, not from the moment of the change: a cursor
 * (`claimAlerted`, the highest seq handed over) is raised after the jobs are queued, and every dispatch
 * sends what lies past it. A worker that dies between recording a change and queueing its alerts leaves the
 * change past the cursor, and the next dispatch for that claim — the next evidence, or the sweep at the
 * latest — sends it. Nothing is lost; the ids keep anything from going out twice.
 */

import type { Redis } from 'ioredis';
import { statusChangedEvent } from '../alerts/index.js';
import type { AlertEvent, AlertEventType } from '../alerts/types.js';
import type { ResolvedWebhook } from '../config/webhooks-schema.js';
import { JOB_NAMES, jobIds } from '../queue/names.js';
import type { PipelineDeps } from './deps.js';

/**
 * Raises a string counter to ARGV[1] unless it is already there or higher.
 * KEYS[1]  the counter (keys.claimAlerted)
 * ARGV[1]  the new value, a decimal integer
 * Returns  the counter's value after the call.
 */
const RAISE_LUA = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local wanted = tonumber(ARGV[1])
if wanted > current then redis.call('SET', KEYS[1], ARGV[1]) return wanted end
return current
`;

function raiseCursor(redis: Redis, key: string, value: number): Promise<unknown> {
  return redis.eval(RAISE_LUA, 1, key, String(value));
}

export function subscribers(webhooks: readonly ResolvedWebhook[], type: AlertEventType, claimId?: string) {
  return webhooks.filter(
    (webhook) =>
      (webhook.events as readonly string[]).includes(type) &&
      (claimId === undefined || !webhook.claims || webhook.claims.includes(claimId)),
  );
}

/** Queues one delivery of `event` per webhook subscribed to its type (and claim); returns the job ids. */
export async function enqueueAlert(
  deps: PipelineDeps,
  event: AlertEvent,
  claimId?: string,
): Promise<string[]> {
  const targets = subscribers(deps.config.webhooks, event.type, claimId);
  if (targets.length === 0) return [];
  const jobs = targets.map((webhook) => ({
    name: JOB_NAMES.deliverAlert,
    data: { webhookId: webhook.id, event },
    opts: { jobId: jobIds.alert(webhook.id, event.id), attempts: webhook.retry.attempts },
  }));
  await deps.queues.alerts.addBulk(jobs);
  return jobs.map((job) => job.opts.jobId);
}

/** Sends every status change of the claim past its alert cursor, then raises the cursor. */
export async function dispatchClaimChanges(deps: PipelineDeps, claimId: string): Promise<number> {
  const claim = deps.config.claims.find((candidate) => candidate.id === claimId);
  if (!claim) return 0;
  const cursorKey = deps.keys.claimAlerted(claimId);
  const alerted = Number((await deps.redis.get(cursorKey)) ?? 0);
  const pending = (await deps.ledger.getHistory(claimId)).filter((change) => change.seq > alerted);
  if (pending.length === 0) return 0;
  if (subscribers(deps.config.webhooks, 'claim.status_changed', claimId).length > 0) {
    const evidence = await deps.ledger.getEvidence(claimId);
    for (const change of pending) {
      const cited = evidence.filter((record) => change.evidence.includes(record.id));
      await enqueueAlert(deps, statusChangedEvent(claim, change, cited, claim.window_days), claimId);
    }
  }
  // With no subscriber the cursor still moves: a webhook added later starts from now, not from history.
  await raiseCursor(deps.redis, cursorKey, pending.at(-1)?.seq ?? alerted);
  return pending.length;
}
