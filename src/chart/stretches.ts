/**
 * The spans drawn behind the marks, in DESIGN.md's terms:
 * - quiet stretches: no evidence of any direction for at least `stale_after_days` (the silence that turns
 *   a claim quiet), between two pieces of evidence or from the last one to now;
 * - the tally window: the last `window_days` up to now, the evidence the current tally counts;
 * - the trimmed past: before `keptSince`, where the sweep may have dropped evidence (claims/trim.ts);
 * and the moments a claim was resolved (confirmed, refuted) or set by an operator, drawn as rules.
 */
import { DAY_MS } from '../claims/index.js';
import type { ChartChange } from './types.js';

export interface Span {
  from: number;
  to: number;
}

export interface QuietStretch extends Span {
  days: number;
}

/** `times`: evidence times, oldest first. */
export function quietStretches(times: readonly number[], now: number, staleDays: number): QuietStretch[] {
  const stretches: QuietStretch[] = [];
  const limit = staleDays * DAY_MS;
  const ends = [...times, now];
  for (let index = 1; index < ends.length; index += 1) {
    const from = ends[index - 1] as number;
    const to = ends[index] as number;
    if (to - from >= limit) stretches.push({ from, to, days: Math.floor((to - from) / DAY_MS) });
  }
  return stretches;
}

export function tallyWindow(now: number, windowDays: number, start: number): Span {
  return { from: Math.max(start, now - windowDays * DAY_MS), to: now };
}

export interface Rule {
  at: number;
  change: ChartChange;
  kind: 'confirmed' | 'refuted' | 'operator';
}

/** Changes that resolved the claim or were an operator's, oldest first. */
export function rulesOf(history: readonly ChartChange[]): Rule[] {
  return history.flatMap((change): Rule[] => {
    const at = Date.parse(change.at);
    if (change.to === 'confirmed' || change.to === 'refuted') return [{ at, change, kind: change.to }];
    return change.trigger === 'operator' ? [{ at, change, kind: 'operator' }] : [];
  });
}
