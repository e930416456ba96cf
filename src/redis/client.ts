/**
 * The one type of a Redis connection the code passes around: a single server's (REDIS_URL, or the
 * primary that Sentinels name) or a Redis Cluster's. Every key of one prefix lives in one hash slot
 * (keys.ts), so both run every command, script and MULTI the pipeline sends; what differs (a scan of the
 * keyspace, INFO of every primary) is in scan.ts and eviction-policy.ts.
 */
import type { Cluster, Redis } from 'ioredis';

export type RedisClient = Redis | Cluster;
