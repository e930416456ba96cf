/**
 * Which way the window leans (DESIGN.md rule 3). In: the in-window progress and setback sides and
 * min_sources. Out: `contested`, `advancing`, `stalled`, or undefined when no side qualifies (then rule 4
 * decides).
 *
 * Order: both sides reach min_sources and the lighter weighs at least half the heavier → contested; else a
 * side leans only if it reaches min_sources AND weighs strictly more than the other. So a single heavy
 * outlet on one side blocks a lean it cannot make itself, and equal weights never lean.
 */
import type { Side } from './tally.js';
import type { ClaimStatus } from './types.js';

export type Lean = Extract<ClaimStatus, 'advancing' | 'stalled' | 'contested'>;

export function leanOf(progress: Side, setback: Side, minSources: number): Lean | undefined {
  const progressQualifies = progress.sources.length >= minSources;
  const setbackQualifies = setback.sources.length >= minSources;
  const heavier = Math.max(progress.weight, setback.weight);
  const lighter = Math.min(progress.weight, setback.weight);
  if (progressQualifies && setbackQualifies && lighter >= heavier / 2) return 'contested';
  if (progressQualifies && progress.weight > setback.weight) return 'advancing';
  if (setbackQualifies && setback.weight > progress.weight) return 'stalled';
  return undefined;
}
