/**
 * The Redis reads behind the scrape-time gauges of /metrics (metrics.ts): job counts per queue, dead
 * letters (the alerts queue's failed jobs) and the feeds at or past `failing_after`. Each read is bounded
 * (deadline.ts), so a scrape during a Redis outage answers with the process metrics and counters alone.
 */
import { readAllFeedHealth } from '../feeds/feed-state-store.js';
import { QUEUE_STATES, type QueueState, type ScrapeSource } from '../metrics/metrics.js';
import { QUEUE_NAMES } from '../queue/names.js';
import type { PipelineDeps } from '../runtime/deps.js';
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
        const entries = Object.entries(QUEUE_NAMES) as [keyof typeof QUEUE_NAMES, string][];
        const names = entries.map(([, name]) => name);
        const counts = await Promise.all(
          entries.map(([key]) => deps.queues[key].getJobCounts(...QUEUE_STATES)),
        );
        return Object.fromEntries(
          names.map((name, index) => [
            name,
            Object.fromEntries(QUEUE_STATES.map((state) => [state, counts[index]?.[state] ?? 0])) as Record<
              QueueState,
              number
            >,
          ]),
        );
      }),
    deadLetters: () => bounded('dead letters', () => deps.queues.alerts.getFailedCount()),
    feedsFailing: () =>
      bounded('feed health', async () => {
        const ids = deps.config.feeds.map((feed) => feed.id);
        const health = await readAllFeedHealth(deps.redis, deps.keys, ids);
        const threshold = deps.config.alerts.failing_after;
        return [...health.values()].filter((record) => record.consecutiveFailures >= threshold).length;
      }),
  };
}
