/**
 * The pipeline benchmark's attribution phase: cycle 1 run again, on a fresh key prefix so that every story
 * is new again, with MONITOR counting each command into its pipeline step (pipeline-steps.ts); then its
 * derivations; then the delivery of every alert it queued, by an alerts worker started only now, to the
 * local receiver. Nothing here is timed against a target: MONITOR slows the server and this process.
 */
import type { Job } from 'bullmq';
import { openRuntime } from '../../src/app/open.js';
import { pipelineProcessors } from '../../src/app/processors.js';
import { readEnv } from '../../src/config/env.js';
import type { PolicyWatchConfig } from '../../src/config/load.js';
import { alertBackoff } from '../../src/delivery/backoff.js';
import { createLogger } from '../../src/log.js';
import { createWorkers, type Processors, type WorkerOptions } from '../../src/queue/workers.js';
import { deleteKeys } from '../support/redis.js';
import type { Cleanups } from './cleanups.js';
import type { Attribution } from './pipeline-breakdown.js';
import { trackJobs } from './pipeline-cycle.js';
import { monitorPrefix } from './pipeline-redis.js';
import {
  type ClaimChanges,
  measureCycle,
  measureDerivations,
  type PhaseContext,
  readChanges,
} from './pipeline-report.js';

/** The pipeline's processors without the alerts queue's: the timed phases queue alerts but deliver none. */
export function processorsWithoutAlerts(all: Processors): Processors {
  const { alerts: _alerts, ...rest } = all;
  return rest;
}

export async function runAttribution(options: {
  context: PhaseContext;
  config: PolicyWatchConfig;
  prefix: string;
  feedIds: string[];
  slot: number;
  workerOptions: WorkerOptions;
  cleanups: Cleanups;
}): Promise<Attribution & { claims: ClaimChanges[] }> {
  const { context, prefix, cleanups } = options;
  const logger = createLogger({ destination: context.timeline.stream });
  const runtime = await openRuntime({ config: options.config, prefix, logger });
  cleanups.push({
    name: 'attribution keys',
    run: async () => {
      await deleteKeys(runtime.redis, runtime.keys.pattern);
      await runtime.close();
    },
  });
  const processors = pipelineProcessors(runtime);
  const connection = runtime.bullConnection;
  const workers = createWorkers(
    connection,
    runtime.keys,
    processorsWithoutAlerts(processors),
    options.workerOptions,
  );
  cleanups.push({ name: 'attribution workers', run: () => workers.close() });
  for (const worker of workers.workers) worker.on('error', (error) => console.error('worker error:', error));
  await Promise.all(workers.workers.map((worker) => worker.waitUntilReady()));
  const phase = { ...context, runtime, tracker: trackJobs(workers.workers) };

  const cycle = await measureCycle(phase, 'cycle 1 (attribution)', options.feedIds, options.slot, {
    monitor: true,
  });
  const derivations = await measureDerivations(phase, cycle.jobs.deriveJobIds, { monitor: true });
  const claims = await readChanges(runtime);
  // One delivery job per (webhook, poll) that recorded evidence (its batch), and one per status change.
  const batches = cycle.jobs.polls.filter((poll) => poll.recorded > 0).length;
  const expected = batches + claims.reduce((sum, claim) => sum + claim.changes.length, 0);

  const monitoring = await monitorPrefix(readEnv('REDIS_URL'), `{${prefix}}`);
  const started = performance.now();
  const alerts = createWorkers(
    connection,
    runtime.keys,
    { alerts: processors.alerts },
    {
      backoffStrategy: alertBackoff(() => runtime.config.webhooks),
      webhooks: runtime.config.webhooks,
      ...options.workerOptions,
    },
  );
  cleanups.push({ name: 'attribution alert worker', run: () => alerts.close() });
  let finished = 0;
  const delivered = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${expected - finished} deliveries left`)),
      180_000,
    ).unref();
    const count = () => {
      if (++finished < expected) return;
      clearTimeout(timer);
      resolve();
    };
    for (const worker of alerts.workers) {
      worker.on('completed', count);
      worker.on('failed', (job: Job | undefined) => {
        if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) count();
      });
    }
    if (expected === 0) resolve();
  });
  await delivered;
  const ms = performance.now() - started;
  const calls = await monitoring.stop();
  await alerts.close();
  return { prefix, cycle, derivations, deliveries: { count: finished, ms, calls }, claims };
}
