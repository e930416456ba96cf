/**
 * policy-watch on a real three-node Redis Cluster (redis-topologies.ts startTestCluster): the news-day
 * replay through it leaves exactly what it leaves on a single Redis (histories, evidence, feed state, job
 * results); the CLI and the readiness probe read it through REDIS_CLUSTER_NODES; the eviction guard asks
 * every primary; and a REDIS_URL pointing at one of its nodes is refused with the variable to use instead
 * (the MOVED storm of issue 14).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Daemon, startDaemon } from '../../src/app/daemon.js';
import { LOG_EVENTS, type Logger } from '../../src/log.js';
import { connectRedis } from '../../src/redis/connection.js';
import { checkEvictionPolicy } from '../../src/redis/eviction-policy.js';
import { captureLogs } from '../support/log-capture.js';
import { MAX_LOG_LINE_BYTES } from '../support/log-line-limit.js';
import { REPO_ROOT } from '../support/news-replay.js';
import { openReplay, pipelineDump, type Replay } from '../support/news-replay-run.js';
import { uniquePrefix } from '../support/redis.js';
import { startTestCluster, type TestCluster, withNode } from '../support/redis-topologies.js';

const run = promisify(execFile);

let cluster: TestCluster;
const opened: Replay[] = [];

beforeAll(async () => {
  cluster = await startTestCluster();
}, 120_000);

afterAll(async () => {
  await Promise.all(opened.splice(0).map((replay) => replay.close()));
  await cluster?.stop();
});

async function replayOnce(label: string, options: { cluster?: boolean; logger?: Logger } = {}) {
  const replay = await openReplay(
    label,
    {},
    {
      ...(options.cluster ? { redisTarget: cluster.topology } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    },
  );
  opened.push(replay);
  const days = await replay.runScenario();
  return { replay, days, claims: await replay.claims(), dump: await pipelineDump(replay.redis) };
}

const clusterEnv = () => ({
  REDIS_URL: '',
  REDIS_CLUSTER_NODES: cluster.topology.nodes.map((node) => `${node.host}:${node.port}`).join(','),
});

describe('policy-watch on a three-node Redis Cluster', () => {
  describe('when the news-day replay runs through it', () => {
    let single: Awaited<ReturnType<typeof replayOnce>>;
    let clustered: Awaited<ReturnType<typeof replayOnce>>;
    const logs = captureLogs('debug');

    beforeAll(async () => {
      single = await replayOnce('cluster-baseline');
      clustered = await replayOnce('cluster', { cluster: true, logger: logs.logger });
    }, 120_000);

    it('leaves the histories, evidence, feed state and job results a single Redis leaves', () => {
      expect(clustered.claims).toEqual(single.claims);
      expect(clustered.days).toEqual(single.days);
      expect(clustered.dump).toEqual(single.dump);
      const changes = Object.values(clustered.claims).reduce((sum, claim) => sum + claim.history.length, 0);
      expect(changes).toBe(12);
    });

    it('keeps every key of the prefix in one slot, on the node that serves it', async () => {
      const keys = Object.keys(clustered.dump).map((name) => `{${clustered.replay.redis.prefix}}:${name}`);
      const owners = new Set(await Promise.all(keys.map((key) => cluster.ownerOf(key))));
      expect(owners.size).toBe(1);
      const [owner] = [...owners];
      const held = await withNode(owner as number, (redis) => redis.exists(keys[0] as string));
      expect(held).toBe(1);
    });

    it('logs no redis.error, and no line over 4 KB', () => {
      expect(logs.lines().filter((line) => line.event === LOG_EVENTS.redisError)).toEqual([]);
      expect(logs.text.length).toBeGreaterThan(50);
      for (const line of logs.text) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(MAX_LOG_LINE_BYTES);
    });

    it('is what the CLI reads with REDIS_CLUSTER_NODES', async () => {
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', path.join(REPO_ROOT, 'src/cli/main.ts'), 'claims', '--json'],
        {
          cwd: REPO_ROOT,
          env: {
            ...process.env,
            ...clusterEnv(),
            PW_PREFIX: clustered.replay.redis.prefix,
            PW_CONFIG_DIR: clustered.replay.configDir,
          },
          timeout: 60_000,
        },
      );
      const statuses = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { id: string; status: string });
      expect(Object.fromEntries(statuses.map((line) => [line.id, line.status]))).toEqual(
        Object.fromEntries(Object.entries(single.claims).map(([id, claim]) => [id, claim.state.status])),
      );
    }, 60_000);
  });

  describe('when a daemon serves /readyz against it', () => {
    let daemon: Daemon | undefined;
    let replay: Replay;

    afterAll(async () => {
      await daemon?.stop();
    });

    it('is ready while every primary runs noeviction, and names the node whose policy may evict', async () => {
      replay = await openReplay('cluster-ready', {}, { redisTarget: cluster.topology });
      opened.push(replay);
      const logs = captureLogs('info');
      daemon = await startDaemon({
        configDir: replay.configDir,
        redisTarget: cluster.topology,
        prefix: uniquePrefix('cluster-ready'),
        logger: logs.logger,
        role: 'worker',
        drainTimeoutMs: 5_000,
        http: { port: 0, host: '127.0.0.1' },
      });
      const listening = await logs.waitFor(
        (l) => l.event === LOG_EVENTS.httpListening,
        10_000,
        'http.listening',
      );
      const readyz = async () => {
        const response = await fetch(`${String(listening.url)}/readyz`);
        return {
          status: response.status,
          body: (await response.json()) as { checks: Record<string, string> },
        };
      };
      expect(await readyz()).toMatchObject({
        status: 200,
        body: { checks: { redis: 'ok', evictionPolicy: 'ok' } },
      });

      const last = cluster.topology.nodes.at(-1)?.port as number;
      await withNode(last, (redis) => redis.config('SET', 'maxmemory-policy', 'allkeys-lru'));
      try {
        const evicting = await readyz();
        expect(evicting.status).toBe(503);
        expect(evicting.body.checks.evictionPolicy).toContain(
          `Redis at 127.0.0.1:${last}: maxmemory-policy is "allkeys-lru"`,
        );
        const admin = await connectRedis('producer', cluster.topology);
        try {
          expect((await checkEvictionPolicy(admin)).policy).toBe('allkeys-lru');
        } finally {
          admin.disconnect();
        }
      } finally {
        await withNode(last, (redis) => redis.config('SET', 'maxmemory-policy', 'noeviction'));
      }
      expect((await readyz()).status).toBe(200);
    }, 60_000);
  });

  describe('when REDIS_URL names one of its nodes instead', () => {
    it('refuses at once, naming REDIS_CLUSTER_NODES: no MOVED storm in the log', async () => {
      const node = cluster.topology.nodes[1];
      await expect(connectRedis('producer', `redis://127.0.0.1:${node?.port}`)).rejects.toThrow(
        `Redis at 127.0.0.1:${node?.port} is a Redis Cluster node: name the cluster's nodes in REDIS_CLUSTER_NODES instead of REDIS_URL`,
      );
    });
  });
});
