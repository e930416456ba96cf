/**
 * A worker process killed with SIGKILL in the middle of a poll: the feed server holds the request open, the
 * worker dies holding the job, and BullMQ's stalled-job recovery hands the job to a second worker process
 * (PW_STALLED_INTERVAL_MS=1000 instead of the 30 s default). Afterwards the evidence and the histories
 * must equal those of a clean run of the same poll: nothing lost, nothing twice.
 *
 * The news is the aggregator's first half (to June 23) without the one setback whose arrival order would
 * change a history, so the clean run's histories do not depend on the order evidence jobs run in.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeriveStatusResult } from '../../jobs/derive-status.js';
import type { PollResult } from '../../jobs/poll-feed.js';
import { enqueuePoll } from '../../jobs/poll-feed.js';
import { openRuntime, type Runtime } from '../../src/app/open.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/log.js';
import { pollNow } from '../../src/operator/poll-now.js';
import { settleNow } from '../../src/operator/settle-now.js';
import { waitForJobs } from '../../src/operator/wait-for-jobs.js';
import { slotOf } from '../../src/schedule/slots.js';
import {
  dayInstant,
  feedOf,
  NEWS_SCRIPT,
  type NewsServer,
  removeConfigDir,
  type ScriptDay,
  startNewsServer,
  writeReplayConfig,
} from '../support/news-replay.js';
import { killAllDaemons, spawnDaemon } from '../support/news-replay-daemon.js';
import { type TestRedis, testRedis } from '../support/redis.js';

const FEED = feedOf('aggregator').id;
const NEWS = [
  'xi-readout-students',
  'licences-approved',
  'london-talks-announced',
  'london-framework',
  'students-welcome-syndicated',
  'magnet-exports-plunge',
];

let crashed: TestRedis;
let clean: TestRedis;
let server: NewsServer;
let configDir: string;
const runtimes: Runtime[] = [];
let requestHeld: Promise<void>;

beforeEach(async () => {
  crashed = await testRedis('crash');
  clean = await testRedis('crash-clean');
  const june23 = NEWS_SCRIPT.days[5] as ScriptDay;
  let held: () => void = () => undefined;
  requestHeld = new Promise((resolve) => {
    held = resolve;
  });
  let first = true;
  server = await startNewsServer({
    now: () => new Date(),
    shiftMs: Date.now() - dayInstant(june23).getTime(),
    keys: NEWS,
    // The first request is never answered: its worker is killed while waiting for it.
    intercept: (_role, req, res) => {
      if (!first) return false;
      first = false;
      held();
      return new Promise<boolean>((resolve) => {
        req.socket.once('close', () => {
          res.destroy();
          resolve(true);
        });
      });
    },
  });
  configDir = writeReplayConfig(server);
});

afterEach(async () => {
  await killAllDaemons();
  await Promise.all(runtimes.splice(0).map((runtime) => runtime.close()));
  await server.close();
  await crashed.cleanup();
  await clean.cleanup();
  removeConfigDir(configDir);
});

async function open(redis: TestRedis): Promise<Runtime> {
  const runtime = await openRuntime({
    config: loadConfig(configDir),
    prefix: redis.prefix,
    logger: createLogger({ level: 'silent' }),
  });
  runtimes.push(runtime);
  return runtime;
}

/** Evidence and histories without the two wall-clock fields (first seen, change time). */
async function recorded(runtime: Runtime) {
  const out: Record<string, unknown> = {};
  for (const claim of runtime.config.claims) {
    const evidence = (await runtime.ledger.getEvidence(claim.id)).map(({ firstSeenAt: _, ...rest }) => rest);
    const history = (await runtime.ledger.getHistory(claim.id)).map(({ at: _, ...rest }) => rest);
    out[claim.id] = { evidence, history };
  }
  return out;
}

const WORKER_ENV = { PW_STALLED_INTERVAL_MS: '1000' };

describe('a worker killed mid-job', () => {
  describe('when its poll is taken over by another worker process after SIGKILL', () => {
    it('records exactly what a clean run records: nothing lost, nothing twice', async () => {
      const runtime = await open(crashed);
      const jobId = await enqueuePoll(runtime.queues, {
        feedId: FEED,
        slot: slotOf(new Date()),
        reason: 'manual',
      });

      const first = spawnDaemon({
        name: 'doomed',
        prefix: crashed.prefix,
        configDir,
        role: 'worker',
        env: WORKER_ENV,
      });
      await requestHeld;
      expect(await runtime.queues.poll.getJobState(jobId)).toBe('active');
      first.child.kill('SIGKILL');
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

      const second = spawnDaemon({
        name: 'rescuer',
        prefix: crashed.prefix,
        configDir,
        role: 'worker',
        env: WORKER_ENV,
      });
      const wait = { timeoutMs: 40_000 };
      const [poll] = await waitForJobs<PollResult>(runtime.queues.poll, [jobId], wait);
      expect(poll?.state).toBe('completed');
      expect(poll?.result).toMatchObject({ outcome: 'fetched', items: 6, unseen: 6, recorded: NEWS.length });
      // The rescuer derives the touched claims; the test does not wait out the settle window.
      const derivations = await settleNow<DeriveStatusResult>(
        runtime.queues.derive,
        poll?.result?.deriveJobIds ?? [],
        wait,
      );
      expect(derivations.map((job) => [job.state, job.result?.outcome])).toEqual(
        (poll?.result?.deriveJobIds ?? []).map(() => ['completed', 'derived']),
      );
      // The job went through stalled-job recovery, and the feed was asked twice: once by each worker.
      expect((await runtime.queues.poll.getJob(jobId))?.stalledCounter).toBeGreaterThanOrEqual(1);
      expect(server.hits('aggregator')).toBe(2);

      second.child.kill('SIGTERM');
      expect(await second.exited).toEqual({ code: 0, signal: null });

      const reference = await open(clean);
      const cleanRun = await pollNow(reference, { feedIds: [FEED], wait: true, timeoutMs: 30_000 });
      expect(cleanRun.polls?.[0]?.result?.recorded).toBe(NEWS.length);

      const afterCrash = await recorded(runtime);
      expect(afterCrash).toEqual(await recorded(reference));
      // Not an empty comparison: the poll moved two claims.
      const histories = Object.values(afterCrash).map(
        (claim) => (claim as { history: unknown[] }).history.length,
      );
      expect(histories.reduce((sum, n) => sum + n, 0)).toBe(2);
    }, 90_000);
  });
});
