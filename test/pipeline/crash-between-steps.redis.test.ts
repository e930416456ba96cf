/**
 * Crashes between the pipeline's durable steps (DESIGN.md "Pipeline"), each followed by recovery:
 *
 * - SIGKILL between recording evidence and deriving: a worker process records a poll's evidence and dies
 *   while the claims' derive-status jobs wait out their settle window; a second worker process derives.
 * - a crash between deriving and enqueuing alerts: the change is committed, its alerts never queued; the
 *   derive-status job runs again (as stalled-job recovery would) and queues them.
 *
 * Either way the histories equal a clean run's, and the receiver gets every change exactly once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeriveStatusResult } from '../../jobs/derive-status.js';
import type { PollResult } from '../../jobs/poll-feed.js';
import { enqueuePoll } from '../../jobs/poll-feed.js';
import { openRuntime, type Runtime } from '../../src/app/open.js';
import { pipelineProcessors } from '../../src/app/processors.js';
import type { ChangeRecord } from '../../src/claims/index.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/log.js';
import { pollNow } from '../../src/operator/poll-now.js';
import { settleNow } from '../../src/operator/settle-now.js';
import { waitForJobs } from '../../src/operator/wait-for-jobs.js';
import { createWorkers, type Workers } from '../../src/queue/workers.js';
import { alertWorkersOn } from '../../src/replay/alert-workers.js';
import { newWebhookSecret, startWebhookReceiver, type WebhookReceiver } from '../../src/replay/receiver.js';
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
import { secretEnvName, webhooksYaml } from '../support/webhooks-yaml.js';

const FEED = feedOf('aggregator').id;
const WAIT = { intervalMs: 20, timeoutMs: 40_000 };
const SETTLE_SECONDS = 3;

let crashed: TestRedis;
let clean: TestRedis;
let server: NewsServer;
let receiver: WebhookReceiver;
let configDir: string;
const runtimes: Runtime[] = [];
const workers: Workers[] = [];
const secretEnv = secretEnvName('crash-steps');

beforeEach(async () => {
  crashed = await testRedis('crash-steps');
  clean = await testRedis('crash-steps-clean');
  const june23 = NEWS_SCRIPT.days[5] as ScriptDay;
  server = await startNewsServer({
    now: () => new Date(),
    shiftMs: Date.now() - dayInstant(june23).getTime(),
  });
  process.env[secretEnv] = newWebhookSecret();
  receiver = await startWebhookReceiver({ secret: process.env[secretEnv] ?? '' });
  const webhooks = webhooksYaml([
    { id: 'newsroom', url: receiver.url, secretEnv, events: ['claim.status_changed'] },
  ]);
  configDir = writeReplayConfig(server, { webhooks, settleSeconds: SETTLE_SECONDS });
});

afterEach(async () => {
  await killAllDaemons();
  await Promise.all(workers.splice(0).map((w) => w.close()));
  await Promise.all(runtimes.splice(0).map((runtime) => runtime.close()));
  await receiver.close();
  await server.close();
  await crashed.cleanup();
  await clean.cleanup();
  removeConfigDir(configDir);
  delete process.env[secretEnv];
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

/** Every claim's history without `at`, which is the wall-clock settle window of the run. */
async function histories(runtime: Runtime): Promise<Record<string, Omit<ChangeRecord, 'at'>[]>> {
  const out: Record<string, Omit<ChangeRecord, 'at'>[]> = {};
  for (const claim of runtime.config.claims) {
    out[claim.id] = (await runtime.ledger.getHistory(claim.id)).map(({ at: _, ...rest }) => rest);
  }
  return out;
}

/** The reference: the same poll on its own prefix, derived at once, nothing killed. */
async function cleanRun(): Promise<Record<string, Omit<ChangeRecord, 'at'>[]>> {
  const reference = await open(clean);
  await pollNow(reference, { feedIds: [FEED], wait: true, timeoutMs: WAIT.timeoutMs });
  return histories(reference);
}

function startAlertWorkers(runtime: Runtime): void {
  workers.push(alertWorkersOn(runtime));
}

function changeIds(record: Record<string, Omit<ChangeRecord, 'at'>[]>): string[] {
  return Object.values(record)
    .flat()
    .map((change) => `${change.claim}:${change.seq}`)
    .sort();
}

