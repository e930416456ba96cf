/**
 * A redis-server of the test's own (src/demo/find-redis.ts startPrivateRedis), for tests that set its
 * policy, stop it or restart it: never the shared Redis the other tests use. `.ci/run` installs the binary.
 */
import { type FoundRedis, findOnPath, startPrivateRedis } from '../../src/demo/find-redis.js';

export function startTestRedis(extraArgs: readonly string[] = [], port?: number): Promise<FoundRedis> {
  const binary = findOnPath('redis-server');
  if (!binary) throw new Error('no redis-server on PATH: .ci/run installs it (apt-get install redis-server)');
  return startPrivateRedis(binary, extraArgs, port);
}
