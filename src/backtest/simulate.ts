/**
 * A draft config run over the recent items archive, through the live pipeline's own ledger code on a
 * simulated clock: each archived poll is matched with the draft's claims and recorded as the poll job
 * records it (ledger.recordPoll: story identity, heaviest feed, earliest first sighting), each claim is
 * derived at the end of its settle window as derive-status does, and swept at the instants the daemon's
 * sweep ran. Everything is written under a scratch prefix of its own and deleted at the end: the live
 * keys are only read (the archive and the sweep instants).
 *
 * A sweep derives a claim only when some of its evidence crossed a window or staleness boundary since the
 * claim's last derivation: at any other sweep its status cannot move (evidence-time.ts), and skipping those
 * keeps a month of 10-minute sweeps from costing thousands of round trips.
 */
import { randomBytes } from 'node:crypto';
import { type ArchivedPoll, feedItemOf } from '../archive/archive.js';
import { createLedger, DAY_MS, evidenceTime, type Ledger } from '../claims/index.js';
import { ManualClock } from '../clock.js';
import type { ClaimConfig } from '../config/claims-schema.js';
import type { PolicyWatchConfig, ResolvedFeed } from '../config/load.js';
import type { Matcher } from '../match/types.js';
import { evidenceFor } from '../pipeline/evidence-for.js';
import { SETTLE_GRACE_MS, settleInstant } from '../pipeline/settle.js';
import type { RedisClient } from '../redis/client.js';
import { createKeys, type KeyBuilder } from '../redis/keys.js';

export interface SimulationInput {
  redis: RedisClient;
  /** The live keys: the scratch prefix is named after them. */
  liveKeys: KeyBuilder;
  draft: PolicyWatchConfig;
  matcher: Matcher;
  polls: readonly ArchivedPoll[];
  /** The instants (ms) the daemon's sweep ran, in order. */
  sweeps: readonly number[];
  /** Derivations due up to this instant are run. */
  untilMs: number;
}

export interface Simulation {
  ledger: Ledger;
  /** Removes every scratch key. */
  discard(): Promise<void>;
}

type Event = { atMs: number; order: number; run: () => Promise<void> };

/** A feed the draft no longer lists still counts, with the publisher and weight it had. */
function feedOf(draft: PolicyWatchConfig, poll: ArchivedPoll): ResolvedFeed {
  const configured = draft.feeds.find((feed) => feed.id === poll.feedId);
  if (configured) return configured;
  return {
    id: poll.feedId,
    url: '',
    source: poll.source,
    weight: poll.weight,
    schedule: '',
    timeout_ms: 0,
    max_bytes: 0,
    user_agent: '',
    aggregator: false,
  } as unknown as ResolvedFeed;
}

export async function simulate(input: SimulationInput): Promise<Simulation> {
  const keys = createKeys(`${input.liveKeys.prefix}.backtest.${randomBytes(4).toString('hex')}`);
  const clock = new ManualClock(input.polls[0]?.atMs ?? input.untilMs);
  const ledger = createLedger({ redis: input.redis, keys, clock });
  const claims = new Map<string, ClaimConfig>(input.draft.claims.map((claim) => [claim.id, claim]));
  /** Per claim: the instants its evidence crosses a window or staleness boundary. */
  const boundaries = new Map<string, number[]>();
  const lastDerived = new Map<string, number>();
  const derives = new Map<string, number>(); // "claim@ms" → ms
  // The ledger writes five keys per claim and nothing else (recordPoll keeps no poll set without a key).
  const discard = async () => {
    const scratch = input.draft.claims.flatMap((claim) => [
      keys.claimEvidence(claim.id),
      keys.claimAliases(claim.id),
      keys.claimState(claim.id),
      keys.claimHistory(claim.id),
      keys.claimDismissed(claim.id),
    ]);
    if (scratch.length > 0) await input.redis.del(...scratch);
  };

  const derive = async (claim: ClaimConfig, atMs: number, sweep: boolean) => {
    clock.set(atMs);
    if (sweep) await ledger.sweep(claim, 'sweep', new Date(atMs));
    else await ledger.derive(claim, new Date(atMs));
    lastDerived.set(claim.id, atMs);
  };
  const sweepDue = (claim: ClaimConfig, atMs: number) => {
    const since = lastDerived.get(claim.id) ?? Number.NEGATIVE_INFINITY;
    return (boundaries.get(claim.id) ?? []).some((boundary) => boundary >= since - 1 && boundary <= atMs);
  };

  // The due derivations and sweeps before `beforeMs`, in time order (a derivation before a sweep at one
  // instant, as a window's job is queued before the sweep slot it ends on).
  let sweepIndex = 0;
  const runUntil = async (beforeMs: number) => {
    for (;;) {
      const events: Event[] = [];
      for (const [key, atMs] of derives) {
        const claim = claims.get(key.slice(0, key.lastIndexOf('@')));
        if (!claim || atMs + SETTLE_GRACE_MS >= beforeMs) continue;
        events.push({
          atMs,
          order: 0,
          run: async () => {
            derives.delete(key);
            await derive(claim, atMs, false);
          },
        });
      }
      const sweepAt = input.sweeps[sweepIndex];
      if (sweepAt !== undefined && sweepAt < beforeMs) {
        events.push({
          atMs: sweepAt,
          order: 1,
          run: async () => {
            sweepIndex += 1;
            for (const claim of claims.values())
              if (sweepDue(claim, sweepAt)) await derive(claim, sweepAt, true);
          },
        });
      }
      const next = events.sort((a, b) => a.atMs - b.atMs || a.order - b.order)[0];
      if (!next) return;
      await next.run();
    }
  };

  try {
    for (const poll of input.polls) {
      await runUntil(poll.atMs);
      clock.set(poll.atMs);
      const feed = feedOf(input.draft, poll);
      const now = new Date(poll.atMs);
      const records = poll.items.flatMap((item) => evidenceFor(feedItemOf(item), feed, input.matcher, now));
      if (records.length === 0) continue;
      const { kinds, derivedThrough } = await ledger.recordPoll({ pollKey: '', pollTtlSeconds: 0, records });
      for (const [i, record] of records.entries()) {
        if (kinds[i] === 'duplicate') continue;
        const claim = claims.get(record.claim);
        if (!claim) continue;
        const time = evidenceTime(record);
        const list = boundaries.get(claim.id) ?? [];
        list.push(time + claim.window_days * DAY_MS, time + claim.stale_after_days * DAY_MS);
        boundaries.set(claim.id, list);
        const at = settleInstant(poll.atMs, claim.settle_seconds, derivedThrough.get(claim.id) ?? null);
        derives.set(`${claim.id}@${at}`, at);
      }
    }
    await runUntil(input.untilMs);
  } catch (error) {
    await discard();
    throw error;
  }
  return { ledger, discard };
}
