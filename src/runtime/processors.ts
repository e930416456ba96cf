/**
 * Binds the jobs in jobs/ to their queues. Each job gets a child logger carrying `jobId` and the ids its
 * data names (`feedId`, `claimId`, `itemId`, `webhookId`), so every line about it can be found; a failure
 * is logged once here with its typed code and re-thrown for BullMQ's retry. `alerts` is the processor of
 * every webhook's queue: it runs deliver-alert or deliver-alert-batch by the job's name.
 */
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { deliverAlert, RetryDeliveryError } from '../../jobs/deliver-alert.js';
import { deliverAlertBatch } from '../../jobs/deliver-alert-batch.js';
import { deriveStatus } from '../../jobs/derive-status.js';
import { pollFeed } from '../../jobs/poll-feed.js';
import { recordEvidence } from '../../jobs/record-evidence.js';
import { sweep } from '../../jobs/sweep.js';
import { toPolicyWatchError } from '../errors.js';
import { LOG_EVENTS, type Logger } from '../log.js';
import {
  type AlertJobData,
  type DeliverAlertBatchData,
  type DeliverAlertData,
  type DeriveStatusData,
  isBatch,
  type PollFeedData,
  type RecordEvidenceData,
  type SweepData,
} from '../queue/names.js';
import type { Processors } from '../queue/workers.js';
import type { PipelineDeps } from './deps.js';

function logged<Data, Result>(
  deps: PipelineDeps,
  fields: (data: Data) => Record<string, unknown>,
  run: (data: Data, log: Logger, job: Job<Data>, token: string | undefined) => Promise<Result>,
) {
  return async (job: Job<Data>, token?: string): Promise<Result> => {
    const log = deps.logger.child({
      jobId: job.id,
      job: job.name,
      attempt: job.attemptsMade + 1,
      ...fields(job.data),
    });
    try {
      return await run(job.data, log, job, token);
    } catch (thrown) {
      // Deliveries log their own outcome (alert.retrying / alert.dead_lettered / alert.waiting).
      if (
        thrown instanceof RetryDeliveryError ||
        thrown instanceof UnrecoverableError ||
        thrown instanceof DelayedError
      )
        throw thrown;
      const error = toPolicyWatchError(thrown);
      log.error(
        { event: LOG_EVENTS.jobFailed, error: error.toJSON(), err: thrown },
        `job failed: ${error.message}`,
      );
      throw thrown;
    }
  };
}

export function pipelineProcessors(deps: PipelineDeps): Processors {
  return {
    poll: logged(
      deps,
      (data: PollFeedData) => ({ feedId: data.feedId, slot: data.slot, reason: data.reason }),
      (data, log) => pollFeed(data, deps, log),
    ),
    'derive-status': logged(
      deps,
      (data: DeriveStatusData) => ({ claimId: data.claimId, at: data.at }),
      async (data, log) => {
        const result = await deriveStatus(data, deps, log);
        if (result.change) deps.metrics?.statusChanged(result.change.claim, result.change.to);
        return result;
      },
    ),
    evidence: logged(
      deps,
      (data: RecordEvidenceData) => ({
        claimId: data.claimId,
        itemId: data.evidence.itemId,
        feedId: data.evidence.feedId,
      }),
      (data, log, job) => recordEvidence(data, String(job.id), deps, log),
    ),
    sweep: logged(
      deps,
      (data: SweepData) => ({ slot: data.slot }),
      async (data, log) => {
        const result = await sweep(data, deps, log);
        for (const change of result.changes) deps.metrics?.statusChanged(change.claim, change.to);
        return result;
      },
    ),
    alerts: logged(
      deps,
      (data: AlertJobData) =>
        isBatch(data)
          ? { webhookId: data.webhookId, pollKey: data.pollKey, events: data.events.length }
          : { webhookId: data.webhookId, eventId: data.event.id },
      (data, log, job, token): Promise<unknown> =>
        isBatch(data)
          ? deliverAlertBatch(job as Job<DeliverAlertBatchData>, token, deps, log)
          : deliverAlert(job as Job<DeliverAlertData>, token, deps, log),
    ),
  } as Processors;
}
