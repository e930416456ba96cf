/**
 * Drives the real pipeline through the news replay (news-replay.ts) on a ManualClock: for each scripted
 * day, set the clock, poll every feed with `pollNow` (which runs local BullMQ workers, as `policy-watch poll
 * --wait` does) and, on sweep days, run the sweep job through its queue. Everything runs on its own Redis
 * prefix; `close()` removes every key under it, BullMQ's included.
 *
 * With a webhooks.yaml (ReplayOptions.webhooks), `startAlertWorkers` runs the alert deliveries the pipeline
 * queues. They run on a runtime of their own on the system clock: a receiver checks `webhook-timestamp`
 * against its own clock, which the replay's ManualClock, standing in 2025, would fail.
 */

import type { DeriveStatusResult } from '../../jobs/derive-status.js';
import type { PollResult } from '../../jobs/poll-feed.js';
import type { SweepResult } from '../../jobs/sweep.js';
import { enqueueSweep } from '../../jobs/sweep.js';
import type { ChangeRecord, ClaimState, EvidenceRecord } from '../../src/claims/index.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger, type Logger } from '../../src/log.js';
import { allAlertQueues, sumJobCounts } from '../../src/queue/alert-queues.js';
import { createWorkers, type Workers } from '../../src/queue/workers.js';
import type { RedisClient, RedisTarget } from '../../src/redis/connection.js';
import { redisErrorLog } from '../../src/redis/error-log.js';
import { listKeys } from '../../src/redis/scan.js';
import { alertBackoff } from '../../src/runtime/alert-backoff.js';
import { openRuntime, type Runtime } from '../../src/runtime/open.js';
import { pollNow } from '../../src/runtime/poll-now.js';
import { pipelineProcessors } from '../../src/runtime/processors.js';
import { waitForJobs } from '../../src/runtime/wait-for-jobs.js';
import {
  dayInstant,
  FEED_IDS,
  NEWS_SCRIPT,
  type NewsServer,
  type NewsServerOptions,
  removeConfigDir,
  type ScriptDay,
  scriptKeyOf,
  startNewsServer,
  writeReplayConfig,
} from './news-replay.js';
import { type TestRedis, testRedis, testRedisUrl } from './redis.js';

export interface DayOutcome {
  date: string;
  /** In FEED_IDS order. */
  polls: PollResult[];
  /** The derivations of the claims the polls touched, run at once (settle-now.ts). */
  derivations: DeriveStatusResult[];
  sweep?: SweepResult;
}

export interface ClaimRecord {
  state: ClaimState;
  history: ChangeRecord[];
  evidence: EvidenceRecord[];
}

export interface ReplayOptions {
  /** The text of webhooks.yaml; secrets are read from process.env when the replay opens. @defaultValue none */
  webhooks?: string;
  /** The pipeline's logger. @defaultValue a silent one */
  logger?: Logger;
  /** A Cluster or Sentinel topology (redis-topologies.ts). @defaultValue the shared test Redis */
  redisTarget?: RedisTarget;
  /** How long a day's jobs may take (a failover in the middle needs more). @defaultValue 30_000 */
  waitMs?: number;
}

export interface AlertWorkerOptions {
  /** @defaultValue a silent logger */
  logger?: Logger;
  /** @defaultValue WorkerOptions' default */
  stalledIntervalMs?: number;
}

export interface AlertWorkers {
  /** Same config and prefix as the replay, on the system clock. */
  runtime: Runtime;
  workers: Workers;
  close(): Promise<void>;
}

