/**
 * Real Redis topologies on private ports, made of the system's redis-server (private-redis.ts):
 * - startTestCluster: three Cluster nodes joined by `redis-cli --cluster create` (no replicas), waited on
 *   until every node says cluster_state:ok;
 * - startTestSentinel: a primary, a replica of it and three `redis-server --sentinel` processes watching
 *   it (quorum 2, down after 1 s), waited on until every Sentinel knows the replica and the other two, so a
 *   failover can be agreed.
 * Each starts every process or none: a failure part-way stops what had started. `stop()` stops them all
 * and removes their folders; call it in an `afterAll`/`afterEach`, so a failing test leaves nothing behind.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import type { RedisTopology } from '../../src/config/env.js';
import type { FoundRedis } from '../../src/demo/find-redis.js';
import { redisBinary, startTestRedis } from './private-redis.js';
import { waitUntil } from './wait-until.js';

const run = promisify(execFile);

const portOf = (node: FoundRedis) => Number(new URL(node.url).port);

/** A short-lived admin connection to one process; never retries, so a dead one fails at once. */
export async function withNode<T>(port: number, use: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(port, '127.0.0.1', {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    connectTimeout: 2_000,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return await use(redis);
  } finally {
    redis.disconnect();
  }
}

async function startAll(count: number, start: (index: number) => Promise<FoundRedis>, started: FoundRedis[]) {
  for (let index = 0; index < count; index += 1) started.push(await start(index));
}

async function stopAll(processes: FoundRedis[]): Promise<void> {
  await Promise.all(processes.map((process) => process.stop()));
}

export interface TestCluster {
  nodes: FoundRedis[];
  topology: Extract<RedisTopology, { kind: 'cluster' }>;
  /** The port of the node serving `key`'s slot. */
  ownerOf(key: string): Promise<number>;
  stop(): Promise<void>;
}

export async function startTestCluster(size = 3): Promise<TestCluster> {
  const nodes: FoundRedis[] = [];
  try {
    await startAll(
      size,
      () =>
        startTestRedis([
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          'nodes.conf',
          // Long enough that a node slowed by a loaded CI machine is not voted down mid-test (nothing
          // here tests a Cluster failover).
          '--cluster-node-timeout',
          '15000',
        ]),
      nodes,
    );
    const addresses = nodes.map((node) => `127.0.0.1:${portOf(node)}`);
    await run(
      redisBinary('redis-cli'),
      ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'],
      { timeout: 60_000 },
    );
    for (const node of nodes) {
      await waitUntil(
        `cluster node ${portOf(node)} to say cluster_state:ok`,
        () => withNode(portOf(node), async (redis) => /cluster_state:ok/.test(await redis.cluster('INFO'))),
        30_000,
      );
    }
  } catch (error) {
    await stopAll(nodes);
    throw error;
  }
  return {
    nodes,
    topology: {
      kind: 'cluster',
      nodes: nodes.map((node) => ({ host: '127.0.0.1', port: portOf(node) })),
      tls: false,
    },
    ownerOf: async (key) => {
      const port = portOf(nodes[0] as FoundRedis);
      return withNode(port, async (redis) => {
        const slot = Number(await redis.cluster('KEYSLOT', key));
        const ranges = await redis.cluster('SLOTS');
        const owner = ranges.find(([from, to]) => slot >= from && slot <= to)?.[2];
        if (!owner) throw new Error(`no node serves slot ${slot}`);
        return owner[1];
      });
    },
    stop: () => stopAll(nodes),
  };
}

export interface TestSentinel {
  primary: FoundRedis;
  replica: FoundRedis;
  sentinels: FoundRedis[];
  topology: Extract<RedisTopology, { kind: 'sentinel' }>;
  /** Where the Sentinels say the primary is now (host:port). */
  primaryAddress(): Promise<string>;
  /**
   * A crash of the primary: every write it took has reached the replica first (SET + WAIT 1), then
   * SIGKILL. Without the fence, writes acknowledged in the last instant could be lost with it — an
   * asynchronous replica's known window, which this test does not set out to measure.
   */
  crashPrimary(): Promise<void>;
  stop(): Promise<void>;
}

const SENTINEL_NAME = 'pw-primary';

function sentinelConfig(primaryPort: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pw-sentinel-conf-'));
  const file = path.join(dir, 'sentinel.conf');
  writeFileSync(
    file,
    [
      `sentinel monitor ${SENTINEL_NAME} 127.0.0.1 ${primaryPort} 2`,
      `sentinel down-after-milliseconds ${SENTINEL_NAME} 1000`,
      `sentinel failover-timeout ${SENTINEL_NAME} 10000`,
      `sentinel parallel-syncs ${SENTINEL_NAME} 1`,
      '',
    ].join('\n'),
  );
  return file;
}

export async function startTestSentinel(): Promise<TestSentinel> {
  const started: FoundRedis[] = [];
  const configDirs: string[] = [];
  const stop = async () => {
    await stopAll(started);
    for (const dir of configDirs) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const primary = await startTestRedis();
    started.push(primary);
    const replica = await startTestRedis(['--replicaof', '127.0.0.1', String(portOf(primary))]);
    started.push(replica);
    await waitUntil(
      'the replica to sync with the primary',
      () =>
        withNode(portOf(replica), async (redis) =>
          /master_link_status:up/.test(await redis.info('replication')),
        ),
      30_000,
    );
    const sentinels: FoundRedis[] = [];
    await startAll(
      3,
      async () => {
        const file = sentinelConfig(portOf(primary));
        configDirs.push(path.dirname(file));
        const sentinel = await startTestRedis(['--sentinel'], undefined, file);
        started.push(sentinel);
        return sentinel;
      },
      sentinels,
    );
    for (const sentinel of sentinels) {
      await waitUntil(
        `Sentinel ${portOf(sentinel)} to know the replica and the other Sentinels`,
        () =>
          withNode(portOf(sentinel), async (redis) => {
            const replicas = (await redis.call('SENTINEL', 'REPLICAS', SENTINEL_NAME)) as unknown[];
            const others = (await redis.call('SENTINEL', 'SENTINELS', SENTINEL_NAME)) as unknown[];
            return replicas.length === 1 && others.length === 2;
          }),
        60_000,
      );
    }
    const sentinelPort = portOf(sentinels[0] as FoundRedis);
    return {
      primary,
      replica,
      sentinels,
      topology: {
        kind: 'sentinel',
        name: SENTINEL_NAME,
        nodes: sentinels.map((sentinel) => ({ host: '127.0.0.1', port: portOf(sentinel) })),
        tls: false,
      },
      primaryAddress: () =>
        withNode(sentinelPort, async (redis) => {
          const [host, port] = (await redis.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', SENTINEL_NAME)) as [
            string,
            string,
          ];
          return `${host}:${port}`;
        }),
      crashPrimary: async () => {
        await withNode(portOf(primary), async (redis) => {
          await redis.set('pw-test-fence', String(Date.now()));
          const acked = Number(await redis.call('WAIT', '1', '10000'));
          if (acked < 1) throw new Error('the replica did not acknowledge the fence');
        });
        if (primary.pid === undefined) throw new Error('the primary has no pid');
        process.kill(primary.pid, 'SIGKILL');
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
