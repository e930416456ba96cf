/**
 * The environment settings the daemon reads at start, checked the same way here so `check-config` reports
 * a bad one before `start` meets it: every problem in one list, each naming its variable. The readers are
 * the ones the daemon uses (one definition per variable), so the two can never disagree.
 */
import { toPolicyWatchError } from '../errors.js';
import { httpHostFromEnv, httpTokenFromEnv } from '../http/access.js';
import { httpPortFromEnv } from '../http/port.js';
import { logLevelFromEnv } from '../log.js';
import { heapGrowingPercentFromEnv } from '../runtime/heap-policy.js';
import { stalledIntervalFromEnv } from '../runtime/stalled-interval.js';

const READERS: ReadonlyArray<(env: NodeJS.ProcessEnv) => unknown> = [
  logLevelFromEnv,
  httpHostFromEnv,
  httpPortFromEnv,
  httpTokenFromEnv,
  stalledIntervalFromEnv,
  heapGrowingPercentFromEnv,
];

/** One sentence per setting that would stop `start`, in a fixed order. */
export function environmentProblems(env: NodeJS.ProcessEnv = process.env): string[] {
  const problems: string[] = [];
  for (const read of READERS) {
    try {
      read(env);
    } catch (thrown) {
      problems.push(toPolicyWatchError(thrown).message);
    }
  }
  return problems;
}
