/**
 * A slow receiver is never sent an event again while a request for it is still waiting for its answer.
 *
 * Two ways it used to happen: the POST deadline (timeout_ms) equal to the receiver's answer time, which
 * aborts a request the receiver goes on to accept (set timeout_ms above it: docs/operations.md); and a job
 * lock that expired mid-request — BullMQ's lock lived one stalled interval, so a missed renewal (an
 * event-loop pause of half the lock) let the stalled check hand the job to another worker, which POSTed the
 * same event beside the first request. Now an alert worker's lock outlives one POST, and the POST holds an
 * in-flight lease that a second run of the job waits for (delivery/lease.ts).
 *
 * The receiver holds each request until the test releases it: slower than the stalled interval by as many
 * stalled checks as the test chooses to watch, with no clock in the assertions.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClaimStatus } from '../../src/claims/index.js';
import { alertQueueName, jobIds } from '../../src/queue/names.js';
import type { WebhookReceiver } from '../../src/replay/receiver.js';
import { captureLogs, type LogCapture } from '../support/log-capture.js';
import { openReplay, operatorResolves, type Replay } from '../support/news-replay-run.js';
import { type SecretReceiver, startSecretReceiver, webhooksYaml } from '../support/webhooks-yaml.js';

const WEBHOOK = 'slow';
/** Far shorter than the receiver takes: dozens of stalled checks run while a request is held. */
const STALLED_INTERVAL_MS = 100;
const CLAIMS = ['rare-earths', 'trade-talks'];

let replay: Replay;
let receiver: WebhookReceiver;
let logs: LogCapture;
let secretEnv: string;
let hook: SecretReceiver;

beforeEach(async () => {
  hook = await startSecretReceiver('in-flight');
  ({ receiver, secretEnv } = hook);
  logs = captureLogs();
  const webhooks = webhooksYaml([
    // A deadline well past the hold, so no request is aborted; concurrency above the events held, so a
    // second run of a job would find a free slot at once.
    { id: WEBHOOK, url: receiver.url, secretEnv, events: ['claim.status_changed'], timeoutMs: 5_000 },
  ]);
  replay = await openReplay('alerts-in-flight', {}, { webhooks, logger: logs.logger });
});

afterEach(async () => {
  receiver.release();
  await replay.close();
  await hook.close();
});

/** What `policy-watch resolve` does: the ledger records an operator change, the change sink dispatches it. */
const resolve = (claimId: string, status: ClaimStatus) => operatorResolves(replay, claimId, status);

const bullKey = (suffix: string) => `${replay.redis.keys.bullPrefix}:${alertQueueName(WEBHOOK)}:${suffix}`;

/** Resolves once `count` more stalled checks of the webhook's queue have run (each stamps this key). */
async function stalledChecks(count: number): Promise<void> {
  const seen = new Set<string>();
  const deadline = Date.now() + 20_000;
  while (seen.size <= count) {
    const stamp = await replay.redis.redis.get(bullKey('stalled-check'));
    if (stamp) seen.add(stamp);
    if (Date.now() > deadline) throw new Error(`fewer than ${count} stalled checks ran`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function sendHeld(): Promise<string[]> {
  receiver.plan('hold', 'hold');
  await replay.startAlertWorkers({ logger: logs.logger, stalledIntervalMs: STALLED_INTERVAL_MS });
  for (const claimId of CLAIMS) await resolve(claimId, 'advancing');
  await receiver.waitFor(() => receiver.requests.length === CLAIMS.length, 10_000, 'both requests');
  return CLAIMS.map((claimId) => `${claimId}:1`);
}

async function expectEachOnce(eventIds: readonly string[]): Promise<void> {
  expect(receiver.requests.map((request) => request.webhookId).sort()).toEqual([...eventIds].sort());
  expect(receiver.distinctIds().sort()).toEqual([...eventIds].sort());
  for (const eventId of eventIds) {
    const job = await replay.runtime.queues.alerts.of(WEBHOOK).getJob(jobIds.alert(WEBHOOK, eventId));
    expect({ eventId, state: await job?.getState() }).toEqual({ eventId, state: 'completed' });
  }
}

describe('a receiver slower than the stalled interval', () => {
  describe('when stalled checks run while its requests wait', () => {
    it('receives every event exactly once', async () => {
      const eventIds = await sendHeld();
      await stalledChecks(5);
      expect(receiver.requests).toHaveLength(CLAIMS.length);

      expect(receiver.release()).toBe(CLAIMS.length);
      await replay.alertsSettled(10_000);

      await expectEachOnce(eventIds);
    });
  });

  describe('when the jobs lose their locks mid-request (as after an event-loop pause longer than the lock)', () => {
    it('hands them on, but the second runs wait for the first requests: each event arrives once', async () => {
      const eventIds = await sendHeld();
      const held = eventIds.map((eventId) => jobIds.alert(WEBHOOK, eventId));
      await replay.redis.redis.del(...held.map((jobId) => bullKey(`${jobId}:lock`)));

      // The stalled check moves both jobs back to wait; their second runs meet the in-flight lease.
      for (const jobId of held) {
        await logs.waitFor(
          (line) => line.event === 'alert.in_flight' && line.jobId === jobId,
          10_000,
          `the second run of ${jobId}`,
        );
      }
      expect(receiver.requests).toHaveLength(CLAIMS.length);

      expect(receiver.release()).toBe(CLAIMS.length);
      await replay.alertsSettled(20_000);

      await expectEachOnce(eventIds);
      const job = await replay.runtime.queues.alerts.of(WEBHOOK).getJob(held[0] ?? '');
      expect(job?.stalledCounter).toBeGreaterThanOrEqual(1);
    });
  });
});
