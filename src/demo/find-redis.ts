/**
 * Finds a Redis for the demo, in this order:
 * 1. REDIS_CLUSTER_NODES or REDIS_SENTINELS (config/env.ts), when set: that Cluster or Sentinel-managed
 *    primary, if it answers; if not, undefined (the demo never swaps a topology the user chose for another);
 * 2. REDIS_URL (default redis://127.0.0.1:6379), if it answers PING within a second or two;
 * 3. otherwise, when `redis-server` is on the PATH, a private one: a free port on 127.0.0.1, a temporary
 *    folder, no persistence (`--save "" --appendonly no`), stopped and its folder removed by `stop()`;
 * 4. otherwise undefined, and the caller says how to get one.
 * The user's data is never touched: the demo works under its own key prefix either way.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { type RedisTopology, readRedisTopology } from '../config/env.js';
import { connectRedis, describeRedis } from '../redis/connection.js';
import { freePort } from '../replay/local-server.js';

/** A redis-server at one URL: the user's, or a private one the demo (or a test) started. */
export interface FoundRedis {
  url: string;
  /** The redis-server process of a private one (a test kills it to play a crash); undefined otherwise. */
  pid?: number;
  /** For the user: where the demo runs. */
  description: string;
  private: boolean;
  stop(): Promise<void>;
}

/** Where the demo runs: any topology. */
export interface DemoRedis {
  target: RedisTopology;
  /** For the user: where the demo runs. */
  description: string;
  private: boolean;
  stop(): Promise<void>;
}

/** The one sentence shown when there is no Redis to use. */
export function noRedisMessage(topology: RedisTopology): string {
  if (topology.kind !== 'server') {
    const variable = topology.kind === 'cluster' ? 'REDIS_CLUSTER_NODES' : 'REDIS_SENTINELS';
    return `No Redis answered at ${describeRedis(topology)}: check ${variable} (or unset it to use REDIS_URL), then run \`npm run demo\` again.`;
  }
  return `No Redis answered at ${describeRedis(topology)} and redis-server is not on the PATH: start one with \`docker compose up -d redis\` (or set REDIS_URL), or install the system package \`redis-server\`, then run \`npm run demo\` again.`;
}

/** One PING with a short deadline; never retries, never throws. */
export async function answersPing(url: string, timeoutMs = 1_500): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

export function findOnPath(command: string, searchPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * A redis-server of our own on a free port, nothing persisted, stopped (and its folder removed) by `stop`.
 * `extraArgs` are more command-line settings (`--maxmemory-policy allkeys-lru` for the eviction guard's test).
 */
export async function startPrivateRedis(
  binary: string,
  extraArgs: readonly string[] = [],
  /** A port of the caller's choosing (a restart on the same address). @defaultValue a free one */
  fixedPort?: number,
  /** A config file, which redis-server must be given first (a Sentinel needs one it can rewrite). */
  configFile?: string,
): Promise<FoundRedis> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pw-demo-redis-'));
  const port = fixedPort ?? (await freePort());
  const args = [
    ...(configFile ? [configFile] : []),
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    ...extraArgs,
  ];
  // Not detached: a Ctrl-C in the terminal reaches it too, and it has nothing to save.
  const child = spawn(binary, [...args, '--dir', dir, '--daemonize', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  const stop = async () => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while (!(await answersPing(url, 500))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`redis-server did not start on port ${port} (exit code ${child.exitCode ?? 'none'})`);
    }
    await sleep(50);
  }
  return {
    url,
    ...(child.pid === undefined ? {} : { pid: child.pid }),
    description: `a private redis-server on 127.0.0.1:${port} (stopped at the end)`,
    private: true,
    stop,
  };
}

export async function findRedis(env: NodeJS.ProcessEnv = process.env): Promise<DemoRedis | undefined> {
  const topology = readRedisTopology(env);
  if (topology.kind !== 'server') {
    const redis = await connectRedis('producer', topology).catch(() => undefined);
    if (!redis) return undefined;
    redis.disconnect();
    return {
      target: topology,
      description: describeRedis(topology),
      private: false,
      stop: async () => {},
    };
  }
  const { url } = topology;
  if (await answersPing(url)) {
    return {
      target: topology,
      description: `the Redis at ${describeRedis(url)}`,
      private: false,
      stop: async () => {},
    };
  }
  const binary = findOnPath('redis-server', env.PATH);
  if (!binary) return undefined;
  const started = await startPrivateRedis(binary);
  return {
    target: { kind: 'server', url: started.url },
    description: `${describeRedis(url)} did not answer, so ${started.description}`,
    private: true,
    stop: started.stop,
  };
}
