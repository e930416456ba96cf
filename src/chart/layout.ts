/**
 * Where everything goes, before any markup: the time scale, the bands, the placed marks and the spans, and
 * the vertical stack of rows — heading (standalone only), annotations, the progress lane, the status band,
 * the setback lane, the neutral lane (when there is neutral evidence), the axis, the legend.
 */
import { DAY_MS } from '../claims/index.js';
import { type Band, bandsOf } from './bands.js';
import { chronological, type PlacedMarks, placeMarks } from './marks.js';
import {
  type QuietStretch,
  quietStretches,
  type Rule,
  rulesOf,
  type Span,
  tallyWindow,
} from './stretches.js';
import { type TimeScale, timeScale } from './time-axis.js';
import type { ChartInput } from './types.js';

export const CHART_WIDTH = 960;
/** The left gutter holds the lane names. */
export const LEFT = 74;
/** The right column shows the status now. */
export const NOW_COLUMN = 84;
export const RIGHT = CHART_WIDTH - NOW_COLUMN;
export const BAND = 22;
const HEADING = 44;
const ANNOTATIONS = 16;

export interface Layout {
  scale: TimeScale;
  now: number;
  bands: Band[];
  placed: PlacedMarks;
  quiet: QuietStretch[];
  window: Span;
  rules: Rule[];
  /** Where evidence may have been trimmed, when the chart reaches back that far. */
  kept?: Span | undefined;
  /** Baseline of the annotation row. */
  annotations: number;
  lanesTop: number;
  bandTop: number;
  belowTop: number;
  neutralTop: number;
  lanesBottom: number;
}

function startOf(input: ChartInput, firstEvidence: number | undefined): number {
  const now = input.now.getTime();
  const candidates = [now];
  if (firstEvidence !== undefined) candidates.push(firstEvidence);
  const since = input.claim.since ? Date.parse(input.claim.since) : Number.NaN;
  if (!Number.isNaN(since)) candidates.push(since);
  const first = input.history[0] ? Date.parse(input.history[0].at) : Number.NaN;
  if (!Number.isNaN(first)) candidates.push(first);
  const start = Math.min(...candidates);
  // A claim with nothing to show yet still gets one tally window of axis.
  return start === now ? now - input.claim.window_days * DAY_MS : start;
}

export function layoutOf(input: ChartInput, standalone: boolean): Layout {
  const { claim } = input;
  const now = input.now.getTime();
  const times = chronological(input.evidence).map(({ time }) => time);
  const start = startOf(input, times[0]);
  const end = Math.max(now, start + DAY_MS, times.at(-1) ?? now);
  const scale = timeScale(start, end, LEFT, RIGHT);
  const placed = placeMarks(input.evidence, scale);
  const keptSince = input.keptSince?.getTime();
  const annotations = (standalone ? HEADING : 0) + ANNOTATIONS;
  const lanesTop = annotations + 6;
  const bandTop = lanesTop + placed.above;
  const belowTop = bandTop + BAND;
  const neutralTop = belowTop + placed.below;
  return {
    scale,
    now,
    bands: bandsOf(input.history, claim.status, scale),
    placed,
    quiet: quietStretches(times, now, claim.stale_after_days),
    window: tallyWindow(now, claim.window_days, start),
    rules: rulesOf(input.history),
    kept:
      keptSince !== undefined && keptSince > start
        ? { from: start, to: Math.min(keptSince, end) }
        : undefined,
    annotations,
    lanesTop,
    bandTop,
    belowTop,
    neutralTop,
    lanesBottom: neutralTop + placed.neutral,
  };
}