describe('a crash between recording evidence and deriving', () => {
  it('leaves the derivations queued; another worker derives them once, and every change is sent once', async () => {
    const runtime = await open(crashed);
    const jobId = await enqueuePoll(runtime.queues, { feedId: FEED, slot: Date.now(), reason: 'manual' });
    const env = { PW_STALLED_INTERVAL_MS: '1000' };
    const doomed = spawnDaemon({ name: 'doomed', prefix: crashed.prefix, configDir, role: 'worker', env });
    const [poll] = await waitForJobs<PollResult>(runtime.queues.poll, [jobId], WAIT);
    doomed.child.kill('SIGKILL');
    await doomed.exited;

    expect(poll?.result?.recorded).toBeGreaterThan(0);
    const deriveIds = poll?.result?.deriveJobIds ?? [];
    expect(deriveIds.length).toBeGreaterThan(0);
    // Killed inside the settle window: nothing derived yet, every derivation still queued.
    const states = await Promise.all(deriveIds.map((id) => runtime.queues.derive.getJobState(id)));
    expect(states.every((state) => state === 'delayed' || state === 'waiting')).toBe(true);
    expect(Object.values(await histories(runtime)).flat()).toEqual([]);

    const rescuer = spawnDaemon({ name: 'rescuer', prefix: crashed.prefix, configDir, role: 'worker', env });
    const derived = await waitForJobs<DeriveStatusResult>(runtime.queues.derive, deriveIds, WAIT);
    expect(derived.map((job) => job.state)).toEqual(deriveIds.map(() => 'completed'));

    const after = await histories(runtime);
    expect(after).toEqual(await cleanRun());
    const expected = changeIds(after);
    expect(expected.length).toBeGreaterThan(0);
    await receiver.waitFor(() => receiver.distinctIds().length === expected.length, 20_000, 'every change');
    expect(receiver.deliveries.map((d) => d.webhookId).sort()).toEqual(expected);
    rescuer.child.kill('SIGTERM');
    await rescuer.exited;
  }, 90_000);
});

describe('a crash between deriving and enqueuing alerts', () => {
  it('queues the committed change when the derive-status job runs again, and sends it once', async () => {
    const runtime = await open(crashed);
    const { poll } = pipelineProcessors(runtime);
    workers.push(createWorkers(runtime.bullConnection, runtime.keys, { poll }));
    const jobId = await enqueuePoll(runtime.queues, { feedId: FEED, slot: Date.now(), reason: 'manual' });
    const [polled] = await waitForJobs<PollResult>(runtime.queues.poll, [jobId], WAIT);
    const deriveIds = polled?.result?.deriveJobIds ?? [];

    // What the dying worker got done: each claim's change committed, no alert queued.
    for (const id of deriveIds) {
      const job = await runtime.queues.derive.getJob(id);
      const claim = runtime.config.claims.find((c) => c.id === job?.data.claimId);
      if (!job || !claim) throw new Error(`derive job ${id} or its claim is missing`);
      await runtime.ledger.derive(claim, new Date(job.data.at));
    }
    const committed = changeIds(await histories(runtime));
    expect(committed.length).toBeGreaterThan(0);
    expect(
      await runtime.queues.alerts.of('newsroom').getJobCounts('waiting', 'delayed', 'active', 'completed'),
    ).toEqual({
      waiting: 0,
      delayed: 0,
      active: 0,
      completed: 0,
    });

    // Stalled-job recovery runs each job again; then a second replica runs them once more.
    const { derive } = pipelineProcessors(runtime);
    workers.push(createWorkers(runtime.bullConnection, runtime.keys, { derive }));
    const again = await settleNow<DeriveStatusResult>(runtime.queues.derive, deriveIds, WAIT);
    expect(again.map((job) => [job.state, job.result?.change])).toEqual(
      deriveIds.map(() => ['completed', undefined]),
    );
    for (const id of deriveIds) {
      const job = await runtime.queues.derive.getJob(id);
      const claim = runtime.config.claims.find((c) => c.id === job?.data.claimId);
      if (claim && job) await runtime.ledger.derive(claim, new Date(job.data.at));
    }

    startAlertWorkers(runtime);
    await receiver.waitFor(() => receiver.distinctIds().length === committed.length, 20_000, 'every change');
    expect(changeIds(await histories(runtime))).toEqual(committed);
    expect(receiver.deliveries.map((d) => d.webhookId).sort()).toEqual(committed);
    expect(await histories(runtime)).toEqual(await cleanRun());
  }, 60_000);
});
