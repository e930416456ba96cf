/**
 * The Redis reads behind the scrape-time gauges of /metrics (metrics.ts): job counts per queue (the
 * pipeline's and each configured webhook's `deliver-alert-<id>`), dead letters (the failed jobs of every
 * alert queue, a removed webhook's and the legacy one's included) and the feeds at or past `failing_after`.
 * Each read is bounded (deadline.ts), so a scrape during a Redis outage answers with the process metrics
 * and counters alone.
 */

import type { PipelineDeps } from '../app/deps.js';
import { readAllFeedHealth } from '../feeds/state/index.js';
import { QUEUE_STATES, type QueueState, type ScrapeSource } from '../metrics/metrics.js';
import { allAlertQueues } from '../queue/alert-queues.js';
import { alertQueueName, QUEUE_NAMES } from '../queue/names.js';
import { redisNotReady, withDeadline } from './deadline.js';

type ScrapeDeps = Pick<PipelineDeps, 'config' | 'queues' | 'redis' | 'keys'>;

export function runtimeScrapeSource(deps: ScrapeDeps, timeoutMs: number): ScrapeSource {
  const bounded = <T>(what: string, read: () => Promise<T>): Promise<T> => {
    // The daemon's own connection stands for Redis: while it is down, the queues' connections are too.
    const why = redisNotReady(deps.redis);
    if (why) return Promise.reject(new Error(why));
    return withDeadline(read(), timeoutMs, what);
  };
  return {
    queueDepths: () =>
      bounded('queue depths', async () => {
        const pipeline = Object.entries(QUEUE_NAMES) as [keyof typeof QUEUE_NAMES, string][];
        const queues = [
          ...pipeline.map(([key, name]) => ({ name, queue: deps.queues[key] })),
          ...deps.config.webhooks.map(({ id }) => ({
            name: alertQueueName(id),
            queue: deps.queues.alerts.of(id),
          })),
        ];
        const counts = await Promise.all(queues.map(({ queue }) => queue.getJobCounts(...QUEUE_STATES)));
        return Object.fromEntries(
          queues.map(({ name }, index) => [
            name,
            Object.fromEntries(QUEUE_STATES.map((state) => [state, counts[index]?.[state] ?? 0])) as Record<
              QueueState,
              number
            >,
          ]),
        );
      }),
    deadLetters: () =>
      bounded('dead letters', async () => {
        const ids = deps.config.webhooks.map((webhook) => webhook.id);
        const refs = await allAlertQueues(deps.redis, deps.keys, deps.queues, ids);
        const counts = await Promise.all(refs.map(({ queue }) => queue.getFailedCount()));
        return counts.reduce((sum, count) => sum + count, 0);
      }),
    feedsFailing: () =>
      bounded('feed health', async () => {
        const ids = deps.config.feeds.map((feed) => feed.id);
        const health = await readAllFeedHealth(deps.redis, deps.keys, ids);
        const threshold = deps.config.alerts.failing_after;
        return [...health.values()].filter((record) => record.consecutiveFailures >= threshold).length;
      }),
  };
}
