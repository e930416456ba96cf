/**
 * Same news, same history (DESIGN.md "When it runs"): one flow of real stories — 600 published headlines,
 * over 300 of them matching, across all six claims — goes through the real pipeline (poll-feed,
 * derive-status and sweep jobs on BullMQ, the real ledger on Redis, feeds served over HTTP) four ways:
 *
 *   (a) one poll of every feed;
 *   (b) revealed bit by bit over 20 polls inside one settle window;
 *   (c) recorded by three daemons, each polling every feed (three runtimes, three sets of workers);
 *   (d) one poll per feed, in a shuffled order, one poll at a time;
 *
 * first all at once, then again spread over ten simulated days (one burst a day, a sweep every evening).
 * Every claim's history must be the same across (a)–(d): the same changes, in the same order, with the
 * same instants, tallies, evidence and notes.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PollResult } from '../../jobs/poll-feed.js';
import { enqueuePoll } from '../../jobs/poll-feed.js';
import { enqueueSweep } from '../../jobs/sweep.js';
import { openRuntime, type Runtime } from '../../src/app/open.js';
import { pipelineProcessors } from '../../src/app/processors.js';
import type { ChangeRecord } from '../../src/claims/index.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig, type PolicyWatchConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/log.js';
import { settleNow } from '../../src/operator/settle-now.js';
import { waitForJobs } from '../../src/operator/wait-for-jobs.js';
import { createWorkers, type Workers } from '../../src/queue/workers.js';
import { REPO_ROOT } from '../support/news-replay.js';
import { type TestRedis, testRedis } from '../support/redis.js';
import {
  DAY_MS,
  dayOf,
  FIRST_DAY,
  STORIES,
  STORY_FEEDS,
  type StoryServer,
  startStoryServer,
} from '../support/story-feeds.js';

const WAIT = { intervalMs: 10, timeoutMs: 60_000 };
const FEED_IDS = STORY_FEEDS.map((feed) => feed.id);

type Variant = 'one poll' | '20 polls in one window' | 'three daemons' | 'shuffled feeds';
const VARIANTS: Variant[] = ['one poll', '20 polls in one window', 'three daemons', 'shuffled feeds'];

let server: StoryServer;
let configDir: string;
let config: PolicyWatchConfig;

beforeAll(async () => {
  server = await startStoryServer();
  configDir = mkdtempSync(path.join(tmpdir(), 'pw-same-news-'));
  writeFileSync(path.join(configDir, 'feeds.yaml'), server.feedsYaml());
  copyFileSync(path.join(REPO_ROOT, 'config/claims.yaml'), path.join(configDir, 'claims.yaml'));
  config = loadConfig(configDir);
});

afterAll(async () => {
  await server?.close();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

/** A seeded shuffle, so a failing order can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** One daemon: a runtime on its own ManualClock, with poll, derive-status and sweep workers. */
interface Daemon {
  runtime: Runtime;
  clock: ManualClock;
  workers: Workers;
}

async function startDaemon(prefix: string, pollConcurrency: number): Promise<Daemon> {
  const clock = new ManualClock(FIRST_DAY);
  const runtime = await openRuntime({ config, prefix, clock, logger: createLogger({ level: 'silent' }) });
  const { poll, derive, sweep } = pipelineProcessors(runtime);
  const workers = createWorkers(
    runtime.bullConnection,
    runtime.keys,
    { poll, derive, sweep },
    { concurrency: { poll: pollConcurrency } },
  );
  return { runtime, clock, workers };
}

/** Manual polls of `feedIds` at each daemon's clock; resolves with the derive-status jobs they asked for. */
async function poll(daemon: Daemon, feedIds: readonly string[]): Promise<string[]> {
  const slot = daemon.clock.now().getTime();
  const ids: string[] = [];
  for (const feedId of feedIds) {
    ids.push(await enqueuePoll(daemon.runtime.queues, { feedId, slot, reason: 'manual' }));
  }
  const polls = await waitForJobs<PollResult>(daemon.runtime.queues.poll, ids, WAIT);
  const failed = polls.filter((job) => job.state !== 'completed' || job.result?.outcome !== 'fetched');
  if (failed.length > 0) throw new Error(`polls did not fetch: ${JSON.stringify(failed)}`);
  return polls.flatMap((job) => job.result?.deriveJobIds ?? []);
}

/**
 * One burst of news at `at`: the stories passing `fresh` appear (beside those passing `before`), polled the
 * variant's way inside one settle window; then the window's derivations run (settle-now.ts).
 */
