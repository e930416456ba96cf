/**
 * A daemon restarted in the middle of alert retries: the retry waits in Redis (a delayed BullMQ job), not
 * in the process, so a new daemon picks it up and delivers it under the same `webhook-id`. Dispatching the
 * same changes again after the restart (the sweep's catch-up, a second publish) queues nothing new:
 * no change reaches the receiver under two different ids, or twice under one.
 * A daemon killed (SIGKILL) while its POST hangs leaves an active job behind; once the job's lock and the
 * POST's in-flight lease have lapsed, stalled-job recovery hands it to the next daemon process, which sends
 * the same id again.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StatusChangedData } from '../../src/alerts/types.js';
import { type Daemon, startDaemon } from '../../src/app/daemon.js';
import type { ClaimStatus } from '../../src/claims/index.js';
import { catchUpChanges, publishChange } from '../../src/delivery/change-sink.js';
import { jobIds } from '../../src/queue/names.js';
import type { WebhookReceiver } from '../../src/replay/receiver.js';
import { captureLogs, type LogCapture } from '../support/log-capture.js';
import { killAllDaemons, spawnDaemon } from '../support/news-replay-daemon.js';
import { openReplay, operatorResolves, type Replay } from '../support/news-replay-run.js';
import { type SecretReceiver, startSecretReceiver, webhooksYaml } from '../support/webhooks-yaml.js';

const WEBHOOK = 'ops';

let replay: Replay;
let receiver: WebhookReceiver;
let logs: LogCapture;
let secretEnv: string;
let hook: SecretReceiver;
const daemons: Daemon[] = [];

beforeEach(async () => {
  hook = await startSecretReceiver('restart');
  ({ receiver, secretEnv } = hook);
  logs = captureLogs();
  const webhooks = webhooksYaml([
    // A deadline long enough for the crash test to kill the daemon while the POST is still waiting, and
    // short enough for the rescue: a dead worker's delivery is taken over once its lock, which outlives one
    // attempt (timeout_ms + 5 s), has expired.
    { id: WEBHOOK, url: receiver.url, secretEnv, events: ['claim.status_changed'], timeoutMs: 5_000 },
  ]);
  replay = await openReplay('alerts-restart', {}, { webhooks, logger: logs.logger });
});

afterEach(async () => {
  for (const daemon of daemons.splice(0)) await daemon.stop();
  await killAllDaemons();
  await replay.close();
  await hook.close();
});

/** `policy-watch start --role worker`, in process, on the system clock, logging into the capture. */
async function startWorkerDaemon(): Promise<Daemon> {
  const daemon = await startDaemon({
    role: 'worker',
    config: replay.runtime.config,
    prefix: replay.redis.prefix,
    logger: logs.logger,
    drainTimeoutMs: 5_000,
  });
  daemons.push(daemon);
  return daemon;
}

/** What `policy-watch resolve` does: the ledger records an operator change, the change sink dispatches it. */
const resolve = (claimId: string, status: ClaimStatus) => operatorResolves(replay, claimId, status);

const failedOnce = (eventId: string) => (line: { event?: string; eventId?: unknown; attempt?: unknown }) =>
  line.event === 'alert.retrying' && line.eventId === eventId && line.attempt === 1;

