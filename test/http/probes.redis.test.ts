/**
 * /healthz says the process serves; /readyz says it can work now: Redis answers PING and, for a role with
 * workers, the workers run. When Redis goes away the probes and /metrics still answer, and the API says
 * 503 at once instead of hanging on a connection that queues commands until Redis returns.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readyz, workersCheck } from '../../src/http/probes.js';
import { METRIC_NAMES } from '../../src/metrics/metrics.js';
import { createRedis } from '../../src/redis/connection.js';
import { freePort } from '../../src/replay/local-server.js';
import { type LocalServer, startLocalServer } from './local-server.js';
import { sample } from './prometheus-text.js';

let local: LocalServer | undefined;

afterEach(async () => {
  await local?.close();
  local = undefined;
});

const get = (path: string) => fetch(`${local?.server.url}${path}`);

async function json(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await get(path);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('GET /healthz', () => {
  it('answers 200 {"status":"ok"}', async () => {
    local = await startLocalServer('http-health');
    expect(await json('/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
  });
});

describe('GET /readyz', () => {
  describe('when Redis answers and the role has no workers', () => {
    it('answers 200 with the Redis check alone', async () => {
      local = await startLocalServer('http-ready');
      expect(await json('/readyz')).toEqual({
        status: 200,
        body: { status: 'ready', checks: { redis: 'ok', evictionPolicy: 'ok' } },
      });
    });
  });

  describe('when the role has workers', () => {
    it('answers 200 while they run and 503 naming the stopped ones', async () => {
      let pollRunning = true;
      const workers = [
        { name: 'poll', isRunning: () => pollRunning },
        { name: 'evidence', isRunning: () => true },
      ];
      local = await startLocalServer('http-workers', { http: { workers: workersCheck(() => workers) } });
      expect(await json('/readyz')).toEqual({
        status: 200,
        body: { status: 'ready', checks: { redis: 'ok', evictionPolicy: 'ok', workers: 'ok' } },
      });
      pollRunning = false;
      expect(await json('/readyz')).toEqual({
        status: 503,
        body: {
          status: 'not_ready',
          reason: 'workers: not running: poll',
          checks: { redis: 'ok', evictionPolicy: 'ok', workers: 'not running: poll' },
        },
      });
    });

    it('answers 503 before the workers exist', () => {
      expect(workersCheck(() => undefined)()).toBe('not started yet');
    });
  });

  describe('when the Redis connection is closed', () => {
    it('answers 503 with the reason; /healthz and /metrics still answer; the API answers 503 at once', async () => {
      local = await startLocalServer('http-closed');
      const ended = new Promise((resolve) => local?.runtime.redis.once('end', resolve));
      local.runtime.redis.disconnect();
      await ended;
      const ready = await json('/readyz');
      expect(ready).toEqual({
        status: 503,
        body: {
          status: 'not_ready',
          reason: 'redis: the Redis connection is end',
          checks: { redis: 'the Redis connection is end' },
        },
      });
      expect((await json('/healthz')).status).toBe(200);
      const metrics = await get('/metrics');
      expect(metrics.status).toBe(200);
      expect(sample(await metrics.text(), METRIC_NAMES.deadLetters)).toBeNaN();
      const started = Date.now();
      for (const path of ['/api/claims', '/api/claims/rare-earths', '/api/feeds']) {
        expect(await json(path)).toEqual({
          status: 503,
          body: { error: { code: 'REDIS_UNAVAILABLE', message: 'the Redis connection is end' } },
        });
      }
      expect(Date.now() - started).toBeLessThan(5_000);
    });
  });

  describe('when the runtime points at a port where no Redis listens', () => {
    it('answers 503 while the connection retries, and the API answers 503 too', async () => {
      local = await startLocalServer('http-dead');
      const dead = createRedis('worker', `redis://127.0.0.1:${await freePort()}`);
      dead.connect().catch(() => undefined);
      const live = local.runtime.redis;
      local.runtime.redis = dead;
      try {
        const ready = await json('/readyz');
        expect(ready.status).toBe(503);
        expect(ready.body.reason).toMatch(/^redis: the Redis connection is (connecting|reconnecting|close)$/);
        expect((await json('/api/claims')).status).toBe(503);
      } finally {
        local.runtime.redis = live;
        dead.disconnect();
      }
    });
  });

  describe('when the scheduler of a scheduling role is not ticking', () => {
    it('answers 503 naming it', async () => {
      const redis = {
        status: 'ready' as const,
        ping: () => Promise.resolve('PONG' as const),
        info: () => Promise.resolve('maxmemory_policy:noeviction'),
      };
      const reply = await readyz({ redis, scheduler: () => 'stopped', timeoutMs: 1_000 });
      expect(reply.status).toBe(503);
      expect(JSON.parse(reply.body)).toMatchObject({ reason: 'scheduler: stopped' });
    });
  });

  describe('when Redis is connected but PING does not come back in time', () => {
    it('answers 503 after the deadline', async () => {
      const stuck = {
        status: 'ready' as const,
        ping: () => new Promise<'PONG'>(() => undefined),
        info: () => Promise.resolve('maxmemory_policy:noeviction'),
      };
      const reply = await readyz({ redis: stuck, timeoutMs: 50 });
      expect(reply.status).toBe(503);
      expect(JSON.parse(reply.body)).toEqual({
        status: 'not_ready',
        reason: 'redis: PING: Redis did not answer within 50 ms',
        checks: { redis: 'PING: Redis did not answer within 50 ms' },
      });
    });
  });
});