async function burst(
  variant: Variant,
  daemons: Daemon[],
  at: number,
  before: (index: number) => boolean,
  fresh: (index: number) => boolean,
): Promise<void> {
  const setClocks = (ms: number) => {
    for (const daemon of daemons) daemon.clock.set(ms);
  };
  const deriveIds: string[] = [];
  if (variant === '20 polls in one window') {
    const freshIndexes = STORIES.map((_, i) => i).filter(fresh);
    for (let step = 1; step <= 20; step++) {
      const shown = new Set(freshIndexes.slice(0, Math.ceil((freshIndexes.length * step) / 20)));
      server.show((i) => before(i) || shown.has(i));
      setClocks(at + (step - 1) * 2_000);
      deriveIds.push(...(await poll(daemons[0] as Daemon, FEED_IDS)));
    }
  } else {
    server.show((i) => before(i) || fresh(i));
    setClocks(at);
    if (variant === 'three daemons') {
      // Each daemon polls every feed (its own slot, a millisecond apart), all at once: every story is
      // matched and recorded three times over, by three ledgers on three connections.
      const all = await Promise.all(
        daemons.map((daemon, k) => {
          daemon.clock.set(at + k);
          return poll(daemon, FEED_IDS);
        }),
      );
      deriveIds.push(...all.flat());
    } else if (variant === 'shuffled feeds') {
      for (const feedId of shuffled(FEED_IDS, at % 9_973)) {
        deriveIds.push(...(await poll(daemons[0] as Daemon, [feedId])));
      }
    } else {
      deriveIds.push(...(await poll(daemons[0] as Daemon, FEED_IDS)));
    }
  }
  const { queues } = (daemons[0] as Daemon).runtime;
  const derived = await settleNow(queues.derive, [...new Set(deriveIds)], WAIT);
  const failed = derived.filter((job) => job.state !== 'completed');
  if (failed.length > 0) throw new Error(`derivations did not complete: ${JSON.stringify(failed)}`);
}

async function sweepAt(daemon: Daemon, at: number): Promise<void> {
  const id = await enqueueSweep(daemon.runtime.queues, { slot: at });
  const [done] = await waitForJobs(daemon.runtime.queues.sweep, [id], WAIT);
  if (done?.state !== 'completed') throw new Error(`sweep ${id} ended ${done?.state}`);
}

interface Outcome {
  histories: Record<string, ChangeRecord[]>;
  evidence: Record<string, number>;
}

async function run(variant: Variant, schedule: 'one burst' | 'ten days'): Promise<Outcome> {
  const redis: TestRedis = await testRedis('same-news');
  const daemons: Daemon[] = [];
  try {
    const count = variant === 'three daemons' ? 3 : 1;
    const concurrency = variant === 'shuffled feeds' ? 1 : 4;
    for (let k = 0; k < count; k++) daemons.push(await startDaemon(redis.prefix, concurrency));
    const evening = (day: number) => FIRST_DAY + (day - 1) * DAY_MS + 18 * 3_600_000;
    if (schedule === 'one burst') {
      await burst(
        variant,
        daemons,
        evening(10),
        () => false,
        () => true,
      );
    } else {
      for (let day = 1; day <= 10; day++) {
        await burst(
          variant,
          daemons,
          evening(day),
          (i) => dayOf(i) < day,
          (i) => dayOf(i) === day,
        );
        await sweepAt(daemons[0] as Daemon, evening(day) + 5 * 3_600_000);
      }
    }
    const { ledger } = (daemons[0] as Daemon).runtime;
    const histories: Record<string, ChangeRecord[]> = {};
    const evidence: Record<string, number> = {};
    for (const claim of config.claims) {
      histories[claim.id] = await ledger.getHistory(claim.id);
      evidence[claim.id] = (await ledger.getEvidence(claim.id)).length;
    }
    return { histories, evidence };
  } finally {
    for (const daemon of daemons) {
      await daemon.workers.close();
      await daemon.runtime.close();
    }
    await redis.cleanup();
  }
}

describe.each(['one burst', 'ten days'] as const)('the same news as %s', (schedule) => {
  const outcomes = new Map<Variant, Outcome>();

  beforeAll(async () => {
    for (const variant of VARIANTS) outcomes.set(variant, await run(variant, schedule));
  }, 240_000);

  it('records evidence for every claim from over 300 matching stories', () => {
    const reference = outcomes.get('one poll') as Outcome;
    for (const claim of config.claims) expect(reference.evidence[claim.id]).toBeGreaterThan(0);
    const total = Object.values(reference.evidence).reduce((sum, n) => sum + n, 0);
    expect(total).toBeGreaterThanOrEqual(300);
    const changes = Object.values(reference.histories).flat();
    expect(changes.length).toBeGreaterThanOrEqual(schedule === 'one burst' ? 6 : 8);
  });

  it.each(VARIANTS.slice(1))('gives the same history with %s as with one poll', (variant) => {
    const reference = outcomes.get('one poll') as Outcome;
    const other = outcomes.get(variant) as Outcome;
    expect(other.evidence).toEqual(reference.evidence);
    expect(other.histories).toEqual(reference.histories);
  });

  it('makes at most one change per claim per burst', () => {
    const reference = outcomes.get('one poll') as Outcome;
    for (const history of Object.values(reference.histories)) {
      const byInstant = new Map<string, number>();
      for (const change of history) byInstant.set(change.at, (byInstant.get(change.at) ?? 0) + 1);
      for (const n of byInstant.values()) expect(n).toBe(1);
    }
  });
});
