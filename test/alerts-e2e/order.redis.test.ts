/**
 * One claim's status changes reach a receiver in `seq` order (DESIGN.md "Feeds and webhooks"): a later
 * change waits while an earlier one is being retried, and one that was dead-lettered no longer blocks.
 * The order state per (webhook, claim) lives in Redis (delivery/order.ts) and ends with nothing left linked.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClaimStatus } from '../../src/claims/index.js';
import type { WebhookReceiver } from '../../src/replay/receiver.js';
import { captureLogs, type LogCapture } from '../support/log-capture.js';
import { openReplay, operatorResolves, type Replay } from '../support/news-replay-run.js';
import { type SecretReceiver, startSecretReceiver, webhooksYaml } from '../support/webhooks-yaml.js';

const WEBHOOK = 'ops';

let replay: Replay;
let receiver: WebhookReceiver;
let logs: LogCapture;
let secretEnv: string;
let hook: SecretReceiver;

beforeEach(async () => {
  hook = await startSecretReceiver('order');
  ({ receiver, secretEnv } = hook);
  logs = captureLogs();
  const webhooks = webhooksYaml([
    { id: WEBHOOK, url: receiver.url, secretEnv, events: ['claim.status_changed'] },
  ]);
  replay = await openReplay('alerts-order', {}, { webhooks, logger: logs.logger });
});

afterEach(async () => {
  await replay.close();
  await hook.close();
});

/** What `policy-watch resolve` does: the ledger records an operator change, the change sink dispatches it. */
const resolve = (claimId: string, status: ClaimStatus) => operatorResolves(replay, claimId, status);

const answers = () => receiver.requests.map((request) => [request.webhookId, request.answer]);
const orderState = () =>
  replay.redis.redis.hgetall(replay.redis.keys.webhookClaimOrder(WEBHOOK, 'rare-earths'));

describe('status changes of one claim', () => {
  describe('when the receiver answers 503 to the first change for a while', () => {
    it('sends the second only after the first is delivered', async () => {
      receiver.plan(503, 503, 503);
      await replay.startAlertWorkers({ logger: logs.logger });
      await resolve('rare-earths', 'advancing');
      await resolve('rare-earths', 'stalled');
      await resolve('rare-earths', 'contested');

      await receiver.waitFor(() => receiver.deliveries.length === 3, 20_000, 'three deliveries');
      await replay.alertsSettled(10_000);

      expect(answers()).toEqual([
        ['rare-earths:1', 503],
        ['rare-earths:1', 503],
        ['rare-earths:1', 503],
        ['rare-earths:1', 200],
        ['rare-earths:2', 200],
        ['rare-earths:3', 200],
      ]);
      const waited = logs.lines().filter((line) => line.event === 'alert.waiting');
      expect(waited.length).toBeGreaterThan(0);
      expect(waited.every((line) => line.webhookId === WEBHOOK && line.claimId === 'rare-earths')).toBe(true);
      expect(await orderState()).toEqual({ queued: '3', done: '3' });
    });
  });

  describe('when the first change is dead-lettered', () => {
    it('no longer holds the second back', async () => {
      receiver.plan(400);
      await replay.startAlertWorkers({ logger: logs.logger });
      await resolve('rare-earths', 'advancing');
      await resolve('rare-earths', 'stalled');

      await receiver.waitFor(() => receiver.deliveries.length === 1, 20_000, 'the second change');
      await replay.alertsSettled(10_000);

      expect(answers()).toEqual([
        ['rare-earths:1', 400],
        ['rare-earths:2', 200],
      ]);
      expect(await replay.runtime.queues.alerts.of(WEBHOOK).getJobCounts('completed', 'failed')).toEqual({
        completed: 1,
        failed: 1,
      });
      expect(await orderState()).toEqual({ queued: '2', done: '2' });
    });
  });

  describe('when changes of another claim fail', () => {
    it('does not hold this claim back', async () => {
      receiver.plan(503, 503, 503, 503, 503);
      await replay.startAlertWorkers({ logger: logs.logger });
      await resolve('trade-talks', 'advancing');
      await resolve('rare-earths', 'advancing');

      await receiver.waitFor(() => receiver.deliveries.length === 2, 20_000, 'both changes');

      // trade-talks:1 met the first 503; rare-earths:1 was sent meanwhile, not after it.
      const firstDelivered = receiver.requests.findIndex((request) => request.answer === 200);
      expect(receiver.requests[0]?.webhookId).toBe('trade-talks:1');
      expect(receiver.requests.slice(0, firstDelivered).map((request) => request.webhookId)).toContain(
        'rare-earths:1',
      );
    });
  });
});
