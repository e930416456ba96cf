/**
 * One claim's status changes reach each webhook in `seq` order (DESIGN.md "Feeds and webhooks"): a later
 * change waits while an earlier one is being retried, and one that was delivered or dead-lettered no longer
 * blocks. The order is per (webhook, claim), in one hash (keys.webhookClaimOrder):
 *
 *   queued     the highest seq queued for this webhook
 *   done       the highest seq delivered or dead-lettered: "done up to"
 *   prev:<s>   the seq queued just before s (0: none), which s waits for; removed once s is done
 *   next:<s>   the seq queued just after s, which is woken when s is done; removed with it
 *
 * Links are made when a change is queued (linkChange), not derived from the seq: a webhook added later, or
 * one whose `claims` filter skipped some changes, waits only for what was really queued for it.
 * Both scripts are idempotent: a dispatch or a job run twice changes nothing twice.
 */
import type { Job, Queue } from 'bullmq';
import { type AlertOrder, jobIds } from '../queue/names.js';
import type { RedisClient } from '../redis/client.js';
import type { KeyBuilder } from '../redis/keys.js';
import { luaScript, runLua } from '../redis/lua.js';

/**
 * Links a status change into its claim's delivery order for one webhook.
 * KEYS[1]  the order hash (keys.webhookClaimOrder)
 * ARGV[1]  the change's seq
 * Returns  the seq it waits for (0: none); -1 when it was queued before and is done (queue nothing).
 */
const LINK = luaScript(
  'alert-order-link',
  `
local seq = tonumber(ARGV[1])
local linked = redis.call('HGET', KEYS[1], 'prev:' .. ARGV[1])
if linked then return tonumber(linked) end
local queued = tonumber(redis.call('HGET', KEYS[1], 'queued') or '0')
if seq <= queued then return -1 end
redis.call('HSET', KEYS[1], 'prev:' .. ARGV[1], queued, 'queued', seq)
if redis.call('HEXISTS', KEYS[1], 'prev:' .. queued) == 1 then
  redis.call('HSET', KEYS[1], 'next:' .. queued, seq)
end
return queued
`,
);

/**
 * Marks a status change delivered or dead-lettered for one webhook: raises `done`, unlinks the change.
 * KEYS[1]  the order hash (keys.webhookClaimOrder)
 * ARGV[1]  the change's seq
 * Returns  the seq queued after it, which may go now (0: none).
 */
const FINISH = luaScript(
  'alert-order-finish',
  `
local seq = tonumber(ARGV[1])
local done = tonumber(redis.call('HGET', KEYS[1], 'done') or '0')
if seq > done then redis.call('HSET', KEYS[1], 'done', seq) end
local following = redis.call('HGET', KEYS[1], 'next:' .. ARGV[1])
redis.call('HDEL', KEYS[1], 'prev:' .. ARGV[1], 'next:' .. ARGV[1])
return tonumber(following or '0')
`,
);

export interface OrderDeps {
  redis: RedisClient;
  keys: KeyBuilder;
}

/** The event id of a status change (payload.ts statusChangedEvent): its delivery job's id comes from it. */
function changeJobId(webhookId: string, claimId: string, seq: number): string {
  return jobIds.alert(webhookId, `${claimId}:${seq}`);
}

/** Returns the seq `seq` must wait for (0: none), or undefined when it was queued before and is done. */
export async function linkChange(
  deps: OrderDeps,
  webhookId: string,
  claimId: string,
  seq: number,
): Promise<number | undefined> {
  const after = Number(
    await runLua(deps.redis, LINK, [deps.keys.webhookClaimOrder(webhookId, claimId)], [String(seq)]),
  );
  return after < 0 ? undefined : after;
}

/** The highest seq of the claim delivered or dead-lettered to the webhook (0: none yet). */
export async function doneUpTo(deps: OrderDeps, webhookId: string, claimId: string): Promise<number> {
  return Number((await deps.redis.hget(deps.keys.webhookClaimOrder(webhookId, claimId), 'done')) ?? 0);
}

/**
 * True when the change before this one is done. A predecessor whose job is gone or finished does not block
 * either: state lost by hand (a queue emptied, a webhook's jobs dropped) must not hold a change for ever.
 */
export async function isTurn(deps: OrderDeps, queue: Queue, webhookId: string, order: AlertOrder) {
  if (order.after <= 0) return true;
  if ((await doneUpTo(deps, webhookId, order.claimId)) >= order.after) return true;
  const state = await queue.getJobState(changeJobId(webhookId, order.claimId, order.after));
  return state === 'completed' || state === 'failed' || state === 'unknown';
}

/** Marks the change done and wakes the one queued after it, if it is waiting. */
export async function finishChange(
  deps: OrderDeps,
  queue: Queue,
  webhookId: string,
  order: AlertOrder,
): Promise<void> {
  const key = deps.keys.webhookClaimOrder(webhookId, order.claimId);
  const following = Number(await runLua(deps.redis, FINISH, [key], [String(order.seq)]));
  if (following > 0) await wake(await queue.getJob(changeJobId(webhookId, order.claimId, following)));
}

/** Moves a delayed job to wait now; a job that is not delayed (active, already woken) is left alone. */
export async function wake(job: Job | undefined): Promise<void> {
  if (!job || !(await job.isDelayed())) return;
  // It can start between the check and the promote, which then throws: it is running, which was the point.
  await job.promote().catch(() => undefined);
}
