/**
 * Which alert delivery queues may hold jobs: each configured webhook's, each a removed webhook left behind,
 * and the legacy shared queue. A webhook's id is registered (keys.webhookQueues) before its first job is
 * queued, so a queue outlives its webhook's removal from the config only as a known name: the daemon drops
 * its waiting jobs (delivery/leftovers.ts) and `dlq` still lists its dead letters.
 */
import type { JobType, Queue } from 'bullmq';
import type { RedisClient } from '../redis/client.js';
import type { KeyBuilder } from '../redis/keys.js';
import type { Queues } from './queues.js';

export interface AlertQueueRef {
  /** The webhook the queue belongs to; undefined for the legacy shared queue. */
  webhookId: string | undefined;
  queue: Queue;
}

/** Remembers that `webhookId` has a queue; idempotent. */
export async function registerAlertQueue(
  redis: RedisClient,
  keys: KeyBuilder,
  webhookId: string,
): Promise<void> {
  await redis.sadd(keys.webhookQueues, webhookId);
}

/** The webhook ids that ever had a queue under this prefix. */
export async function registeredAlertQueues(redis: RedisClient, keys: KeyBuilder): Promise<string[]> {
  return (await redis.smembers(keys.webhookQueues)).sort();
}

/** Every alert queue: the configured webhooks' first (in config order), then removed ones', then legacy. */
export async function allAlertQueues(
  redis: RedisClient,
  keys: KeyBuilder,
  queues: Queues,
  configuredIds: readonly string[],
): Promise<AlertQueueRef[]> {
  const registered = await registeredAlertQueues(redis, keys);
  const ids = [...new Set([...configuredIds, ...registered])];
  return [
    ...ids.map((webhookId) => ({ webhookId, queue: queues.alerts.of(webhookId) })),
    { webhookId: undefined, queue: queues.alerts.legacy() },
  ];
}

/** Job counts in `states`, summed over the given queues. */
export async function sumJobCounts(
  refs: readonly AlertQueueRef[],
  ...states: JobType[]
): Promise<Record<string, number>> {
  const totals: Record<string, number> = Object.fromEntries(states.map((state) => [state, 0]));
  const counts = await Promise.all(refs.map((ref) => ref.queue.getJobCounts(...states)));
  for (const count of counts) {
    for (const state of states) totals[state] = (totals[state] ?? 0) + (count[state] ?? 0);
  }
  return totals;
}
