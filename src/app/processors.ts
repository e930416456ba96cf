/**
 * Binds the jobs of jobs/index.ts to their queues. Each job gets a child logger carrying `jobId`, `job`,
 * `attempt` and the ids its definition names (`feedId`, `claimId`, `webhookId`, …), so every line about it
 * can be found; a failure is logged once here with its typed code and re-thrown for BullMQ's retry.
 * `alerts` is the processor of every webhook's queue.
 */
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { ALERT_JOB, LEGACY_JOBS, PIPELINE_JOBS } from '../../jobs/index.js';
import { RetryDeliveryError } from '../delivery/attempt.js';
import { LOG_EVENTS } from '../log.js';
import type { JobDefinition } from '../queue/job-definition.js';
import type { Processors } from '../queue/workers.js';
import { toRedisAwareError } from '../redis/connection-error.js';
import type { PipelineDeps } from './deps.js';

function logged<Data, Result>(deps: PipelineDeps, definition: JobDefinition<Data, Result, PipelineDeps>) {
  return async (job: Job<Data>, token?: string): Promise<Result> => {
    const log = deps.logger.child({
      jobId: job.id,
      job: job.name,
      attempt: job.attemptsMade + 1,
      ...definition.logFields(job.data),
    });
    try {
      return await definition.run(job.data, deps, { log, job, token });
    } catch (thrown) {
      // Deliveries log their own outcome (alert.retrying / alert.dead_lettered / alert.waiting).
      if (
        thrown instanceof RetryDeliveryError ||
        thrown instanceof UnrecoverableError ||
        thrown instanceof DelayedError
      )
        throw thrown;
      const error = toRedisAwareError(thrown);
      log.error(
        { event: LOG_EVENTS.jobFailed, err: error.toJSON() },
        `job ${job.name} ${String(job.id)} failed: ${error.message}`,
      );
      throw thrown;
    }
  };
}

export function pipelineProcessors(deps: PipelineDeps): Processors {
  return {
    poll: logged(deps, PIPELINE_JOBS.poll),
    derive: logged(deps, PIPELINE_JOBS.derive),
    sweep: logged(deps, PIPELINE_JOBS.sweep),
    alerts: logged(deps, ALERT_JOB),
    legacyEvidence: logged(deps, LEGACY_JOBS.evidence),
  } as Processors;
}
