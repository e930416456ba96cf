/**
 * deriveStatus: a claim's status from its evidence, a clock and its settings (DESIGN.md "Claims and
 * statuses"). Pure: no I/O, no system clock, inputs never mutated; the same input gives the same output,
 * whatever order the evidence comes in (it is put in one canonical order first: newest first, ties by id).
 *
 * In: all of the claim's evidence (any direction, any age), `now`, the claim's settings, its current status.
 * Out: the status, the in-window tally, the ids of the evidence that decided (newest first, at most 10), and
 * one sentence saying why. Whether a change is due (`status !== current`) is the caller's question.
 *
 * Rules, first match wins (DESIGN.md's order):
 * 0. Terminal: a claim that is confirmed or refuted stays so. Only an operator reopens it
 *    (`policy-watch resolve`); that is an operator change the caller records, not a derivation.
 * 1. Resolution (resolution.ts): confirms or refutes from ≥ min_sources distinct sources, over all time →
 *    confirmed / refuted; both sides qualifying → the larger weight wins, a tie is contested.
 * 2. Quiet: evidence, but none whose evidence time lies within the last stale_after_days → quiet. Before
 *    the lean, so `stale_after_days` wins over a lean whose last report is still inside the window.
 * 3. Lean (tally.ts, lean.ts): progress and setback evidence within the last window_days (boundary
 *    included) → P, S, each source once per direction at its largest weight; contested, advancing or
 *    stalled when a side qualifies.
 * 4. Otherwise: no evidence at all → keep current (`open` unless an operator set something else); else keep
 *    current, except that quiet becomes open, since recent evidence is exactly what quiet says is missing.
 *    Any direction counts as evidence here (neutral, a lone confirmation, out-of-window leans): it shows
 *    the topic is alive, but it never leans.
 *
 * One derivation gives one status, so a quiet claim whose fresh evidence leans goes straight to advancing
 * (or stalled, contested), never through open.
 */

import { newestFirst, type TimedEvidence, withinLastDays } from './evidence-time.js';
import { leanOf } from './lean.js';
import {
  keepReason,
  leanReason,
  noEvidenceReason,
  quietReason,
  resolutionReason,
  terminalReason,
} from './reason.js';
import { decidingSides, resolutionOf } from './resolution.js';
import { sideOf, tallyOf } from './tally.js';
import { type Derivation, type DeriveInput, TERMINAL_STATUSES } from './types.js';

/** A handful is enough to explain a status in an alert; the full list is one `evidence CLAIM` away. */
export const MAX_DECIDING_EVIDENCE = 10;

/** Ids newest first; evidence on two sides of a decision is merged back into the canonical order. */
function idsOf(timed: readonly TimedEvidence[], all: readonly TimedEvidence[]): string[] {
  const wanted = new Set(timed);
  const ids = new Set<string>();
  for (const t of all) {
    if (ids.size === MAX_DECIDING_EVIDENCE) break;
    if (wanted.has(t)) ids.add(t.evidence.id);
  }
  return [...ids];
}

export function deriveStatus({ evidence, now, settings, current }: DeriveInput): Derivation {
  const all = newestFirst(evidence);
  const inWindow = all.filter((t) => withinLastDays(t.time, now, settings.window_days));
  const progress = sideOf(inWindow, 'progress');
  const setback = sideOf(inWindow, 'setback');
  const tally = tallyOf(progress, setback, settings.window_days);
  const resolution = resolutionOf(all, settings.min_sources);

  if (TERMINAL_STATUSES.includes(current)) {
    const side = current === 'confirmed' ? resolution?.confirms : resolution?.refutes;
    return {
      status: current,
      tally,
      evidenceIds: idsOf(side?.evidence ?? [], all),
      reason: terminalReason(current),
    };
  }

  if (resolution) {
    const deciding = decidingSides(resolution).flatMap((side) => side.evidence);
    const reason = resolutionReason(resolution, settings.min_sources);
    return { status: resolution.status, tally, evidenceIds: idsOf(deciding, all), reason };
  }

  const latest = all[0];
  if (latest === undefined)
    return { status: current, tally, evidenceIds: [], reason: noEvidenceReason(current) };

  const recent = all.filter((t) => withinLastDays(t.time, now, settings.stale_after_days));
  if (recent.length === 0) {
    // The newest piece is where the silence is measured from, so it alone explains quiet.
    return {
      status: 'quiet',
      tally,
      evidenceIds: [latest.evidence.id],
      reason: quietReason(latest.time, settings.stale_after_days),
    };
  }

  const lean = leanOf(progress, setback, settings.min_sources);
  if (lean) {
    // Neutral and sub-threshold resolution evidence sit in the window too, but they did not decide a lean.
    const deciding = [
      ...(lean === 'stalled' ? [] : progress.evidence),
      ...(lean === 'advancing' ? [] : setback.evidence),
    ];
    const reason = leanReason(lean, progress, setback, settings.window_days);
    return { status: lean, tally, evidenceIds: idsOf(deciding, all), reason };
  }

  const reopened = current === 'quiet';
  const status = reopened ? 'open' : current;
  const reason = keepReason(status, progress, setback, settings, reopened);
  return { status, tally, evidenceIds: idsOf(recent, all), reason };
}
