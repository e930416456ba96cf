/**
 * Where each piece of evidence is drawn: one mark per record, none merged, none dropped. Progress and
 * confirms go above the status band, setback and refutes below it, neutral (on topic, no direction) in a
 * lane of its own. A mark's area grows with the evidence's weight (radius 4·√weight, so weight 2 reads as
 * twice weight 1).
 *
 * Marks on nearby days stack away from the band, each taking the lowest place where it touches no mark
 * already placed (a beeswarm, in time order, ties broken by direction, title, source and link, so the same
 * evidence always gives the same picture whatever order it came in). A lane grows to hold its stack up to
 * MAX_LANE; past that the stack is squeezed, and marks may overlap rather than be left out.
 */
import { evidenceTime } from '../claims/index.js';
import type { Direction } from '../match/types.js';
import type { TimeScale } from './time-axis.js';
import type { ChartEvidence } from './types.js';

export type Lane = 'above' | 'below' | 'neutral';

export interface Mark {
  evidence: ChartEvidence;
  time: number;
  x: number;
  /** Distance of the mark's centre from the band's edge (or the neutral lane's top). */
  offset: number;
  r: number;
  lane: Lane;
}

export const LANE_OF: Record<Direction, Lane> = {
  progress: 'above',
  confirms: 'above',
  setback: 'below',
  refutes: 'below',
  neutral: 'neutral',
};

const DIRECTION_ORDER: readonly Direction[] = ['confirms', 'progress', 'neutral', 'setback', 'refutes'];
/** Space between two marks, and between a mark and the band. */
const GAP = 1.5;
export const MIN_LANE = 44;
export const MAX_LANE = 130;
export const NEUTRAL_LANE_MAX = 40;

export function radiusOf(weight: number): number {
  const bounded = Number.isFinite(weight) ? Math.min(Math.max(weight, 0.25), 9) : 1;
  return 4 * Math.sqrt(bounded);
}

export function timeOf(evidence: ChartEvidence): number {
  return evidenceTime({ published: evidence.published ?? undefined, firstSeenAt: evidence.firstSeenAt });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The canonical drawing order: oldest first; the same evidence in any order gives the same list. */
export function chronological(
  evidence: readonly ChartEvidence[],
): { evidence: ChartEvidence; time: number }[] {
  return evidence
    .map((e) => ({ evidence: e, time: timeOf(e) }))
    .sort(
      (a, b) =>
        a.time - b.time ||
        DIRECTION_ORDER.indexOf(a.evidence.direction) - DIRECTION_ORDER.indexOf(b.evidence.direction) ||
        compare(a.evidence.title, b.evidence.title) ||
        compare(a.evidence.source, b.evidence.source) ||
        compare(a.evidence.link ?? '', b.evidence.link ?? ''),
    );
}

function collides(x: number, offset: number, r: number, other: Mark): boolean {
  const reach = r + other.r + GAP;
  const dx = x - other.x;
  const dy = offset - other.offset;
  return dx * dx + dy * dy < reach * reach - 1e-6;
}

/** Places marks of one lane, in the order given; returns the lane's height. */
function stack(marks: Mark[], maxHeight: number, minHeight: number): number {
  const placed: Mark[] = [];
  for (const mark of marks) {
    const near = placed.filter((other) => Math.abs(other.x - mark.x) < mark.r + other.r + GAP);
    const candidates = [mark.r + GAP];
    for (const other of near) {
      const reach = mark.r + other.r + GAP;
      const dx = mark.x - other.x;
      candidates.push(other.offset + Math.sqrt(reach * reach - dx * dx));
    }
    candidates.sort((a, b) => a - b);
    mark.offset =
      candidates.find((offset) => !near.some((other) => collides(mark.x, offset, mark.r, other))) ??
      (candidates.at(-1) as number);
    placed.push(mark);
  }
  const extent = Math.max(0, ...marks.map((mark) => mark.offset + mark.r)) + GAP;
  if (extent <= maxHeight) return Math.max(minHeight, extent);
  const squeeze = (maxHeight - GAP) / (extent - GAP);
  for (const mark of marks) mark.offset = Math.max(mark.r + GAP, mark.offset * squeeze);
  return maxHeight;
}

export interface PlacedMarks {
  marks: Mark[];
  above: number;
  below: number;
  /** 0 when there is no neutral evidence: the lane is left out. */
  neutral: number;
}

export function placeMarks(evidence: readonly ChartEvidence[], scale: TimeScale): PlacedMarks {
  const marks: Mark[] = chronological(evidence).map(({ evidence: e, time }) => ({
    evidence: e,
    time,
    x: scale.x(time),
    offset: 0,
    r: radiusOf(e.weight),
    lane: LANE_OF[e.direction],
  }));
  const lane = (which: Lane) => marks.filter((mark) => mark.lane === which);
  const neutral = lane('neutral');
  return {
    marks,
    above: stack(lane('above'), MAX_LANE, MIN_LANE),
    below: stack(lane('below'), MAX_LANE, MIN_LANE),
    neutral: neutral.length === 0 ? 0 : stack(neutral, NEUTRAL_LANE_MAX, 20),
  };
}
