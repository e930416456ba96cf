/**
 * Resolution evidence (DESIGN.md rule 1). In: all of a claim's evidence in canonical order and min_sources.
 * Out: `confirmed`, `refuted`, `contested` (split resolution), or undefined when neither side has enough
 * distinct sources.
 *
 * Counted over all time, not the window: a shipment that arrived or talks that collapsed stay true, and the
 * window exists so that leans fade, not facts. A side qualifies by its distinct sources (min_sources); when
 * both qualify in one derivation, the larger weight (each source once, at its largest weight) wins and a tie
 * is `contested`, which is not terminal, so an operator settles it. Never "whichever arrived first": the
 * derivation sees both sides at once, and the sums do not depend on order (tally.ts).
 */
import type { TimedEvidence } from './evidence-time.js';
import { type Side, sideOf } from './tally.js';
import type { ClaimStatus } from './types.js';

export interface Resolution {
  status: Extract<ClaimStatus, 'confirmed' | 'refuted' | 'contested'>;
  confirms: Side;
  refutes: Side;
}

export function resolutionOf(evidence: readonly TimedEvidence[], minSources: number): Resolution | undefined {
  const confirms = sideOf(evidence, 'confirms');
  const refutes = sideOf(evidence, 'refutes');
  const yesQualifies = confirms.sources.length >= minSources;
  const noQualifies = refutes.sources.length >= minSources;
  if (!yesQualifies && !noQualifies) return undefined;
  let status: Resolution['status'];
  if (yesQualifies && noQualifies) {
    const yes = confirms.weight;
    const no = refutes.weight;
    status = yes > no ? 'confirmed' : no > yes ? 'refuted' : 'contested';
  } else status = yesQualifies ? 'confirmed' : 'refuted';
  return { status, confirms, refutes };
}

/** The resolution side(s) that decided: the winner, or both when split. */
export function decidingSides(resolution: Resolution): Side[] {
  if (resolution.status === 'confirmed') return [resolution.confirms];
  if (resolution.status === 'refuted') return [resolution.refutes];
  return [resolution.confirms, resolution.refutes];
}
