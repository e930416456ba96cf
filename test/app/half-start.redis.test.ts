/**
 * Truthful start: `schedule: "5-3 * * * *"` (a reversed range) passed check-config, because node-cron accepts
 * it, and failed inside the scheduler's cron-parser at start, leaving a daemon with workers and /readyz 200
 * but no scheduler. Now check-config asks both libraries and refuses it, naming the feed; and a start that
 * fails halfway closes what it had started instead of running on without the rest.
 */
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { startDaemon } from '../../src/app/daemon.js';
import { runCli } from '../../src/cli/program.js';
import { loadConfig } from '../../src/config/load.js';
import { QUEUE_NAMES } from '../../src/queue/names.js';
import { captureIo } from '../support/capture-io.js';
import { captureLogs } from '../support/log-capture.js';
import {
  type NewsServer,
  removeConfigDir,
  startNewsServer,
  writeReplayConfig,
} from '../support/news-replay.js';
import { type TestRedis, testBullConnection, testRedis } from '../support/redis.js';

const REVERSED = '5-3 * * * *';

let server: NewsServer | undefined;
let configDir: string | undefined;
let redis: TestRedis | undefined;

afterEach(async () => {
  await server?.close();
  removeConfigDir(configDir);
  await redis?.cleanup();
});

describe('a schedule only one of the two cron libraries accepts', () => {
  it('is a config problem: check-config exits 2 naming the feed and the reason', async () => {
    server = await startNewsServer({ now: () => new Date() });
    configDir = writeReplayConfig(server, { schedule: REVERSED });
    const io = captureIo();

    expect(await runCli(['--config', configDir, 'check-config'], io)).toBe(2);
    const printed = io.stderr.join('\n');
    expect(printed).toMatch(/defaults\.schedule/);
    expect(printed).toMatch(/Invalid range: 5-3/);
  });

  it('makes a start that gets past the config fail whole: no worker or server is left running', async () => {
    server = await startNewsServer({ now: () => new Date() });
    configDir = writeReplayConfig(server);
    redis = await testRedis('half-start');
    const valid = loadConfig(configDir);
    // As a config loaded before this check existed would be: the schema is bypassed on purpose.
    const config = { ...valid, feeds: valid.feeds.map((feed) => ({ ...feed, schedule: REVERSED })) };
    const logs = captureLogs('info');

    await expect(
      startDaemon({
        config,
        prefix: redis.prefix,
        logger: logs.logger,
        http: { port: 0 },
        drainTimeoutMs: 2_000,
      }),
    ).rejects.toThrow(/Invalid range/);

    const listening = logs.lines().find((line) => line.event === 'http.listening');
    expect(listening).toBeDefined();
    await expect(fetch(`${String(listening?.url)}/healthz`)).rejects.toThrow();
    const poll = new Queue(QUEUE_NAMES.poll, {
      connection: testBullConnection(),
      prefix: redis.keys.bullPrefix,
    });
    try {
      expect(await poll.getWorkersCount()).toBe(0);
    } finally {
      await poll.close();
    }
  });
});
