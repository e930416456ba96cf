/**
 * A ledger instance's cache of each claim's decoded evidence, valid for exactly one `version` of the claim's
 * state. Every commit bumps `version` (the compare-and-set token, ledger-script.ts) and only the commit
 * script writes the evidence hash, so when the state read now has the cached version, the cached records
 * ARE the stored ones: the ledger then reads the small state hash alone instead of HGETALL + decoding every
 * record, and after its own commit it applies that commit to the entry (add, trims, new version) instead of
 * reading again. A lost race or a failed commit drops the entry; the next read refills it.
 *
 * The entry also remembers the state's `updatedAt`, so claim keys deleted and rewritten up to the same
 * version by someone else (a demo reset, say) are a miss unless that also lands on the same instant.
 *
 * Memory: an entry holds exactly what Redis holds for that claim (the sweep trims evidence past the
 * retention horizon, trim.ts), and only claims this instance writes get one; at most `capacity` claims are
 * kept, least recently used evicted first. Records are frozen: the plan functions read them, nobody writes.
 */
import type { ClaimState } from './ledger-types.js';
import type { EvidenceRecord } from './types.js';

/** Default for LedgerOptions.cacheClaims. */
export const DEFAULT_CACHE_CLAIMS = 1024;

export interface CachedEvidence {
  version: number;
  updatedAt: string | null;
  /** Story key → record, as stored at `version`. */
  readonly records: Map<string, EvidenceRecord>;
}

/** A record as the cache keeps it: frozen, with its terms. */
export function frozen(record: EvidenceRecord): EvidenceRecord {
  Object.freeze(record.terms);
  return Object.freeze(record);
}

export interface EvidenceCache {
  /** The entry for this claim when it holds exactly the evidence of `state`; refreshes its recency. */
  lookup(claimId: string, state: ClaimState): CachedEvidence | undefined;
  has(claimId: string): boolean;
  /** Records read together with `state` in one MULTI (decoded, not yet frozen). */
  fill(claimId: string, state: ClaimState, records: readonly EvidenceRecord[]): CachedEvidence | undefined;
  /**
   * This instance committed `base` (the evidence at `expected`) plus `add` minus `trim`: the evidence at
   * `version`. Updates `entry` in place when it is still the claim's entry at `expected`; otherwise rebuilds.
   */
  committed(
    claimId: string,
    entry: CachedEvidence | undefined,
    base: readonly EvidenceRecord[],
    change: {
      expected: number;
      version: number;
      updatedAt: string;
      trim: readonly string[];
    },
  ): void;
  drop(claimId: string): void;
  /** How many claims are cached (for tests). */
  readonly size: number;
}

export function createEvidenceCache(capacity: number): EvidenceCache {
  const entries = new Map<string, CachedEvidence>();

  function put(claimId: string, entry: CachedEvidence): CachedEvidence | undefined {
    if (capacity <= 0) return undefined;
    entries.delete(claimId);
    entries.set(claimId, entry);
    if (entries.size > capacity) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
    return entry;
  }

  return {
    lookup(claimId, state) {
      const entry = entries.get(claimId);
      if (!entry || entry.version !== state.version || entry.updatedAt !== state.updatedAt) return undefined;
      put(claimId, entry);
      return entry;
    },

    has: (claimId) => entries.has(claimId),

    fill(claimId, state, records) {
      const map = new Map(records.map((r) => [r.storyKey, frozen(r)] as const));
      return put(claimId, { version: state.version, updatedAt: state.updatedAt, records: map });
    },

    committed(claimId, entry, base, { expected, version, updatedAt, trim }) {
      if (capacity <= 0) return;
      let target = entry;
      if (!target || entries.get(claimId) !== target || target.version !== expected) {
        // Another call of this instance moved or replaced the entry meanwhile: start from what we planned on.
        target = { version: expected, updatedAt: null, records: new Map(base.map((r) => [r.storyKey, r])) };
        put(claimId, target);
      }
      for (const key of trim) target.records.delete(key);
      target.version = version;
      target.updatedAt = updatedAt;
    },

    drop(claimId) {
      entries.delete(claimId);
    },

    get size() {
      return entries.size;
    },
  };
}
