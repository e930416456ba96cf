/**
 * A redis-server of the test's own (src/demo/find-redis.ts startPrivateRedis), for tests that set its
 * policy, stop it or restart it: never the shared Redis the other tests use. `.ci/run` installs the binary.
 */
import { type FoundRedis, findOnPath, startPrivateRedis } from '../../src/demo/find-redis.js';

/** A binary from the system's Redis packages, or an error saying how CI gets it. */
export function redisBinary(name: 'redis-server' | 'redis-cli'): string {
  const binary = findOnPath(name);
  if (!binary)
    throw new Error(`no ${name} on PATH: .ci/run installs it (apt-get install redis-server redis-tools)`);
  return binary;
}

export function startTestRedis(
  extraArgs: readonly string[] = [],
  port?: number,
  /** A config file, given to redis-server first (a Sentinel needs one). */
  configFile?: string,
): Promise<FoundRedis> {
  return startPrivateRedis(redisBinary('redis-server'), extraArgs, port, configFile);
}
