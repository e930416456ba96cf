/**
 * Webhooks come and go in the config. A daemon that starts without a webhook drops the deliveries still
 * waiting in that webhook's queue, each with an `alert.dropped` line, and keeps its dead letters for
 * `dlq list`. Deliveries queued before each webhook had its own queue (the one shared `alerts` queue) are
 * still delivered, and that queue's dead letters are still listed.
 */
import { Worker } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pingEvent } from '../../src/alerts/index.js';
import { type Daemon, startDaemon } from '../../src/app/daemon.js';
import { runCli } from '../../src/cli/program.js';
import { enqueueAlert } from '../../src/delivery/dispatch.js';
import { JOB_NAMES, jobIds } from '../../src/queue/names.js';
import type { WebhookReceiver } from '../../src/replay/receiver.js';
import { captureIo } from '../support/capture-io.js';
import { captureLogs, type LogCapture } from '../support/log-capture.js';
import { openReplay, type Replay } from '../support/news-replay-run.js';
import { type SecretReceiver, startSecretReceiver, webhooksYaml } from '../support/webhooks-yaml.js';

let replay: Replay;
let receiver: WebhookReceiver;
let logs: LogCapture;
let secretEnv: string;
let hook: SecretReceiver;
let daemon: Daemon | undefined;
beforeEach(async () => {
  hook = await startSecretReceiver('config-changes');
  ({ receiver, secretEnv } = hook);
  logs = captureLogs();
  const events = ['feed.failing'];
  const webhooks = webhooksYaml([
    { id: 'ops', url: receiver.url, secretEnv, events },
    { id: 'retired', url: receiver.url, secretEnv, events },
  ]);
  replay = await openReplay('alerts-config-changes', {}, { webhooks, logger: logs.logger });
  vi.stubEnv('PW_PREFIX', replay.redis.prefix);
  vi.stubEnv('LOG_LEVEL', 'silent');
});

afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
  vi.unstubAllEnvs();
  await replay.close();
  await hook.close();
});

/** `policy-watch start --role worker` with the config less the `retired` webhook. */
async function startWithout(webhookId: string): Promise<Daemon> {
  const config = replay.runtime.config;
  daemon = await startDaemon({
    role: 'worker',
    config: { ...config, webhooks: config.webhooks.filter((webhook) => webhook.id !== webhookId) },
    prefix: replay.redis.prefix,
    logger: logs.logger,
    http: false,
    drainTimeoutMs: 5_000,
  });
  return daemon;
}

const event = (label: string) => ({
  ...pingEvent('ops', new Date()),
  id: `ping:${label}`,
  type: 'feed.failing' as const,
});

describe('webhooks removed from the config', () => {
  describe('when a daemon starts without a webhook that still has deliveries waiting', () => {
    it('drops them with alert.dropped and delivers the others', async () => {
      await enqueueAlert(replay.runtime, event('one'));
      await enqueueAlert(replay.runtime, event('two'));

      await startWithout('retired');
      await receiver.waitFor(() => receiver.deliveries.length === 2, 10_000, "ops' deliveries");
      await replay.alertsSettled(10_000);

      const dropped = logs.lines().filter((line) => line.event === 'alert.dropped');
      expect(dropped.map((line) => [line.webhookId, line.eventId]).sort()).toEqual([
        ['retired', 'ping:one'],
        ['retired', 'ping:two'],
      ]);
      expect(await replay.runtime.queues.alerts.of('retired').getJobCounts('waiting', 'delayed')).toEqual({
        waiting: 0,
        delayed: 0,
      });
      expect(receiver.requests.map((request) => request.webhookId).sort()).toEqual(['ping:one', 'ping:two']);
    });
  });
});

describe('the alerts queue every webhook shared before', () => {
  describe('when it still holds deliveries at an upgrade', () => {
    it('delivers the waiting ones, and dlq list shows its dead letters', async () => {
      const legacy = replay.runtime.queues.alerts.legacy();
      const add = (label: string) => {
        const queued = event(label);
        return legacy.add(
          JOB_NAMES.deliverAlert,
          { webhookId: 'ops', event: queued },
          { jobId: jobIds.alert('ops', queued.id), attempts: 1 },
        );
      };
      // The dead letter an old daemon left: taken and failed as its worker would have done.
      await add('dead-before');
      const oldWorker = new Worker(legacy.name, null, {
        connection: replay.runtime.bullConnection,
        prefix: replay.redis.keys.bullPrefix,
      });
      const token = 'old-daemon';
      const taken = await oldWorker.getNextJob(token);
      await taken?.moveToFailed(new Error('webhook ops answered HTTP 410 Gone'), token);
      await oldWorker.close();
      await add('queued-before');

      await startWithout('retired');
      await receiver.waitFor(() => receiver.deliveries.length === 1, 10_000, 'the queued delivery');

      expect(receiver.distinctIds()).toEqual(['ping:queued-before']);
      const io = captureIo();
      expect(await runCli(['--config', replay.configDir, 'dlq', 'list', '--json'], io)).toBe(0);
      expect(io.stdout.map((line) => JSON.parse(line).eventId)).toEqual(['ping:dead-before']);
    });
  });
});
