/**
 * Which evidence the sweep may forget. In: all of a claim's evidence, `now`, its settings. Out: the story
 * keys to remove, in canonical order.
 *
 * A record goes when ALL hold:
 * - its evidence time is older than the retention horizon, RETENTION_FACTOR × max(window_days,
 *   stale_after_days) days before `now`;
 * - it is not confirms/refutes: resolution counts over all time (resolution.ts), so it must stay;
 * - it is not the newest record: quiet is measured from it, and "a claim with no evidence stays open"
 *   must not become true by forgetting.
 *
 * Why that leaves the derived status alone, now and at any later `now`: a removed record is outside the
 * window (no tally, no lean) and older than stale_after_days (it neither keeps a claim from quiet nor ends
 * one), and as the clock moves on it only gets older. The factor of 3, not 1, leaves room for an operator
 * who widens window_days or stale_after_days later; evidence already trimmed is gone for good.
 */
import { DAY_MS, newestFirst } from './evidence-time.js';
import type { ClaimSettings, EvidenceRecord } from './types.js';

export const RETENTION_FACTOR = 3;

export function retentionDays(settings: ClaimSettings): number {
  return RETENTION_FACTOR * Math.max(settings.window_days, settings.stale_after_days);
}

export function trimmable(evidence: readonly EvidenceRecord[], now: Date, settings: ClaimSettings): string[] {
  const horizon = now.getTime() - retentionDays(settings) * DAY_MS;
  return newestFirst(evidence)
    .slice(1)
    .filter(
      ({ evidence: e, time }) => time < horizon && e.direction !== 'confirms' && e.direction !== 'refutes',
    )
    .map(({ evidence: e }) => e.storyKey);
}
