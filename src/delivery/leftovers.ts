/**
 * A webhook removed from the config leaves its queue behind. At start, a daemon that runs workers drops the
 * jobs still waiting there — waiting, delayed or prioritized — each with the `alert.dropped` line that a
 * delivery of a removed webhook logs, and keeps its dead letters (still listed by `dlq list` for 30 days).
 * A job active in another process is left to that process, whose own run drops it the same way.
 */
import type { Job } from 'bullmq';
import type { PipelineDeps } from '../app/deps.js';
import { LOG_EVENTS, type Logger } from '../log.js';
import { registeredAlertQueues } from '../queue/alert-queues.js';
import { type AlertJobData, isBatch } from '../queue/names.js';

/** Returns how many jobs were dropped. */
export async function dropRemovedWebhookJobs(deps: PipelineDeps, log: Logger): Promise<number> {
  const configured = new Set(deps.config.webhooks.map((webhook) => webhook.id));
  const removed = (await registeredAlertQueues(deps.redis, deps.keys)).filter((id) => !configured.has(id));
  let dropped = 0;
  for (const webhookId of removed) {
    const queue = deps.queues.alerts.of(webhookId);
    const jobs = (await queue.getJobs(['waiting', 'delayed', 'prioritized'])) as Job<AlertJobData>[];
    for (const job of jobs) {
      const events = isBatch(job.data) ? job.data.events : [job.data.event];
      for (const event of events) {
        log.warn(
          {
            event: LOG_EVENTS.alertDropped,
            webhookId,
            eventId: event.id,
            eventType: event.type,
            jobId: job.id,
          },
          `webhook ${webhookId} is no longer configured; alert ${event.id} dropped`,
        );
      }
      // A job that started meanwhile cannot be removed (it is locked): its own run drops it.
      if (
        await job.remove().then(
          () => true,
          () => false,
        )
      )
        dropped += 1;
    }
  }
  return dropped;
}
