/**
 * How much evidence weighs in one direction (DESIGN.md rule 2). In: evidence already in canonical order
 * (newest first) and a direction. Out: the side's weight, its distinct sources and its evidence.
 *
 * Each source counts at most once per direction, with its largest weight, so one prolific outlet cannot
 * outvote others; the match score never weighs. The same side shape serves rule 1 (confirms/refutes, where
 * only the distinct sources matter) and rules 2–3 (progress/setback in the window).
 */
import type { Direction } from '../match/types.js';
import { compareText, type TimedEvidence } from './evidence-time.js';
import type { Tally } from './types.js';

export interface Side {
  direction: Direction;
  /** Sum over distinct sources of each source's largest weight. */
  weight: number;
  /** Distinct sources, sorted. */
  sources: string[];
  /** The side's evidence, newest first. */
  evidence: TimedEvidence[];
}

export function sideOf(evidence: readonly TimedEvidence[], direction: Direction): Side {
  const heaviest = new Map<string, number>();
  const mine: TimedEvidence[] = [];
  for (const timed of evidence) {
    const { source, weight } = timed.evidence;
    if (timed.evidence.direction !== direction) continue;
    mine.push(timed);
    const before = heaviest.get(source);
    if (before === undefined || weight > before) heaviest.set(source, weight);
  }
  const sources = [...heaviest.keys()].sort(compareText);
  // Summed in source order: floating-point addition is not associative, and shuffled input must tally the same.
  const weight = sources.reduce((sum, source) => sum + (heaviest.get(source) ?? 0), 0);
  return { direction, weight, sources, evidence: mine };
}

/** The in-window balance: P, S, and the distinct sources across both sides (one outlet on both counts once). */
export function tallyOf(progress: Side, setback: Side, windowDays: number): Tally {
  return {
    progress: progress.weight,
    setback: setback.weight,
    sources: new Set([...progress.sources, ...setback.sources]).size,
    window_days: windowDays,
  };
}