describe('alert delivery across a daemon restart', () => {
  describe('when the daemon stops after the first failed attempt and a new one starts', () => {
    it('delivers every change once, each under its own change id on every attempt', async () => {
      await receiver.setMode(503);
      const first = await startWorkerDaemon();
      const changes = [await resolve('rare-earths', 'advancing'), await resolve('trade-talks', 'stalled')];
      const eventIds = ['rare-earths:1', 'trade-talks:1'];
      for (const eventId of eventIds) await logs.waitFor(failedOnce(eventId), 10_000, `${eventId} failing`);

      await first.stop();
      daemons.splice(daemons.indexOf(first), 1);
      // Between the daemons the retries wait in Redis.
      for (const eventId of eventIds) {
        expect(
          await replay.runtime.queues.alerts.of(WEBHOOK).getJobState(jobIds.alert(WEBHOOK, eventId)),
        ).toBe('delayed');
      }
      const refused = receiver.requests.length;
      expect(refused).toBeGreaterThanOrEqual(2);

      await receiver.setMode('ok');
      await startWorkerDaemon();
      await receiver.waitFor(() => receiver.deliveries.length >= 2, 15_000, 'both deliveries');

      // Dispatch everything again, as the sweep's catch-up and a repeated publish would: nothing new goes out.
      for (const change of changes) {
        await publishChange(replay.runtime, change, replay.runtime.logger);
        await catchUpChanges(replay.runtime, change.claim, replay.runtime.logger);
      }
      await replay.alertsSettled(10_000);

      expect(receiver.deliveries.map((delivery) => delivery.webhookId).sort()).toEqual(eventIds);
      expect(receiver.requests.every((request) => request.verified)).toBe(true);
      // Every request about one change, refused or accepted, carried that change's id and nothing else.
      const idsByChange = new Map<string, Set<string | undefined>>();
      for (const request of receiver.requests) {
        const { change } = (JSON.parse(request.body) as { data: StatusChangedData }).data;
        const key = `${change.id}#${change.seq}`;
        idsByChange.set(key, (idsByChange.get(key) ?? new Set()).add(request.webhookId));
      }
      expect(Object.fromEntries([...idsByChange].map(([key, ids]) => [key, [...ids]]))).toEqual({
        'rare-earths:1#1': ['rare-earths:1'],
        'trade-talks:1#1': ['trade-talks:1'],
      });
      for (const eventId of eventIds) {
        const job = await replay.runtime.queues.alerts.of(WEBHOOK).getJob(jobIds.alert(WEBHOOK, eventId));
        expect(await job?.getState()).toBe('completed');
        expect(job?.attemptsMade).toBeGreaterThanOrEqual(2);
      }
      expect(await replay.runtime.queues.alerts.of(WEBHOOK).getJobCounts('completed', 'failed')).toEqual({
        completed: 2,
        failed: 0,
      });
    });
  });
});

describe('alert delivery across a daemon crash', () => {
  describe('when the daemon process is killed while a POST is waiting for the receiver', () => {
    it('is re-sent by the next daemon under the same webhook-id, and delivered once', async () => {
      receiver.plan('hang');
      const env = { PW_STALLED_INTERVAL_MS: '1000' };
      const options = {
        prefix: replay.redis.prefix,
        configDir: replay.configDir,
        role: 'worker' as const,
        env,
      };
      const doomed = spawnDaemon({ name: 'doomed', ...options });
      await doomed.started;
      await resolve('tech-controls', 'advancing');
      const jobId = jobIds.alert(WEBHOOK, 'tech-controls:1');

      await receiver.waitFor(() => receiver.requests.length === 1, 10_000, 'the hanging request');
      doomed.child.kill('SIGKILL');
      expect(await doomed.exited).toEqual({ code: null, signal: 'SIGKILL' });
      expect(await replay.runtime.queues.alerts.of(WEBHOOK).getJobState(jobId)).toBe('active');

      const rescuer = spawnDaemon({ name: 'rescuer', ...options });
      await receiver.waitFor(() => receiver.deliveries.length > 0, 20_000, 'the delivery');
      await replay.alertsSettled(10_000);

      expect(receiver.requests.map((request) => [request.webhookId, request.answer])).toEqual([
        ['tech-controls:1', 'hang'],
        ['tech-controls:1', 200],
      ]);
      expect(receiver.requests.every((request) => request.verified)).toBe(true);
      const job = await replay.runtime.queues.alerts.of(WEBHOOK).getJob(jobId);
      expect(await job?.getState()).toBe('completed');
      expect(job?.stalledCounter).toBeGreaterThanOrEqual(1);
      // The child's stdout is read as it comes: on a loaded machine its line may follow the delivery.
      const delivered = (line: { event?: string; eventId?: unknown }) =>
        line.event === 'alert.delivered' && line.eventId === 'tech-controls:1';
      await rescuer.waitForLine(delivered, 10_000);
      expect(rescuer.lines.filter(delivered)).toHaveLength(1);

      rescuer.child.kill('SIGTERM');
      expect(await rescuer.exited).toEqual({ code: 0, signal: null });
    });
  });
});
