/**
 * A job, whole, in one place (the model: graphile-worker's task files). Each jobs/<name>.ts exports one
 * definition: the job's name (which is also its queue's name), its attempts and back-off, how many run at
 * once per process, the ids every log line about it carries, and what it does. jobs/index.ts lists them, and
 * the queues' workers (workers.ts), the processors (app/processors.ts) and each job's enqueue function
 * are derived from the list instead of repeating it.
 *
 * Payload types stay in names.ts with the deterministic job ids: the code in src/ that queues jobs (the
 * alert dispatcher, the scheduler) needs them, and src/ never imports jobs/ except to run them.
 */
import type { BackoffOptions, Job, JobsOptions } from 'bullmq';
import type { Logger } from '../log.js';

export interface JobContext<Data> {
  /** A child logger already carrying the job's id, name, attempt and `logFields`. */
  log: Logger;
  job: Job<Data>;
  /** The worker's lock token (BullMQ passes it to the processor): for `moveToDelayed`. */
  token: string | undefined;
}

export interface JobDefinition<Data, Result, Deps> {
  /** The job's name and its queue's name (a webhook's queue adds the webhook id: names.ts alertQueueName). */
  readonly name: string;
  /** Attempts in all, the first one included. */
  readonly attempts: number;
  readonly backoff: BackoffOptions;
  /** Jobs of this kind one process runs at once. */
  readonly concurrency: number;
  /** The ids the job's data names (`feedId`, `claimId`, …), put on every log line about it. */
  logFields(data: Data): Record<string, unknown>;
  run(data: Data, deps: Deps, context: JobContext<Data>): Promise<Result>;
}

/** Identity, for type inference at the definition site. */
export function defineJob<Data, Result, Deps>(
  definition: JobDefinition<Data, Result, Deps>,
): JobDefinition<Data, Result, Deps> {
  return definition;
}

/** The options every `add` of a job of this kind carries: its attempts and back-off. */
export function retryOptions(definition: {
  attempts: number;
  backoff: BackoffOptions;
}): Pick<JobsOptions, 'attempts' | 'backoff'> {
  return { attempts: definition.attempts, backoff: definition.backoff };
}
