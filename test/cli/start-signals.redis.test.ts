/**
 * Signals that reach `policy-watch start` while it is still starting (a real child process whose Redis
 * answers only when the test says so, held-redis-proxy.ts). Before, Node's default for SIGHUP ended the
 * process without a line, so a reload sent right after a restart killed the daemon; a stop signal ended it
 * without the graceful path. Now each is acted on once the daemon has started.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOG_EVENTS } from '../../src/log.js';
import { type HeldRedisProxy, startHeldRedisProxy } from '../support/held-redis-proxy.js';
import {
  feedOf,
  keepFeeds,
  type NewsServer,
  removeConfigDir,
  startNewsServer,
  writeReplayConfig,
} from '../support/news-replay.js';
import { killAllDaemons, spawnDaemon } from '../support/news-replay-daemon.js';
import { type TestRedis, testRedis } from '../support/redis.js';

let redis: TestRedis | undefined;
let server: NewsServer | undefined;
let proxy: HeldRedisProxy | undefined;
let configDir: string | undefined;

afterEach(async () => {
  await killAllDaemons();
  await proxy?.close();
  await server?.close();
  await redis?.cleanup();
  removeConfigDir(configDir);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startHeld(label: string) {
  redis = await testRedis(label);
  server = await startNewsServer({ now: () => new Date() });
  proxy = await startHeldRedisProxy();
  configDir = writeReplayConfig(server, { schedule: '0 0 1 1 *', timeoutMs: 5_000, settleSeconds: 1 });
  const allFeeds = readFileSync(path.join(configDir, 'feeds.yaml'), 'utf8');
  keepFeeds(configDir, allFeeds, ['wire']);
  const daemon = spawnDaemon({
    name: label,
    prefix: redis.prefix,
    configDir,
    env: { PW_HTTP_PORT: '0', REDIS_URL: proxy.url },
  });
  await proxy.connected;
  return { daemon, allFeeds, dir: configDir, held: proxy };
}

describe('policy-watch start, signalled while it starts', () => {
  describe('when SIGHUP arrives before the daemon runs', () => {
    it('lives, starts, and then re-reads the config', async () => {
      const { daemon, allFeeds, dir, held } = await startHeld('start-sighup');
      keepFeeds(dir, allFeeds, ['gov']);
      daemon.child.kill('SIGHUP');
      const noted = await daemon.waitForLine(
        (line) => line.event === LOG_EVENTS.daemonSignal && line.signal === 'SIGHUP',
        10_000,
      );
      expect(noted).toMatchObject({ starting: true, msg: 'SIGHUP during start: reloading once started' });
      await sleep(300);
      expect(daemon.child.exitCode).toBeNull();

      held.release();
      await daemon.started;
      const reloaded = await daemon.waitForLine((line) => line.event === LOG_EVENTS.configReloaded, 15_000);
      expect(reloaded.feeds).toEqual({
        added: [feedOf('gov').id],
        removed: [feedOf('wire').id],
        changed: [],
      });
    });
  });

  describe('when SIGTERM arrives before the daemon runs', () => {
    it('starts, then stops gracefully and exits 0', async () => {
      const { daemon, held } = await startHeld('start-sigterm');
      daemon.child.kill('SIGTERM');
      await daemon.waitForLine(
        (line) => line.event === LOG_EVENTS.daemonSignal && line.starting === true,
        10_000,
      );
      expect(daemon.child.exitCode).toBeNull();

      held.release();
      const exit = await daemon.exited;
      expect(exit).toEqual({ code: 0, signal: null });
      const events = daemon.lines.map((line) => line.event);
      expect(events).toContain(LOG_EVENTS.daemonStarted);
      expect(events.indexOf(LOG_EVENTS.daemonStopped)).toBeGreaterThan(
        events.indexOf(LOG_EVENTS.daemonStarted),
      );
    });
  });
});
