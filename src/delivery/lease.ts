/**
 * At most one POST of a delivery job in flight. Before its requests a job run takes a token under
 * keys.webhookInFlight(webhook, job) for one attempt's window (timeout_ms plus a margin), extends it before
 * each further request and removes it when done. A second run of the same job — BullMQ's stalled-job check
 * handing it on after a lock was lost mid-request — finds the token and waits for it to lapse instead of
 * sending the same event while the first request is still waiting for its answer.
 */
import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../redis/client.js';
import { luaScript, runLua } from '../redis/lua.js';

/**
 * Sets the lease's expiry again if the token is still ours.
 * KEYS[1]  the lease key
 * ARGV[1]  our token; ARGV[2]  the window in ms
 * Returns  1 when extended, 0 when the lease is no longer ours.
 */
const EXTEND = luaScript(
  'alert-lease-extend',
  `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`,
);

/**
 * Removes the lease if the token is still ours (an expired one may have been taken by another run).
 * KEYS[1]  the lease key
 * ARGV[1]  our token
 * Returns  1 when removed, 0 otherwise.
 */
const RELEASE = luaScript(
  'alert-lease-release',
  `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`,
);

export interface InFlightLease {
  /** Renews the window before another request of the same run. */
  extend(): Promise<void>;
  release(): Promise<void>;
}

export type LeaseOutcome = { held: true; lease: InFlightLease } | { held: false; lapsesInMs: number };

/**
 * `windowMs` is one request's deadline plus `marginMs`. A request started while at least `marginMs / 2` of
 * the window is left ends before the lease lapses, so `extend` renews only once half the margin has passed
 * since the last renewal: a batch of quick answers costs one renewal every few seconds, not one per event.
 */
export async function takeInFlightLease(
  redis: RedisClient,
  key: string,
  windowMs: number,
  marginMs: number,
): Promise<LeaseOutcome> {
  const token = randomUUID();
  if ((await redis.set(key, token, 'PX', windowMs, 'NX')) !== 'OK') {
    const left = await redis.pttl(key);
    return { held: false, lapsesInMs: Math.max(left, 0) };
  }
  let renewedAt = Date.now();
  return {
    held: true,
    lease: {
      extend: async () => {
        if (Date.now() - renewedAt < marginMs / 2) return;
        renewedAt = Date.now();
        await runLua(redis, EXTEND, [key], [token, String(windowMs)]);
      },
      release: async () => {
        await runLua(redis, RELEASE, [key], [token]);
      },
    },
  };
}
