/**
 * Alert delivery retries end to end: an operator's status change (the ledger and the change sink, as
 * `policy-watch resolve` runs them) goes through its webhook's queue and the production deliver-alert job on
 * BullMQ workers to a real receiver on 127.0.0.1 that verifies every request with standardwebhooks.
 * Retry settings are small (6 attempts, 200 ms doubling up to 2 s, 1 s timeout) so a test takes seconds.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StatusChangedData } from '../../src/alerts/types.js';
import type { ClaimStatus } from '../../src/claims/index.js';
import { jobIds } from '../../src/queue/names.js';
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
  hook = await startSecretReceiver('retries');
  ({ receiver, secretEnv } = hook);
  logs = captureLogs();
  const webhooks = webhooksYaml([
    { id: WEBHOOK, url: receiver.url, secretEnv, events: ['claim.status_changed'] },
  ]);
  replay = await openReplay('alerts-retries', {}, { webhooks, logger: logs.logger });
});

afterEach(async () => {
  await replay.close();
  await hook.close();
});

/** What `policy-watch resolve` does: the ledger records an operator change, the change sink dispatches it. */
const resolve = (claimId: string, status: ClaimStatus) => operatorResolves(replay, claimId, status);

/** The delivery job's attempt log (deliver-alert.ts writes one JSON line per attempt). */
async function attempts(eventId: string): Promise<Array<Record<string, unknown>>> {
  const { logs: lines } = await replay.runtime.queues.alerts
    .of(WEBHOOK)
    .getJobLogs(jobIds.alert(WEBHOOK, eventId));
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

const retrying = (attempt: number) => (line: { event?: string; attempt?: unknown }) =>
  line.event === 'alert.retrying' && line.attempt === attempt;

describe('alert delivery', () => {
  describe('when the receiver is down for the first attempts', () => {
    it('delivers the change once it is up, with the same webhook-id on every attempt', async () => {
      await receiver.setMode('down');
      await replay.startAlertWorkers({ logger: logs.logger });
      const change = await resolve('rare-earths', 'advancing');
      const eventId = 'rare-earths:1';

      // Attempts 1 and 2 find the port closed; attempt 3 reaches a receiver that answers 500; then 200.
      await logs.waitFor(retrying(2), 10_000, 'the second failed attempt');
      receiver.plan(500);
      await receiver.setMode('ok');
      await receiver.waitFor(() => receiver.deliveries.length > 0, 15_000, 'a delivery');
      await replay.alertsSettled(10_000);

      expect(receiver.requests.map((request) => [request.webhookId, request.answer])).toEqual([
        [eventId, 500],
        [eventId, 200],
      ]);
      expect(receiver.requests.every((request) => request.verified)).toBe(true);
      // Every attempt is the same event, re-signed: same bytes, a signature of its own.
      expect(new Set(receiver.requests.map((request) => request.body)).size).toBe(1);
      expect(receiver.distinctIds()).toEqual([eventId]);

      expect(
        (await attempts(eventId)).map((entry) => [entry.attempt, entry.outcome, entry.httpStatus]),
      ).toEqual([
        [1, 'retry', undefined],
        [2, 'retry', undefined],
        [3, 'retry', 500],
        [4, 'delivered', 200],
      ]);
      const [first] = await attempts(eventId);
      expect(first?.error).toMatch(/could not reach webhook ops at 127\.0\.0\.1:\d+: ECONNREFUSED/);
      expect(await replay.runtime.queues.alerts.of(WEBHOOK).getJobState(jobIds.alert(WEBHOOK, eventId))).toBe(
        'completed',
      );

      const body = receiver.deliveries[0]?.payload as { data: StatusChangedData } | undefined;
      expect(body?.data.change).toEqual({
        id: eventId,
        seq: change.seq,
        from: change.from,
        to: change.to,
        at: change.at,
        trigger: 'operator',
        note: change.note,
      });
      expect(
        logs.lines().filter((line) => line.event === 'alert.delivered' && line.eventId === eventId),
      ).toHaveLength(1);
    });
  });

  describe('when the receiver hangs', () => {
    it('gives up at the timeout, closes the connection, retries, and delivers when it answers', async () => {
      receiver.plan('hang');
      await replay.startAlertWorkers({ logger: logs.logger });
      await resolve('trade-talks', 'stalled');
      const eventId = 'trade-talks:1';

      await receiver.waitFor(() => receiver.deliveries.length > 0, 15_000, 'a delivery');
      await replay.alertsSettled(10_000);

      expect(receiver.requests.map((request) => [request.webhookId, request.answer])).toEqual([
        [eventId, 'hang'],
        [eventId, 200],
      ]);
      // The client closed the hung connection at its deadline (timeout_ms 1000), not at the receiver's pace.
      const hung = receiver.requests[0];
      expect(hung?.closedAt).toBeDefined();
      const heldMs = (hung?.closedAt ?? 0) - (hung?.at ?? 0);
      expect(heldMs).toBeGreaterThanOrEqual(900);
      expect(heldMs).toBeLessThan(5_000);

      const [timedOut, delivered] = await attempts(eventId);
      expect(timedOut).toMatchObject({
        attempt: 1,
        outcome: 'retry',
        error: `webhook ops at 127.0.0.1:${receiver.port} did not answer within 1000 ms`,
      });
      expect(timedOut?.durationMs).toBeGreaterThanOrEqual(1_000);
      expect(delivered).toMatchObject({ attempt: 2, outcome: 'delivered', httpStatus: 200 });
      expect(receiver.distinctIds()).toEqual([eventId]);
      expect(logs.lines().find(retrying(1))).toMatchObject({
        webhookId: WEBHOOK,
        eventId,
        attempt: 1,
        durationMs: expect.any(Number),
      });
    });
  });
});
