/**
 * The Redis guard (DESIGN.md "Pipeline"): production Redis runs with `maxmemory-policy noeviction`, BullMQ's
 * requirement. Any other policy lets Redis delete keys under memory pressure — queued jobs, evidence, seen
 * stories — without an error anywhere, so the daemon refuses to start on one and /readyz fails while one is
 * set. The policy is read from INFO (every Redis answers it; managed services often disable CONFIG).
 *
 * On a Cluster every primary is asked: the prefix's slot lives on one of them today, and on another after
 * a resharding or a failover. Behind Sentinel the connection is to the primary, which is asked; a replica
 * promoted later is asked by the next /readyz.
 */
import type { RedisClient } from './client.js';

export const REQUIRED_EVICTION_POLICY = 'noeviction';

/** The server's maxmemory-policy, or undefined when INFO does not say (a Redis too old to have one). */
export async function readEvictionPolicy(redis: Pick<RedisClient, 'info'>): Promise<string | undefined> {
  const info = await redis.info('memory');
  return /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
}

/** One sentence naming the setting and the fix, or undefined when the policy is the required one. */
export function evictionPolicyProblem(policy: string | undefined, where?: string): string | undefined {
  if (policy === undefined || policy === REQUIRED_EVICTION_POLICY) return undefined;
  const redis = where ? `Redis at ${where}: maxmemory-policy` : 'Redis maxmemory-policy';
  return (
    `${redis} is "${policy}", which lets Redis delete queued jobs and evidence silently under memory pressure; ` +
    `set it to "${REQUIRED_EVICTION_POLICY}" (maxmemory-policy noeviction in redis.conf, or CONFIG SET maxmemory-policy noeviction)`
  );
}

export interface EvictionVerdict {
  /** The first policy that is not noeviction, else the (common) policy; undefined when INFO does not say. */
  policy: string | undefined;
  problem: string | undefined;
}

/** What the check asks: a connection, and on a Cluster its primaries (ioredis Cluster `nodes('master')`). */
export interface EvictionSubject extends Pick<RedisClient, 'info'> {
  isCluster?: boolean;
  nodes?(role: 'master'): Array<Pick<RedisClient, 'info'> & { options: { host?: string; port?: number } }>;
}

/** The connection's server, or every primary of a Cluster, judged together: the first bad one decides. */
export async function checkEvictionPolicy(redis: EvictionSubject): Promise<EvictionVerdict> {
  if (!redis.isCluster || !redis.nodes) {
    const policy = await readEvictionPolicy(redis);
    return { policy, problem: evictionPolicyProblem(policy) };
  }
  const primaries = redis.nodes('master');
  const policies = await Promise.all(primaries.map((node) => readEvictionPolicy(node)));
  for (const [index, policy] of policies.entries()) {
    const node = primaries[index]?.options;
    const problem = evictionPolicyProblem(policy, node ? `${node.host}:${node.port}` : undefined);
    if (problem) return { policy, problem };
  }
  return { policy: policies[0], problem: undefined };
}
