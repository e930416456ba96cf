/**
 * Evidence alerts of one poll go out as one job per webhook (enqueueEvidenceAlerts): each event is still its
 * own signed POST under its own `webhook-id`; a retry re-sends only the events not yet accepted; a batch
 * that ends with events undelivered is a dead letter of those events only, which `dlq list` shows and
 * `dlq retry` re-sends, and nothing else.
 */
import type { Job } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { evidenceAddedEvent } from '../../src/alerts/index.js';
import { runCli } from '../../src/cli/program.js';
import { type EvidenceAlert, enqueueEvidenceAlerts } from '../../src/delivery/dispatch.js';
import { type DeliverAlertBatchData, jobIds } from '../../src/queue/names.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../src/replay/receiver.js';
import { evidence } from '../claims/evidence-factory.js';
import { captureIo } from '../support/capture-io.js';
import { captureLogs, type LogCapture } from '../support/log-capture.js';
import { openReplay, type Replay } from '../support/news-replay-run.js';
import { type SecretReceiver, startSecretReceiver, webhooksYaml } from '../support/webhooks-yaml.js';

const POLL = 'poll-reuters-china-1750000000000';

let replay: Replay;
let receiver: WebhookReceiver;
let filtered: WebhookReceiver;
let logs: LogCapture;
let secretEnv: string;
let hook: SecretReceiver;
beforeEach(async () => {
  hook = await startSecretReceiver('batch', { errorBody: () => 'no such claim here' });
  ({ receiver, secretEnv } = hook);
  filtered = await startWebhookReceiver({ secret: hook.secret });
  logs = captureLogs();
  const events = ['claim.evidence_added'];
  const webhooks = webhooksYaml([
    { id: 'ops', url: receiver.url, secretEnv, events },
    { id: 'talks-desk', url: filtered.url, secretEnv, events, claims: ['trade-talks'] },
  ]);
  replay = await openReplay('alerts-batch', {}, { webhooks, logger: logs.logger });
  vi.stubEnv('PW_PREFIX', replay.redis.prefix);
  vi.stubEnv('LOG_LEVEL', 'silent');
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await replay.close();
  await hook.close();
  await filtered.close();
});

/** Three events of one poll: two for rare-earths, one for trade-talks. */
function pollEvents(): EvidenceAlert[] {
  const claim = (id: string) => {
    const found = replay.runtime.config.claims.find((candidate) => candidate.id === id);
    if (!found) throw new Error(`no claim ${id}`);
    return found;
  };
  return [
    ['rare-earths', 'reuters-up'],
    ['rare-earths', 'xinhua-down'],
    ['trade-talks', 'ap-talks'],
  ].map(([claimId = '', story]) => ({
    claimId,
    event: evidenceAddedEvent(claim(claimId), {
      ...evidence('progress', 'wire', 1, { story }),
      claim: claimId,
    }),
  }));
}

async function batchJob(webhookId: string): Promise<Job<DeliverAlertBatchData> | undefined> {
  return replay.runtime.queues.alerts.of(webhookId).getJob(jobIds.alertBatch(webhookId, POLL));
}

async function cli(...args: string[]) {
  const io = captureIo();
  const code = await runCli(['--config', replay.configDir, ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('evidence alerts of one poll', () => {
  describe('when they are queued', () => {
    it('makes one job per webhook, with only the events its claims filter lets through, once per poll', async () => {
      const items = pollEvents();
      const ids = await enqueueEvidenceAlerts(replay.runtime, POLL, items);
      expect(await enqueueEvidenceAlerts(replay.runtime, POLL, items)).toEqual(ids);

      expect(ids).toEqual([jobIds.alertBatch('ops', POLL), jobIds.alertBatch('talks-desk', POLL)]);
      expect((await batchJob('ops'))?.data.events.map((event) => event.id)).toEqual(
        items.map((item) => item.event.id),
      );
      expect((await batchJob('talks-desk'))?.data.events.map((event) => event.id)).toEqual([
        items[2]?.event.id,
      ]);
      expect(await replay.runtime.queues.alerts.of('ops').getJobCounts('waiting')).toEqual({ waiting: 1 });
    });
  });

  describe('when the receiver fails one event of the batch once', () => {
    it('POSTs each event under its own id, and the retry re-sends only the failed one', async () => {
      const items = pollEvents();
      const [first, second, third] = items.map((item) => item.event.id);
      receiver.plan(200, 500);
      await replay.startAlertWorkers({ logger: logs.logger });
      await enqueueEvidenceAlerts(replay.runtime, POLL, items);

      await receiver.waitFor(() => receiver.deliveries.length === 3, 15_000, 'three deliveries');
      await replay.alertsSettled(10_000);

      expect(receiver.requests.map((request) => [request.webhookId, request.answer])).toEqual([
        [first, 200],
        [second, 500],
        [third, 200],
        [second, 200],
      ]);
      expect(receiver.requests.every((request) => request.verified)).toBe(true);
      expect(filtered.distinctIds()).toEqual([third]);
      const job = await batchJob('ops');
      expect(await job?.getState()).toBe('completed');
      expect(job?.data.delivered.sort()).toEqual([first, second, third].sort());
      const outcomes = logs
        .lines()
        .filter((line) => line.webhookId === 'ops' && String(line.event).startsWith('alert.'))
        .map((line) => [line.event, line.eventId]);
      expect(outcomes).toEqual([
        ['alert.delivered', first],
        ['alert.delivered', third],
        ['alert.retrying', second],
        ['alert.delivered', second],
      ]);
    });
  });

  describe('when the receiver refuses one event of the batch', () => {
    it('dead-letters that event alone; dlq list shows it and dlq retry re-sends only it', async () => {
      const items = pollEvents();
      const [first, second, third] = items.map((item) => item.event.id);
      receiver.plan(200, 422);
      const workers = await replay.startAlertWorkers({ logger: logs.logger });
      await enqueueEvidenceAlerts(replay.runtime, POLL, items);
      await logs.waitFor(
        (line) => line.event === 'alert.dead_lettered' && line.eventId === second,
        10_000,
        'the refused event',
      );
      await replay.alertsSettled(10_000);
      const jobId = jobIds.alertBatch('ops', POLL);
      expect(await (await batchJob('ops'))?.getState()).toBe('failed');

      const listed = await cli('dlq', 'list', '--json');
      expect(listed.code).toBe(0);
      const rows = listed.stdout.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(rows).toEqual([
        expect.objectContaining({
          jobId,
          webhookId: 'ops',
          eventId: second,
          eventType: 'claim.evidence_added',
          failedReason: `1 of 3 events not delivered: webhook ops at 127.0.0.1:${receiver.port} answered HTTP 422 Unprocessable Entity`,
          lastAttempt: expect.objectContaining({
            eventId: second,
            outcome: 'dead',
            httpStatus: 422,
            bodyStart: 'no such claim here',
          }),
          batch: { pollKey: POLL, events: 3, delivered: 2 },
        }),
      ]);

      await workers.close(); // no daemon: the CLI delivers the re-sent events itself
      const sent = receiver.requests.length;
      const retried = await cli('dlq', 'retry', jobId);
      expect(retried.stdout).toEqual([
        're-queued 1 dead letter(s) with their original event ids',
        `${jobId}: delivered`,
      ]);
      expect(retried.code).toBe(0);
      expect(receiver.requests.slice(sent).map((request) => [request.webhookId, request.answer])).toEqual([
        [second, 200],
      ]);
      expect(receiver.distinctIds().sort()).toEqual([first, second, third].sort());
      expect((await cli('dlq', 'list', '--json')).stdout).toEqual([]);
    });
  });
});
