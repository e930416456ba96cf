/**
 * Dead letters end to end: a receiver that answers 400 gets one attempt, the delivery lands in the dead
 * letters (the failed jobs of its webhook's queue) at once, `policy-watch dlq list` shows it with the status and
 * the first bytes of the answer, and once the receiver is fixed `policy-watch dlq retry` delivers it under
 * its original `webhook-id`, with no daemon running (the command delivers it itself).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StatusChangedData } from '../../src/alerts/types.js';
import type { ClaimStatus } from '../../src/claims/index.js';
import { runCli } from '../../src/cli/program.js';
import { jobIds } from '../../src/queue/names.js';
import type { WebhookReceiver } from '../../src/replay/receiver.js';
import { captureIo } from '../support/capture-io.js';
import { captureLogs, type LogCapture } from '../support/log-capture.js';
import { type AlertWorkers, openReplay, operatorResolves, type Replay } from '../support/news-replay-run.js';
import { waitUntil } from '../support/wait-until.js';
import { type SecretReceiver, startSecretReceiver, webhooksYaml } from '../support/webhooks-yaml.js';

const WEBHOOK = 'ops';
const REFUSAL = '{"error":"unknown field data.tally.window_days","hint":"upgrade the receiver"}';

let replay: Replay;
let receiver: WebhookReceiver;
let logs: LogCapture;
let workers: AlertWorkers;
let secretEnv: string;
let hook: SecretReceiver;
beforeEach(async () => {
  hook = await startSecretReceiver('dlq', { errorBody: () => REFUSAL });
  ({ receiver, secretEnv } = hook);
  logs = captureLogs();
  const webhooks = webhooksYaml([
    { id: WEBHOOK, url: receiver.url, secretEnv, events: ['claim.status_changed'] },
  ]);
  replay = await openReplay('alerts-dlq', {}, { webhooks, logger: logs.logger });
  workers = await replay.startAlertWorkers({ logger: logs.logger });
  vi.stubEnv('PW_PREFIX', replay.redis.prefix);
  vi.stubEnv('LOG_LEVEL', 'silent');
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await replay.close();
  await hook.close();
});

async function cli(...args: string[]) {
  const io = captureIo();
  const code = await runCli(['--config', replay.configDir, ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** What `policy-watch resolve` does: the ledger records an operator change, the change sink dispatches it. */
const resolve = (claimId: string, status: ClaimStatus) => operatorResolves(replay, claimId, status);

const deadLettered = (eventId: string) => (line: { event?: string; eventId?: unknown }) =>
  line.event === 'alert.dead_lettered' && line.eventId === eventId;

describe('dead letters', () => {
  describe('when the receiver answers 400', () => {
    it('dead-letters the delivery after one attempt, and dlq list shows the status and the answer', async () => {
      await receiver.setMode(400);
      await resolve('rare-earths', 'advancing');
      const jobId = jobIds.alert(WEBHOOK, 'rare-earths:1');
      await logs.waitFor(deadLettered('rare-earths:1'), 10_000, 'the dead letter');
      // The worker logs the dead letter before BullMQ moves the job to the failed set.
      const queue = replay.runtime.queues.alerts.of(WEBHOOK);
      await waitUntil('the job to fail', async () => (await queue.getJobState(jobId)) === 'failed', 10_000);

      expect(receiver.requests.map((request) => [request.webhookId, request.answer])).toEqual([
        ['rare-earths:1', 400],
      ]);
      expect(receiver.requests[0]?.verified).toBe(true);
      expect(receiver.deliveries).toEqual([]);

      const listed = await cli('dlq', 'list', '--json');
      expect(listed.code).toBe(0);
      expect(listed.stdout.map((line) => JSON.parse(line))).toEqual([
        {
          jobId,
          webhookId: WEBHOOK,
          eventId: 'rare-earths:1',
          eventType: 'claim.status_changed',
          attempts: 1,
          failedReason: `webhook ops at 127.0.0.1:${receiver.port} answered HTTP 400 Bad Request`,
          failedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          lastAttempt: {
            at: expect.any(String),
            attempt: 1,
            outcome: 'dead',
            httpStatus: 400,
            durationMs: expect.any(Number),
            error: `webhook ops at 127.0.0.1:${receiver.port} answered HTTP 400 Bad Request`,
            bodyStart: REFUSAL,
          },
        },
      ]);

      const table = await cli('dlq', 'list');
      expect(table.code).toBe(0);
      const row = table.stdout.find((line) => line.includes('rare-earths:1'));
      expect(row).toContain('claim.status_changed');
      expect(row).toContain('answered HTTP 400');
    });
  });

  describe('when the receiver is fixed and no daemon is running', () => {
    it('dlq retry ID delivers that dead letter with its original id, and dlq retry the rest', async () => {
      await receiver.setMode(400);
      await resolve('rare-earths', 'advancing');
      await resolve('trade-talks', 'stalled');
      await logs.waitFor(deadLettered('rare-earths:1'), 10_000, 'the first dead letter');
      await logs.waitFor(deadLettered('trade-talks:1'), 10_000, 'the second dead letter');
      const refused = new Map(receiver.requests.map((request) => [request.webhookId, request.body]));

      await workers.close(); // the operator's situation: no daemon, the CLI delivers by itself
      await receiver.setMode('ok');

      const one = await cli('dlq', 'retry', jobIds.alert(WEBHOOK, 'trade-talks:1'));
      expect(one.code).toBe(0);
      expect(one.stdout).toEqual([
        're-queued 1 dead letter(s) with their original event ids',
        `${jobIds.alert(WEBHOOK, 'trade-talks:1')}: delivered`,
      ]);
      expect(receiver.deliveries.map((delivery) => delivery.webhookId)).toEqual(['trade-talks:1']);

      const rest = await cli('dlq', 'retry', '--json');
      expect(rest.code).toBe(0);
      expect(rest.stdout.map((line) => JSON.parse(line) as unknown)).toEqual([
        { jobId: jobIds.alert(WEBHOOK, 'rare-earths:1'), webhookId: WEBHOOK, outcome: 'delivered' },
      ]);

      // The original ids and bodies: a receiver that saw the refused attempt recognises the retry.
      expect(receiver.deliveries.map((delivery) => delivery.webhookId)).toEqual([
        'trade-talks:1',
        'rare-earths:1',
      ]);
      for (const delivery of receiver.deliveries) {
        expect(delivery.body).toBe(refused.get(delivery.webhookId));
        expect((delivery.payload as { data: StatusChangedData }).data.change.id).toBe(delivery.webhookId);
      }
      expect(receiver.requests.every((request) => request.verified)).toBe(true);

      expect((await cli('dlq', 'list', '--json')).stdout).toEqual([]);
      expect((await cli('dlq', 'retry')).stdout).toEqual(['no dead letters to retry']);
    });
  });

  describe('when dlq retry names a job that is not a dead letter', () => {
    it('exits 2 and sends nothing', async () => {
      const missing = await cli('dlq', 'retry', 'alert-ops-nope');
      expect(missing.code).toBe(2);
      expect(missing.stderr.join('\n')).toContain('no dead letter with id "alert-ops-nope"');
      expect(receiver.requests).toEqual([]);
    });
  });
});
