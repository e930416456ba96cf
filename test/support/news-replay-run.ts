/**
 * The news replay (news-replay.ts) through the real pipeline, on the replay driver (src/replay/driver.ts):
 * a ManualClock at 18:00 UTC on each scripted day, every feed polled with local BullMQ workers (as
 * `policy-watch poll --wait` does) and, on sweep days, the sweep job run through its queue. Everything
 * runs on its own Redis prefix; `close()` removes every key under it, BullMQ's included.
 *
 * With a webhooks.yaml (ReplayOptions.webhooks), `startAlertWorkers` runs the alert deliveries the pipeline
 * queues, on the system clock (src/replay/alert-workers.ts says why), silent unless given a logger.
 */

import type { ChangeRecord, ClaimState, ClaimStatus, EvidenceRecord } from '../../src/claims/index.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger, type Logger } from '../../src/log.js';
import { resolveClaim } from '../../src/operator/resolve-claim.js';
import type { RedisClient, RedisTarget } from '../../src/redis/connection.js';
import { listKeys } from '../../src/redis/scan.js';
import type { AlertWorkerOptions } from '../../src/replay/alert-workers.js';
import { openReplayDriver, type ReplayDriver } from '../../src/replay/driver.js';
import {
  dayInstant,
  NEWS_DAY_HOUR_UTC,
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

export type { AlertWorkerOptions, AlertWorkers } from '../../src/replay/alert-workers.js';
export type { DayOutcome } from '../../src/replay/driver.js';

/** What `policy-watch resolve` does, on the replay's runtime; fails the test when nothing changed. */
export async function operatorResolves(
  replay: Pick<Replay, 'runtime'>,
  claimId: string,
  status: ClaimStatus,
): Promise<ChangeRecord> {
  const claim = replay.runtime.config.claims.find((candidate) => candidate.id === claimId);
  if (!claim) throw new Error(`no claim ${claimId}`);
  const outcome = await resolveClaim(replay.runtime, claim, status, `set by the ${status} test`);
  if (outcome.kind !== 'resolved') throw new Error(`${claimId} did not change`);
  return outcome.change;
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

export interface Replay extends Omit<ReplayDriver, 'close'> {
  redis: TestRedis<RedisClient>;
  server: NewsServer;
  configDir: string;
  /** Every scripted day, in order. */
  runScenario(): Promise<Awaited<ReturnType<ReplayDriver['runDay']>>[]>;
  /** Every claim's state, history and evidence, by claim id. */
  claims(): Promise<Record<string, ClaimRecord>>;
  close(): Promise<void>;
}

export async function openReplay(
  label: string,
  serverOptions: Partial<NewsServerOptions> = {},
  options: ReplayOptions = {},
): Promise<Replay> {
  const redis = await testRedis(label, options.redisTarget ?? testRedisUrl());
  const clock = new ManualClock(dayInstant(NEWS_SCRIPT.days[0] as ScriptDay));
  const server = await startNewsServer({ now: () => clock.now(), ...serverOptions });
  const configDir = writeReplayConfig(server, { webhooks: options.webhooks });
  const driver = await openReplayDriver({
    config: loadConfig(configDir),
    prefix: redis.prefix,
    redisTarget: redis.target,
    clock,
    logger: options.logger ?? createLogger({ level: 'silent' }),
    dayHourUtc: NEWS_DAY_HOUR_UTC,
    waitMs: options.waitMs,
  });
  const { runtime } = driver;

  return {
    ...driver,
    redis,
    server,
    configDir,
    startAlertWorkers: (workerOptions: AlertWorkerOptions = {}) =>
      driver.startAlertWorkers({
        ...workerOptions,
        logger: workerOptions.logger ?? createLogger({ level: 'silent' }),
      }),
    runScenario: async () => {
      const outcomes = [];
      for (const day of NEWS_SCRIPT.days) outcomes.push(await driver.runDay(day));
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
      await driver.close();
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
