/**
 * What a reopen means for derivation. Resolution counts over all time (resolution.ts) and trimming keeps
 * confirms/refutes, so after an operator reopens a confirmed claim the very evidence that confirmed it would
 * confirm it again at the next sweep, and the reopen would last seconds. The operator has judged that
 * evidence; only resolution evidence first seen after the reopen may resolve the claim again.
 *
 * In: all evidence and the state's `reopenedAt` (null when never reopened). Out: the evidence derivation
 * reads, where confirms/refutes first seen at or before the reopen count as `neutral`: still evidence that
 * the topic is alive (rule 4), never a resolution. Evidence an operator dismissed as wrongly matched is left
 * out altogether. Stored records are not changed; pure, inputs not mutated.
 */
import type { EvidenceRecord } from './types.js';

export function evidenceForDerivation(
  evidence: readonly EvidenceRecord[],
  reopenedAt: string | null,
): EvidenceRecord[] {
  const counted = evidence.filter((e) => e.dismissed === undefined);
  if (reopenedAt === null) return counted;
  const reopened = Date.parse(reopenedAt);
  return counted.map((e) => {
    const resolving = e.direction === 'confirms' || e.direction === 'refutes';
    return resolving && Date.parse(e.firstSeenAt) <= reopened ? { ...e, direction: 'neutral' } : e;
  });
}
