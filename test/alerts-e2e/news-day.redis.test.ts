/**
 * The news-day replay (test/support/news-replay*: eleven scripted days, three feeds, the real jobs on
 * BullMQ and Redis) with a receiver subscribed to claim.status_changed. Deliveries run on alert workers
 * alongside the pipeline, as a daemon's would. What the receiver keeps (deduplicating on `webhook-id`) must
 * be exactly what `policy-watch history` shows for every claim: one delivery per change record, each body
 * verified and naming that record.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StatusChangedData } from '../../src/alerts/types.js';
import type { ChangeRecord } from '../../src/claims/index.js';
import type { WebhookReceiver } from '../../src/replay/receiver.js';
import { openReplay, type Replay } from '../support/news-replay-run.js';
import { type SecretReceiver, startSecretReceiver, webhooksYaml } from '../support/webhooks-yaml.js';

let replay: Replay;
let receiver: WebhookReceiver;
let secretEnv: string;
let hook: SecretReceiver;

beforeEach(async () => {
  hook = await startSecretReceiver('news-day');
  ({ receiver, secretEnv } = hook);
  const webhooks = webhooksYaml([
    { id: 'newsroom', url: receiver.url, secretEnv, events: ['claim.status_changed'] },
  ]);
  replay = await openReplay('alerts-news-day', {}, { webhooks });
});

afterEach(async () => {
  await replay.close();
  await hook.close();
});

/** A change record as the body's `data.change` and `data.claim.id` should carry it. */
function expectedChange(change: ChangeRecord) {
  return {
    claim: change.claim,
    change: {
      id: `${change.claim}:${change.seq}`,
      seq: change.seq,
      from: change.from,
      to: change.to,
      at: change.at,
      trigger: change.trigger,
      note: change.note,
    },
    tally: { progress: change.tally.progress, setback: change.tally.setback, sources: change.tally.sources },
  };
}

describe('the news day replay with a subscribed receiver', () => {
  describe('when every scripted day has run and the deliveries have settled', () => {
    it('delivers exactly the status changes that history shows, each once', async () => {
      await replay.startAlertWorkers();
      await replay.runScenario();
      const claims = await replay.claims();
      const history = Object.values(claims).flatMap((claim) => claim.history);
      // Not an empty comparison: the replay moves five of the six claims (news-day-replay.redis.test.ts).
      expect(history.length).toBe(12);
      await receiver.waitFor(() => receiver.distinctIds().length >= history.length, 20_000, 'every change');
      await replay.alertsSettled(10_000);

      expect(receiver.requests.filter((request) => !request.verified)).toEqual([]);
      // Receivers dedupe on webhook-id: the distinct ids are the change ids of the history, no more.
      expect(receiver.distinctIds().sort()).toEqual(
        history.map((change) => `${change.claim}:${change.seq}`).sort(),
      );
      // And in a run without failures, nothing is even sent twice.
      expect(receiver.deliveries).toHaveLength(history.length);

      const delivered = receiver.deliveries.map((delivery) => {
        const body = delivery.payload as { type: string; data: StatusChangedData };
        expect(body.type).toBe('claim.status_changed');
        expect(body.data.change.id).toBe(delivery.webhookId);
        const { progress, setback, sources } = body.data.tally;
        return {
          claim: body.data.claim.id,
          change: body.data.change,
          tally: { progress, setback, sources },
        };
      });
      const byId = (a: { change: { id: string } }, b: { change: { id: string } }) =>
        a.change.id.localeCompare(b.change.id);
      expect(delivered.sort(byId)).toEqual(history.map(expectedChange).sort(byId));

      // Each body cites the change's evidence that the ledger still holds, in the change's order.
      for (const delivery of receiver.deliveries) {
        const { data } = delivery.payload as { data: StatusChangedData };
        const record = claims[data.claim.id]?.history.find((change) => change.seq === data.change.seq);
        expect(data.evidence.map((evidence) => evidence.id)).toEqual(record?.evidence);
      }

      const failed = await replay.runtime.queues.alerts.of('newsroom').getJobCounts('completed', 'failed');
      expect(failed).toEqual({ completed: history.length, failed: 0 });
    });
  });

  describe('when the receiver fails now and then during the replay', () => {
    it('still ends with exactly one accepted delivery per change record', async () => {
      // The first requests meet each retryable failure once; whichever changes they belong to are retried.
      receiver.plan(503, 500, 'hang', 429, 408);
      await replay.startAlertWorkers();
      await replay.runScenario();
      const history = Object.values(await replay.claims()).flatMap((claim) => claim.history);
      await receiver.waitFor(() => receiver.distinctIds().length >= history.length, 25_000, 'every change');
      await replay.alertsSettled(15_000);

      expect(receiver.requests.slice(0, 5).map((request) => request.answer)).toEqual([
        503,
        500,
        'hang',
        429,
        408,
      ]);
      expect(receiver.requests.length).toBe(history.length + 5);
      expect(receiver.requests.filter((request) => !request.verified)).toEqual([]);
      expect(receiver.distinctIds().sort()).toEqual(
        history.map((change) => `${change.claim}:${change.seq}`).sort(),
      );
      expect(receiver.deliveries).toHaveLength(history.length);
    });
  });
});
