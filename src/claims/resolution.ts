/**
 * Resolution evidence (DESIGN.md rule 1). In: all of a claim's evidence in canonical order and min_sources.
 * Out: `confirmed`, `refuted`, `contested` (split resolution), or undefined when neither side has enough
 * distinct sources.
 *
 * Counted over all time, not the window: a shipment that arrived or talks that collapsed stay true, and the
 * window exists so that leans fade, not facts. Weight does not count here; DESIGN asks for distinct sources.
 * When both sides reach min_sources, the side with more distinct sources wins; a tie is `contested`, which
 * is not terminal, so the next resolving source (or an operator) settles it.
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
  const yes = confirms.sources.length;
  const no = refutes.sources.length;
  const yesQualifies = yes >= minSources;
  const noQualifies = no >= minSources;
  if (!yesQualifies && !noQualifies) return undefined;
  let status: Resolution['status'];
  if (yesQualifies && noQualifies) status = yes > no ? 'confirmed' : no > yes ? 'refuted' : 'contested';
  else status = yesQualifies ? 'confirmed' : 'refuted';
  return { status, confirms, refutes };
}

/** The resolution side(s) that decided: the winner, or both when split. */
export function decidingSides(resolution: Resolution): Side[] {
  if (resolution.status === 'confirmed') return [resolution.confirms];
  if (resolution.status === 'refuted') return [resolution.refutes];
  return [resolution.confirms, resolution.refutes];
}
