/**
 * The change record (DESIGN.md "A change record"): one entry of a claim's append-only history, and what the
 * webhook reports as `change`. In: the claim, its seq, from/to, when, the trigger, the derivation's tally and
 * deciding evidence ids, an optional note. Out: the record in the DESIGN.md shape and key order (people read
 * the history as JSON, and tests compare it as text). Pure: it copies, never shares, the arrays it is given.
 *
 * Building a record decides nothing: the caller appends one when a derivation's status differs from the
 * current one (trigger `evidence` or `sweep`, note usually the derivation's reason), or for any operator
 * change (trigger `operator`, the operator's note), which may even keep the status.
 */
import type { ChangeRecord } from './types.js';

/**
 * A change as the ledger plans it: a ChangeRecord whose `note` may be left out (null) and whose tally may
 * carry more than the record keeps (window_days is dropped). (claim, seq) is the record's identity, so a
 * re-run job writes it once.
 */
export type ChangeInput = Omit<ChangeRecord, 'evidence' | 'note'> & {
  evidence: readonly string[];
  /** @defaultValue null */
  note?: string | null | undefined;
};

export function buildChange(input: ChangeInput): ChangeRecord {
  const { progress, setback, sources } = input.tally;
  return {
    claim: input.claim,
    seq: input.seq,
    from: input.from,
    to: input.to,
    at: input.at,
    trigger: input.trigger,
    tally: { progress, setback, sources },
    evidence: [...input.evidence],
    note: input.note ?? null,
    ...(input.dismissed === undefined ? {} : { dismissed: input.dismissed }),
  };
}

/** The change id: the webhook's `data.change.id` and `webhook-id` header, stable across retries. */
export function changeId(claim: string, seq: number): string {
  return `${claim}:${seq}`;
}
