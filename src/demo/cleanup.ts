/**
 * What the demo must undo however it ends (done, an error, Ctrl-C): cleanups run once, in reverse order
 * of registration (graphile-worker's rule), each on its own, so one failing does not skip the others.
 * Also the key sweep that leaves the user's Redis as it was: every key under the demo's prefix goes.
 */
import { toPolicyWatchError } from '../errors.js';
import { connectRedis, type RedisTarget } from '../redis/connection.js';
import { deleteKeysLike } from '../redis/scan.js';

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

/** Deletes every key matching `pattern` wherever the target keeps them; returns how many went. */
export async function deleteKeys(target: RedisTarget, pattern: string): Promise<number> {
  const redis = await connectRedis('producer', target);
  try {
    return await deleteKeysLike(redis, pattern);
  } finally {
    redis.disconnect();
  }
}
