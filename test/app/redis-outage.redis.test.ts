/**
 * A Redis that goes away and comes back, under a real daemon process: one `redis.down` line naming the
 * reason, one `redis.up` line once it is back, and nothing but JSON lines on stdout and nothing on stderr in
 * between (0.1.0 printed 288 raw stack lines in 30 s and never said Redis was back). And a wrong password
 * is named as one, not as "Connection is closed."
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FoundRedis } from '../../src/demo/find-redis.js';
import { LOG_EVENTS } from '../../src/log.js';
import { connectRedis } from '../../src/redis/connection.js';
import {
  type NewsServer,
  removeConfigDir,
  startNewsServer,
  writeReplayConfig,
} from '../support/news-replay.js';
import { killAllDaemons, spawnDaemon } from '../support/news-replay-daemon.js';
import { startTestRedis } from '../support/private-redis.js';
import { uniquePrefix } from '../support/redis.js';

let redis: FoundRedis | undefined;
let server: NewsServer | undefined;
let configDir: string | undefined;

afterEach(async () => {
  await killAllDaemons();
  await redis?.stop();
  redis = undefined;
  await server?.close();
  removeConfigDir(configDir);
});

describe('a Redis outage under a running daemon', () => {
  it('is logged once when Redis goes and once when it is back, with nothing but JSON lines', async () => {
    redis = await startTestRedis();
    const port = Number(new URL(redis.url).port);
    server = await startNewsServer({ now: () => new Date('2025-01-01T00:00:00Z') });
    configDir = writeReplayConfig(server);
    const daemon = spawnDaemon({
      name: 'outage',
      prefix: uniquePrefix('outage'),
      configDir,
      role: 'worker',
      env: { REDIS_URL: redis.url },
    });
    await daemon.started;

    await redis.stop();
    await daemon.waitForLine((line) => line.event === LOG_EVENTS.redisDown, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // retries fail meanwhile
    redis = await startTestRedis([], port);
    const up = await daemon.waitForLine((line) => line.event === LOG_EVENTS.redisUp, 30_000);

    const events = daemon.lines.map((line) => line.event);
    expect(events.filter((event) => event === LOG_EVENTS.redisDown)).toHaveLength(1);
    expect(events.filter((event) => event === LOG_EVENTS.redisUp)).toHaveLength(1);
    expect(events).not.toContain('unparsed');
    const errors = daemon.lines.filter((line) => line.event === LOG_EVENTS.redisError);
    expect(errors.map((line) => `${String(line.msg)}: ${JSON.stringify(line.err)}`)).toEqual([]);
    expect(up.downMs).toEqual(expect.any(Number));
    expect(daemon.stderr.join('')).toBe('');
  }, 90_000);
});

describe('a wrong Redis password', () => {
  it('is named as refused credentials, without the password', async () => {
    redis = await startTestRedis();
    const admin = await connectRedis('producer', redis.url);
    await admin.config('SET', 'requirepass', 'the-right-one');
    admin.disconnect();
    const wrong = redis.url.replace('redis://', 'redis://:not-the-password@');
    await expect(connectRedis('producer', wrong)).rejects.toThrow(
      /refused the credentials in REDIS_URL \(WRONGPASS\)/,
    );
    await expect(connectRedis('producer', wrong)).rejects.not.toThrow(/not-the-password/);
  });
});
