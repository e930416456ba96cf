import { PolicyWatchError } from '../errors.js';

/**
 * PW_STALLED_INTERVAL_MS (docs/operations.md): how soon the job of a worker that died is taken over.
 * Production keeps the 30 s default; a crash drill or an integration test sets a second or two.
 */
export function stalledIntervalFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.PW_STALLED_INTERVAL_MS?.trim();
  if (!raw) return undefined;
  const ms = Number(raw);
  if (!Number.isSafeInteger(ms) || ms < 100) {
    throw new PolicyWatchError(
      'CONFIG_INVALID',
      `PW_STALLED_INTERVAL_MS must be a whole number of milliseconds, at least 100 (got "${raw}")`,
    );
  }
  return ms;
}
