/**
 * The Redis guard (DESIGN.md "Pipeline"): production Redis runs with `maxmemory-policy noeviction`, BullMQ's
 * requirement. Any other policy lets Redis delete keys under memory pressure — queued jobs, evidence, seen
 * stories — without an error anywhere, so the daemon refuses to start on one and /readyz fails while one is
 * set. The policy is read from INFO (every Redis answers it; managed services often disable CONFIG).
 */
import type { Redis } from 'ioredis';

export const REQUIRED_EVICTION_POLICY = 'noeviction';

/** The server's maxmemory-policy, or undefined when INFO does not say (a Redis too old to have one). */
export async function readEvictionPolicy(redis: Pick<Redis, 'info'>): Promise<string | undefined> {
  const info = await redis.info('memory');
  return /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
}

/** One sentence naming the setting and the fix, or undefined when the policy is the required one. */
export function evictionPolicyProblem(policy: string | undefined): string | undefined {
  if (policy === undefined || policy === REQUIRED_EVICTION_POLICY) return undefined;
  return (
    `Redis maxmemory-policy is "${policy}", which lets Redis delete queued jobs and evidence silently under memory pressure; ` +
    `set it to "${REQUIRED_EVICTION_POLICY}" (maxmemory-policy noeviction in redis.conf, or CONFIG SET maxmemory-policy noeviction)`
  );
}
