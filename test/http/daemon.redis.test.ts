/**
 * The daemon serves HTTP on PW_HTTP_PORT (vitest.config.ts sets 0: a free port), logs the port it bound as
 * `http.listening`, reports its workers in /readyz, and stops accepting requests when it stops.
 */
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readEnv } from '../../src/config/env.js';
import { loadConfig } from '../../src/config/load.js';

const httpPortFromEnv = (env: Record<string, string | undefined>) => readEnv('PW_HTTP_PORT', env);

import { type Daemon, type DaemonRole, startDaemon } from '../../src/app/daemon.js';
import { LOG_EVENTS } from '../../src/log.js';
import { captureLogs, type LogCapture } from '../support/log-capture.js';
import {
  type NewsServer,
  removeConfigDir,
  startNewsServer,
  writeReplayConfig,
} from '../support/news-replay.js';
import { type TestRedis, testRedis } from '../support/redis.js';

let redis: TestRedis;
let news: NewsServer;
let configDir: string;
let logs: LogCapture;
let daemon: Daemon | undefined;

beforeEach(async () => {
  redis = await testRedis('http-daemon');
  // The newsroom stands before the first scripted item: the catch-up polls at start find empty feeds.
  news = await startNewsServer({ now: () => new Date('2025-01-01T00:00:00Z') });
  configDir = writeReplayConfig(news);
  logs = captureLogs('info');
});

afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
  await news.close();
  await redis.cleanup();
  removeConfigDir(configDir);
});

async function start(role: DaemonRole, http?: { port: number }): Promise<Daemon> {
  daemon = await startDaemon({
    config: loadConfig(configDir),
    prefix: redis.prefix,
    logger: logs.logger,
    role,
    drainTimeoutMs: 5_000,
    ...(http ? { http: { ...http, host: '127.0.0.1' } } : {}),
  });
  return daemon;
}

async function listeningUrl(): Promise<string> {
  const line = await logs.waitFor((l) => l.event === LOG_EVENTS.httpListening, 5_000, 'http.listening');
  return String(line.url);
}

describe('the daemon HTTP server', () => {
  describe('when PW_HTTP_PORT is 0', () => {
    it('binds a free port and logs it as http.listening', async () => {
      await start('all');
      const line = await logs.waitFor((l) => l.event === LOG_EVENTS.httpListening, 5_000, 'http.listening');
      expect(line.port).toEqual(expect.any(Number));
      expect(line.port).not.toBe(8080);
      expect(line.url).toBe(`http://127.0.0.1:${line.port}`);
      const health = await fetch(`${line.url}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok' });
    });
  });

  describe.each([
    ['all', { redis: 'ok', evictionPolicy: 'ok', scheduler: 'ok', workers: 'ok' }],
    ['worker', { redis: 'ok', evictionPolicy: 'ok', workers: 'ok' }],
    ['scheduler', { redis: 'ok', evictionPolicy: 'ok', scheduler: 'ok' }],
  ] as const)('with --role %s', (role, checks) => {
    it('is ready with the checks of its role', async () => {
      await start(role, { port: 0 });
      const response = await fetch(`${await listeningUrl()}/readyz`);
      expect({ status: response.status, body: await response.json() }).toEqual({
        status: 200,
        body: { status: 'ready', checks },
      });
    });
  });

  describe('when the daemon stops', () => {
    it('stops accepting connections once stopped', async () => {
      const running = await start('all', { port: 0 });
      const url = await listeningUrl();
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      await running.stop();
      daemon = undefined;
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
      const events = logs.lines().map((line) => line.event);
      expect(events.indexOf(LOG_EVENTS.daemonStopped)).toBeGreaterThan(
        events.indexOf(LOG_EVENTS.daemonStopping),
      );
    });
  });

  describe('when the port is taken', () => {
    it('fails to start with a sentence naming the port', async () => {
      const blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const { port } = blocker.address() as { port: number };
      try {
        await expect(start('all', { port })).rejects.toThrow(`cannot serve HTTP on 127.0.0.1 port ${port}`);
        expect(logs.lines().some((line) => line.event === LOG_EVENTS.daemonStarted)).toBe(false);
      } finally {
        daemon = undefined;
        await new Promise<void>((resolve) => blocker.close(() => resolve()));
      }
    });
  });
});

describe('PW_HTTP_PORT', () => {
  it.each([
    ['unset', undefined, 8080],
    ['empty', '', 8080],
    ['0 (a free port)', '0', 0],
    ['a port', '9464', 9464],
    ['a port with spaces', ' 9090 ', 9090],
    ['the highest port', '65535', 65535],
  ])('reads %s as %s', (_name, value, port) => {
    expect(httpPortFromEnv({ PW_HTTP_PORT: value })).toBe(port);
  });

  it.each([
    ['a name', 'http'],
    ['a negative number', '-1'],
    ['a fraction', '80.5'],
    ['a port past 65535', '65536'],
    ['hexadecimal', '0x50'],
  ])('refuses %s with a sentence naming the variable', (_name, value) => {
    expect(() => httpPortFromEnv({ PW_HTTP_PORT: value })).toThrow(/^PW_HTTP_PORT must be a port number/);
  });
});

describe('where the daemon listens and who may read it', () => {
  it('binds 127.0.0.1 unless PW_HTTP_HOST says otherwise, and its log line names the bound address', async () => {
    daemon = await startDaemon({
      config: loadConfig(configDir),
      prefix: redis.prefix,
      logger: logs.logger,
      role: 'worker',
      drainTimeoutMs: 5_000,
      http: { port: 0 },
    });
    const line = await logs.waitFor((l) => l.event === LOG_EVENTS.httpListening, 5_000, 'http.listening');
    expect(line.host).toBe('127.0.0.1');
    expect(line.msg).toBe(`serving HTTP on 127.0.0.1:${String(line.port)}`);
    expect((await fetch(`http://127.0.0.1:${String(line.port)}/healthz`)).status).toBe(200);
  });

  it('with PW_HTTP_TOKEN, answers the API only with the bearer token, and the probes and /metrics without', async () => {
    const token = 'a-test-token-of-sufficient-length';
    process.env.PW_HTTP_TOKEN = token;
    try {
      daemon = await startDaemon({
        config: loadConfig(configDir),
        prefix: redis.prefix,
        logger: logs.logger,
        role: 'worker',
        drainTimeoutMs: 5_000,
        http: { port: 0 },
      });
    } finally {
      delete process.env.PW_HTTP_TOKEN;
    }
    const line = await logs.waitFor((l) => l.event === LOG_EVENTS.httpListening, 5_000, 'http.listening');
    const url = String(line.url);
    const get = (path: string, authorization?: string) =>
      fetch(`${url}${path}`, authorization ? { headers: { authorization } } : {});

    const refused = await get('/api/claims');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="policy-watch"');
    expect((await get('/api/claims', 'Bearer not-the-token')).status).toBe(401);
    expect((await get('/', `Bearer ${token}x`)).status).toBe(401);
    expect((await get('/api/claims', `Bearer ${token}`)).status).toBe(200);
    for (const open of ['/healthz', '/readyz', '/metrics']) expect((await get(open)).status, open).toBe(200);
    expect(logs.text.join('\n')).not.toContain(token);
  });
});
