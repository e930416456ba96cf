/**
 * What the demo must undo however it ends (done, an error, Ctrl-C): cleanups run once, in reverse order
 * of registration (graphile-worker's rule), each on its own, so one failing does not skip the others.
 * Also the key sweep that leaves the user's Redis as it was: every key under the demo's prefix goes.
 */
import { Redis } from 'ioredis';
import { toPolicyWatchError } from '../errors.js';

export class Cleanups {
  private readonly steps: Array<{ name: string; run: () => Promise<unknown> }> = [];
  private running: Promise<string[]> | undefined;

  add(name: string, run: () => Promise<unknown>): void {
    this.steps.push({ name, run });
  }

  /** Runs every step once (later calls get the same promise); resolves with the failures, as sentences. */
  runAll(): Promise<string[]> {
    this.running ??= (async () => {
      const failures: string[] = [];
      for (const step of [...this.steps].reverse()) {
        try {
          await step.run();
        } catch (error) {
          failures.push(`${step.name}: ${toPolicyWatchError(error).message}`);
        }
      }
      return failures;
    })();
    return this.running;
  }
}

async function withRedis<T>(url: string, use: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, connectTimeout: 2_000 });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return await use(redis);
  } finally {
    redis.disconnect();
  }
}

/** SCAN (never KEYS, which blocks a busy server) over `pattern`, one batch at a time. */
async function eachBatch(redis: Redis, pattern: string, visit: (keys: string[]) => Promise<unknown>) {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (found.length > 0) await visit(found);
  } while (cursor !== '0');
}

/** Deletes every key matching `pattern`; returns how many went. */
export function deleteKeys(url: string, pattern: string): Promise<number> {
  return withRedis(url, async (redis) => {
    let removed = 0;
    await eachBatch(redis, pattern, async (keys) => {
      removed += await redis.unlink(...keys);
    });
    return removed;
  });
}

/** How many keys match `pattern`: the check that none is left. */
