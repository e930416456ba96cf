/**
 * Hands alert events to the webhooks' delivery queues (one queue per webhook), with deterministic job ids,
 * so dispatching an event twice sends it once:
 *
 * - enqueueAlert: one `deliver-alert` job per subscribed webhook (feed health, a single evidence event).
 * - dispatchClaimChanges: status changes, each linked into its claim's order for each webhook
 *   (delivery/order.ts) so they reach every receiver in `seq` order.
 * - enqueueEvidenceAlerts: all claim.evidence_added events of one poll, one `deliver-alert-batch` job per
 *   subscribed webhook.
 *
 * Status changes are dispatched from the claim's history, not from the moment of the change: a cursor
 * (`claimAlerted`, the highest seq handed over) is raised after the jobs are queued, and every dispatch
 * sends what lies past it. A worker that dies between recording a change and queueing its alerts leaves the
 * change past the cursor, and the next dispatch for that claim — the next evidence, or the sweep at the
 * latest — sends it. Nothing is lost; the ids keep anything from going out twice.
 */

import { statusChangedEvent } from '../alerts/index.js';
import type { AlertEvent, AlertEventType } from '../alerts/types.js';
import type { PipelineDeps } from '../app/deps.js';
import type { ChangeRecord } from '../claims/index.js';
import type { ResolvedWebhook } from '../config/webhooks-schema.js';
import { registerAlertQueue } from '../queue/alert-queues.js';
import { type DeliverAlertBatchData, type DeliverAlertData, JOB_NAMES, jobIds } from '../queue/names.js';
import type { RedisClient } from '../redis/client.js';
import { luaScript, runLua } from '../redis/lua.js';
import { WEBHOOK_BACKOFF } from './backoff.js';
import { linkChange } from './order.js';

/**
 * Raises a string counter to ARGV[1] unless it is already there or higher.
 * KEYS[1]  the counter (keys.claimAlerted)
 * ARGV[1]  the new value, a decimal integer
 * Returns  the counter's value after the call.
 */
const RAISE = luaScript(
  'alert-cursor-raise',
  `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local wanted = tonumber(ARGV[1])
if wanted > current then redis.call('SET', KEYS[1], ARGV[1]) return wanted end
return current
`,
);

function raiseCursor(redis: RedisClient, key: string, value: number): Promise<unknown> {
  return runLua(redis, RAISE, [key], [String(value)]);
}

export function subscribers(webhooks: readonly ResolvedWebhook[], type: AlertEventType, claimId?: string) {
  return webhooks.filter(
    (webhook) =>
      (webhook.events as readonly string[]).includes(type) &&
      (claimId === undefined || !webhook.claims || webhook.claims.includes(claimId)),
  );
}

async function addDelivery(deps: PipelineDeps, webhook: ResolvedWebhook, data: DeliverAlertData) {
  const jobId = jobIds.alert(webhook.id, data.event.id);
  await registerAlertQueue(deps.redis, deps.keys, webhook.id);
  await deps.queues.alerts
    .of(webhook.id)
    .add(JOB_NAMES.deliverAlert, data, { jobId, attempts: webhook.retry.attempts, backoff: WEBHOOK_BACKOFF });
  return jobId;
}

/** Queues one delivery of `event` per webhook subscribed to its type (and claim); returns the job ids. */
export async function enqueueAlert(
  deps: PipelineDeps,
  event: AlertEvent,
  claimId?: string,
): Promise<string[]> {
  const targets = subscribers(deps.config.webhooks, event.type, claimId);
  return Promise.all(targets.map((webhook) => addDelivery(deps, webhook, { webhookId: webhook.id, event })));
}

/** Queues one status change for every subscribed webhook, behind the claim's earlier changes. */
async function enqueueStatusChange(deps: PipelineDeps, change: ChangeRecord, event: AlertEvent) {
  for (const webhook of subscribers(deps.config.webhooks, event.type, change.claim)) {
    const after = await linkChange(deps, webhook.id, change.claim, change.seq);
    if (after === undefined) continue; // queued before and already delivered or dead-lettered
    const order = { claimId: change.claim, seq: change.seq, after };
    await addDelivery(deps, webhook, { webhookId: webhook.id, event, order });
  }
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
      await enqueueStatusChange(deps, change, statusChangedEvent(claim, change, cited, claim.window_days));
    }
  }
  // With no subscriber the cursor still moves: a webhook added later starts from now, not from history.
  await raiseCursor(deps.redis, cursorKey, pending.at(-1)?.seq ?? alerted);
  return pending.length;
}

export interface EvidenceAlert {
  claimId: string;
  /** A claim.evidence_added event (alerts/payload.ts evidenceAddedEvent). */
  event: AlertEvent;
}

/**
 * Queues the claim.evidence_added events of one poll: ONE `deliver-alert-batch` job per subscribed webhook
 * holding that webhook's events (its `claims` filter applied; an event listed twice goes once), with the
 * job id built from (webhook, pollKey). Call it once per poll with all of the poll's new evidence events;
 * calling it again with the same pollKey (a poll job run twice) queues nothing new while the first batch is
 * kept (2 days). Each event is still POSTed alone under its own `webhook-id`. Returns the job ids queued.
 */
export async function enqueueEvidenceAlerts(
  deps: PipelineDeps,
  pollKey: string,
  items: readonly EvidenceAlert[],
): Promise<string[]> {
  const jobIdsQueued: string[] = [];
  for (const webhook of subscribers(deps.config.webhooks, 'claim.evidence_added')) {
    const events = new Map<string, AlertEvent>();
    for (const { claimId, event } of items) {
      if (event.type !== 'claim.evidence_added') continue;
      if (!webhook.claims || webhook.claims.includes(claimId)) events.set(event.id, event);
    }
    if (events.size === 0) continue;
    const jobId = jobIds.alertBatch(webhook.id, pollKey);
    const data: DeliverAlertBatchData = {
      webhookId: webhook.id,
      pollKey,
      events: [...events.values()],
      delivered: [],
      refused: [],
    };
    await registerAlertQueue(deps.redis, deps.keys, webhook.id);
    await deps.queues.alerts.of(webhook.id).add(JOB_NAMES.deliverAlert, data, {
      jobId,
      attempts: webhook.retry.attempts,
      backoff: WEBHOOK_BACKOFF,
    });
    jobIdsQueued.push(jobId);
  }
  return jobIdsQueued;
}