export interface Replay {
  redis: TestRedis<RedisClient>;
  server: NewsServer;
  clock: ManualClock;
  runtime: Runtime;
  configDir: string;
  /** Sets the clock to the day's 18:00 UTC, polls every feed, and sweeps on a sweep day. */
  runDay(day: ScriptDay): Promise<DayOutcome>;
  /** Polls every feed at the clock's current time (a manual poll: its own slot). */
  pollAll(): Promise<DayOutcome>;
  /** Every scripted day, in order. */
  runScenario(): Promise<DayOutcome[]>;
  /** The sweep job, enqueued for the clock's current second and processed by a local worker. */
  runSweep(): Promise<SweepResult>;
  /** BullMQ workers for every webhook's queue (the production processor and backoff); closed by `close()`. */
  startAlertWorkers(options?: AlertWorkerOptions): Promise<AlertWorkers>;
  /** Resolves when no alert delivery is waiting, delayed or active in any queue; rejects after `timeoutMs`. */
  alertsSettled(timeoutMs: number): Promise<void>;
  /** Every claim's state, history and evidence, by claim id. */
  claims(): Promise<Record<string, ClaimRecord>>;
  close(): Promise<void>;
}

const WAIT_INTERVAL_MS = 20;

export async function openReplay(
  label: string,
  serverOptions: Partial<NewsServerOptions> = {},
  options: ReplayOptions = {},
): Promise<Replay> {
  const WAIT = { timeoutMs: options.waitMs ?? 30_000, intervalMs: WAIT_INTERVAL_MS };
  const redis = await testRedis(label, options.redisTarget ?? testRedisUrl());
  const clock = new ManualClock(dayInstant(NEWS_SCRIPT.days[0] as ScriptDay));
  const server = await startNewsServer({ now: () => clock.now(), ...serverOptions });
  const configDir = writeReplayConfig(server, { webhooks: options.webhooks });
  const runtime = await openRuntime({
    config: loadConfig(configDir),
    prefix: redis.prefix,
    redisTarget: redis.target,
    clock,
    logger: options.logger ?? createLogger({ level: 'silent' }),
  });
  const alertWorkers: AlertWorkers[] = [];

  const startAlertWorkers = async (workerOptions: AlertWorkerOptions = {}): Promise<AlertWorkers> => {
    const alertRuntime = await openRuntime({
      config: runtime.config,
      prefix: redis.prefix,
      redisTarget: redis.target,
      logger: workerOptions.logger ?? createLogger({ level: 'silent' }),
    });
    const { alerts } = pipelineProcessors(alertRuntime);
    const workers = createWorkers(
      alertRuntime.bullConnection,
      alertRuntime.keys,
      { alerts },
      {
        backoffStrategy: alertBackoff(() => alertRuntime.config.webhooks),
        webhooks: alertRuntime.config.webhooks,
        ...(workerOptions.stalledIntervalMs === undefined
          ? {}
          : { stalledIntervalMs: workerOptions.stalledIntervalMs }),
      },
    );
    // As the daemon does: BullMQ reports a job whose lock was lost (in-flight.redis.test.ts) as a worker error.
    const logRedisError = redisErrorLog(alertRuntime.logger);
    for (const worker of workers.workers) {
      worker.on('error', (error) => logRedisError(error, `worker ${worker.name}`, 'warn'));
    }
    let closed: Promise<void> | undefined;
    const handle: AlertWorkers = {
      runtime: alertRuntime,
      workers,
      close: () => {
        closed ??= workers.close().then(() => alertRuntime.close());
        return closed;
      },
    };
    alertWorkers.push(handle);
    return handle;
  };

  const alertQueues = () =>
    allAlertQueues(
      runtime.redis,
      runtime.keys,
      runtime.queues,
      runtime.config.webhooks.map((webhook) => webhook.id),
    );

  const alertsSettled = async (timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const counts = await sumJobCounts(await alertQueues(), 'waiting', 'active', 'delayed', 'prioritized');
      if (Object.values(counts).every((count) => count === 0)) return;
      if (Date.now() > deadline) {
        throw new Error(`alert deliveries still pending after ${timeoutMs} ms: ${JSON.stringify(counts)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, WAIT.intervalMs));
    }
  };

  const runSweep = async (): Promise<SweepResult> => {
    const jobId = await enqueueSweep(runtime.queues, { slot: clock.now().getTime() });
    const { sweep } = pipelineProcessors(runtime);
    const local = createWorkers(runtime.bullConnection, runtime.keys, { sweep });
    try {
      const [finished] = await waitForJobs<SweepResult>(runtime.queues.sweep, [jobId], WAIT);
      if (finished?.state !== 'completed' || !finished.result) {
        throw new Error(`sweep ${jobId} ended ${finished?.state}: ${finished?.failedReason}`);
      }
      return finished.result;
    } finally {
      await local.close();
    }
  };

  const pollAll = async (): Promise<DayOutcome> => {
    const done = await pollNow(runtime, { feedIds: FEED_IDS, wait: true, timeoutMs: WAIT.timeoutMs });
    const date = clock.now().toISOString().slice(0, 10);
    const unfinished = [...(done.polls ?? []), ...(done.derivations ?? [])].filter(
      (job) => job.state !== 'completed',
    );
    if (unfinished.length > 0)
      throw new Error(`${date}: jobs did not complete: ${JSON.stringify(unfinished)}`);
    return {
      date,
      polls: (done.polls ?? []).map((job) => job.result as PollResult),
      derivations: (done.derivations ?? []).map((job) => job.result as DeriveStatusResult),
    };
  };

  const runDay = async (day: ScriptDay): Promise<DayOutcome> => {
    clock.set(dayInstant(day));
    const outcome = await pollAll();
    if (day.sweep) outcome.sweep = await runSweep();
    return outcome;
  };

  return {
    redis,
    server,
    clock,
    runtime,
    configDir,
    runDay,
    pollAll,
    runSweep,
    startAlertWorkers,
    alertsSettled,
    runScenario: async () => {
      const outcomes: DayOutcome[] = [];
      for (const day of NEWS_SCRIPT.days) outcomes.push(await runDay(day));
      return outcomes;
    },
    claims: async () => {
      const out: Record<string, ClaimRecord> = {};
      for (const claim of runtime.config.claims) {
        out[claim.id] = {
          state: await runtime.ledger.getState(claim.id),
          history: await runtime.ledger.getHistory(claim.id),
          evidence: await runtime.ledger.getEvidence(claim.id),
        };
      }
      return out;
    },
    close: async () => {
      await Promise.all(alertWorkers.map((handle) => handle.close()));
      await runtime.close();
      await server.close();
      await redis.cleanup();
      removeConfigDir(configDir);
    },
  };
}

/**
 * A claim's history as one line per change, evidence named by script item:
 * `#2 2025-06-20 advancing → contested by evidence; P2 S2 from 3 sources: magnet-exports-plunge, …`.
 */
export function historyLines(record: ClaimRecord): string[] {
  const keyOf = new Map(record.evidence.map((evidence) => [evidence.id, scriptKeyOf(evidence.link)]));
  return record.history.map((change) => {
    const { progress, setback, sources } = change.tally;
    const evidence = change.evidence.map((id) => keyOf.get(id) ?? id).join(', ');
    return `#${change.seq} ${change.at.slice(0, 10)} ${change.from} → ${change.to} by ${change.trigger}; P${progress} S${setback} from ${sources} sources: ${evidence}`;
  });
}

/**
 * Everything the pipeline keeps under a prefix except BullMQ's own keys (which hold wall-clock times):
 * feed state, seen stories, claim state, evidence and history, keyed without the prefix.
 */
export async function pipelineDump(redis: TestRedis<RedisClient>): Promise<Record<string, unknown>> {
  const root = `{${redis.prefix}}:`;
  const found = (await listKeys(redis.redis, redis.keys.pattern)).filter(
    (key) => !key.startsWith(redis.keys.bullPrefix),
  );
  const dump: Record<string, unknown> = {};
  for (const key of found) {
    const type = await redis.redis.type(key);
    const name = key.slice(root.length);
    if (type === 'hash') dump[name] = await redis.redis.hgetall(key);
    else if (type === 'list') dump[name] = await redis.redis.lrange(key, 0, -1);
    else if (type === 'zset') dump[name] = await redis.redis.zrange(key, 0, -1, 'WITHSCORES');
    else dump[name] = `(${type})`;
  }
  return dump;
}
