/**
 * `backtest`'s engine: the archive since an instant, the draft simulated over it (simulate.ts), and per
 * claim the draft's timeline and evidence beside the recorded ones (compare.ts). The scratch keys are
 * removed whatever happens; the live keys are only read.
 */

import type { Runtime } from '../app/open.js';
import { readArchive } from '../archive/archive.js';
import { sweepsSince } from '../archive/sweeps.js';
import { type ClaimBacktest, compareClaim } from './compare.js';
import { simulate } from './simulate.js';

export interface BacktestOptions {
  /** @defaultValue the archive's first poll */
  sinceMs?: number | undefined;
  /** Only this claim's report (the simulation still matches every draft claim, as live matching does). */
  claimId?: string | undefined;
}

export interface BacktestReport {
  /** The first archived poll used (ms), or undefined for an empty archive. */
  fromMs: number | undefined;
  polls: number;
  items: number;
  claims: ClaimBacktest[];
}

/** `runtime` carries the draft config; its Redis prefix is the live deployment's. */
export async function runBacktest(runtime: Runtime, options: BacktestOptions = {}): Promise<BacktestReport> {
  const polls = await readArchive(runtime.redis, runtime.keys, options.sinceMs ?? 0);
  const fromMs = polls[0]?.atMs;
  const sinceMs = options.sinceMs ?? fromMs ?? runtime.clock.now().getTime();
  const sweeps = await sweepsSince(runtime.redis, runtime.keys, sinceMs);
  const simulation = await simulate({
    redis: runtime.redis,
    liveKeys: runtime.keys,
    draft: runtime.config,
    matcher: runtime.matcher,
    polls,
    sweeps,
    untilMs: runtime.clock.now().getTime(),
  });
  try {
    const claims = runtime.config.claims.filter((claim) => !options.claimId || claim.id === options.claimId);
    const reports: ClaimBacktest[] = [];
    for (const claim of claims) {
      const [recordedHistory, draftHistory, recordedEvidence, draftEvidence] = await Promise.all([
        runtime.ledger.getHistory(claim.id),
        simulation.ledger.getHistory(claim.id),
        runtime.ledger.getEvidence(claim.id),
        simulation.ledger.getEvidence(claim.id),
      ]);
      reports.push(
        compareClaim({ claim, sinceMs, recordedHistory, draftHistory, recordedEvidence, draftEvidence }),
      );
    }
    const items = polls.reduce((sum, poll) => sum + poll.items.length, 0);
    return { fromMs, polls: polls.length, items, claims: reports };
  } finally {
    await simulation.discard();
  }
}
