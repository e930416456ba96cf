/**
 * Every log line names the process that wrote it: replicas against one Redis write to one log stream, and
 * a review needs to tell their lines apart.
 */

import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRuntime } from '../../src/app/open.js';
import { loadConfig } from '../../src/config/load.js';
import { pollNow } from '../../src/operator/poll-now.js';
import { serveLocal } from '../../src/replay/local-server.js';
import { tempConfigDirs } from '../support/config-dirs.js';
import { captureLogs } from '../support/log-capture.js';
import { REPO_ROOT } from '../support/news-replay.js';
import { testRedis } from '../support/redis.js';

// Removed after each test.
const configDir = tempConfigDirs('pw-log-shape-');

describe('the logger', () => {
  it('puts the service, pid and hostname on every line', () => {
    const logs = captureLogs('info');
    logs.logger.child({ feedId: 'wire' }).info({ event: 'feed.polled' }, 'feed polled');

    expect(logs.lines()).toEqual([
      expect.objectContaining({
        service: 'policy-watch',
        pid: process.pid,
        hostname: hostname(),
        feedId: 'wire',
        event: 'feed.polled',
      }),
    ]);
  });
});

describe('an error on a log line', () => {
  it('has one shape, err: {code, message}, on a failed poll as on any other line', async () => {
    const server = await serveLocal((_req, res) => res.writeHead(500).end('down'));
    const redis = await testRedis('log-shape');
    const dir = configDir({
      'claims.yaml': readFileSync(path.join(REPO_ROOT, 'config/claims.yaml'), 'utf8'),
      'feeds.yaml': `feeds:\n  - id: broken\n    url: "${server.origin}/feed.xml"\n`,
    });
    const logs = captureLogs('info');
    const runtime = await openRuntime({ config: loadConfig(dir), prefix: redis.prefix, logger: logs.logger });
    try {
      await pollNow(runtime, { feedIds: ['broken'], wait: true, timeoutMs: 20_000 });
      const failed = logs.lines().find((line) => line.event === 'feed.failed');
      expect(failed?.err).toEqual({ code: 'FETCH_HTTP_ERROR', message: expect.stringContaining('500') });
      expect(logs.lines().filter((line) => 'error' in line)).toEqual([]);
    } finally {
      await runtime.close();
      await server.close();
      await redis.cleanup();
    }
  });
});
