/**
 * The Redis guard on a private redis-server the test starts: with `maxmemory-policy allkeys-lru` (the
 * setting under which 0.1.0 lost 285 of 295 evidence jobs silently) `policy-watch start` refuses to start —
 * exit 2 and one JSON line naming the setting and the fix — and a running daemon's /readyz fails from the
 * moment an operator changes the policy, and recovers when it is set back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Daemon, startDaemon } from '../../src/app/daemon.js';
import type { FoundRedis } from '../../src/demo/find-redis.js';
import { LOG_EVENTS } from '../../src/log.js';
import { connectRedis } from '../../src/redis/connection.js';
import { captureLogs } from '../support/log-capture.js';
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
let daemon: Daemon | undefined;

afterEach(async () => {
  await killAllDaemons();
  await daemon?.stop();
  daemon = undefined;
  await server?.close();
  removeConfigDir(configDir);
  await redis?.stop();
  redis = undefined;
});

async function setUp(extraArgs: string[]): Promise<string> {
  redis = await startTestRedis(extraArgs);
  server = await startNewsServer({ now: () => new Date() });
  configDir = writeReplayConfig(server);
  return redis.url;
}

describe('a Redis whose maxmemory-policy may evict keys', () => {
  it('makes policy-watch start refuse: exit 2 and one JSON line naming the setting and the fix', async () => {
    const url = await setUp(['--maxmemory-policy', 'allkeys-lru']);
    const child = spawnDaemon({
      name: 'refused',
      prefix: uniquePrefix('guard'),
      configDir: configDir as string,
      env: { REDIS_URL: url },
    });

    expect(await child.exited).toEqual({ code: 2, signal: null });
    expect(child.lines.map((line) => line.event)).toEqual([LOG_EVENTS.daemonRefused]);
    const [line] = child.lines as [{ err: { code: string; message: string }; msg: string; level: number }];
    expect(line.level).toBe(50);
    expect(line.err.code).toBe('REDIS_EVICTION_POLICY');
    expect(line.err.message).toMatch(/maxmemory-policy is "allkeys-lru"/);
    expect(line.err.message).toMatch(/CONFIG SET maxmemory-policy noeviction/);
    expect(child.stderr.join('')).not.toMatch(/\n\s+at /); // no stack
  }, 60_000);

  it('fails /readyz while an operator has changed the policy under a running daemon', async () => {
    const url = await setUp([]);
    const logs = captureLogs('info');
    daemon = await startDaemon({
      configDir,
      redisTarget: url,
      prefix: uniquePrefix('guard'),
      logger: logs.logger,
      role: 'worker',
      drainTimeoutMs: 5_000,
      http: { port: 0, host: '127.0.0.1' },
    });
    const listening = await logs.waitFor(
      (l) => l.event === LOG_EVENTS.httpListening,
      5_000,
      'http.listening',
    );
    const readyz = async () => {
      const response = await fetch(`${String(listening.url)}/readyz`);
      return { status: response.status, body: (await response.json()) as { checks: Record<string, string> } };
    };
    const admin = await connectRedis('producer', url);
    try {
      expect((await readyz()).status).toBe(200);

      await admin.config('SET', 'maxmemory-policy', 'volatile-lru');
      const evicting = await readyz();
      expect(evicting.status).toBe(503);
      expect(evicting.body.checks.evictionPolicy).toMatch(/maxmemory-policy is "volatile-lru"/);

      await admin.config('SET', 'maxmemory-policy', 'noeviction');
      expect((await readyz()).status).toBe(200);
    } finally {
      admin.disconnect();
    }
  }, 60_000);
});
