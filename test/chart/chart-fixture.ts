/**
 * A claim's story for the chart's tests, June to September 2025: five changes (one by the sweep, one by
 * an operator), evidence on both sides with a weight-2 source, a neutral mention, two confirmations, and
 * a month without news in July. Records are in the API's shapes (ChartChange, ChartEvidence fit them).
 */
import type { ChartChange, ChartClaim, ChartEvidence, ChartInput } from '../../src/chart/index.js';
import type { ClaimStatus } from '../../src/claims/index.js';
import type { Direction } from '../../src/match/types.js';

export const NOW = new Date('2025-09-30T12:00:00.000Z');

export const CLAIM: ChartClaim = {
  id: 'rare-earths',
  title: 'Rare earth exports to the US resume',
  status: 'stalled',
  window_days: 30,
  stale_after_days: 21,
  since: '2025-06-05',
};

export function change(
  seq: number,
  from: ClaimStatus,
  to: ClaimStatus,
  day: string,
  trigger: ChartChange['trigger'] = 'evidence',
): ChartChange {
  return { seq, from, to, at: `${day}T18:00:00.000Z`, trigger };
}

let counter = 0;

export function item(
  direction: Direction,
  day: string,
  overrides: Partial<ChartEvidence> = {},
): ChartEvidence {
  counter += 1;
  return {
    title: `Story ${counter} on rare earths (${direction})`,
    link: `https://news.example/${day}/${counter}`,
    source: `Outlet ${counter % 4}`,
    published: `${day}T09:00:00.000Z`,
    firstSeenAt: `${day}T09:10:00.000Z`,
    direction,
    weight: 1,
    ...overrides,
  };
}

export const HISTORY: ChartChange[] = [
  change(1, 'open', 'advancing', '2025-06-07'),
  change(2, 'advancing', 'quiet', '2025-07-10', 'sweep'),
  change(3, 'quiet', 'contested', '2025-08-12'),
  change(4, 'contested', 'confirmed', '2025-08-20'),
  change(5, 'confirmed', 'stalled', '2025-09-10', 'operator'),
];

export const EVIDENCE: ChartEvidence[] = [
  item('progress', '2025-06-06'),
  item('progress', '2025-06-06', { weight: 2, source: 'The White House' }),
  item('progress', '2025-06-07'),
  item('setback', '2025-06-18'),
  item('setback', '2025-08-11'),
  item('progress', '2025-08-12'),
  item('neutral', '2025-08-12'),
  item('confirms', '2025-08-19'),
  item('confirms', '2025-08-20', { source: 'Xinhua' }),
  item('setback', '2025-09-20'),
  item('setback', '2025-09-21', { weight: 2, source: 'MOFCOM' }),
];

export function input(overrides: Partial<ChartInput> = {}): ChartInput {
  return { claim: CLAIM, history: HISTORY, evidence: EVIDENCE, now: NOW, ...overrides };
}
