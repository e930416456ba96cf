/**
 * The first, cheap pass of a verdict: which claims an item is on topic for (every topic group hit, no
 * exclude hit). A common term ("china") may be used by most claims, so this pass touches each topic or
 * exclude use of a hit term once, from typed arrays built at compile time, with integer work only — no
 * per-claim objects — and lets verdict.ts build its tallies just for the claims that pass. Signal uses are
 * not looked at here.
 *
 * Per-claim and per-group state lives in typed arrays stamped with an item counter, so nothing is cleared
 * or allocated between items. One gate per matcher, used from one thread.
 */
import type { CompiledClaims, ItemHits } from './compiled.js';

export class TopicGate {
  private epoch = 0;
  private readonly claimStamp: Uint32Array;
  private readonly groupStamp: Uint32Array;
  /** Index of each claim's first group in groupStamp. */
  private readonly groupOffset: Uint32Array;
  private readonly groupsHit: Uint32Array;
  private readonly excluded: Uint8Array;
  private readonly touched: number[] = [];
  /**
   * Per term, its topic and exclude uses as two parallel arrays: the claim, and the claim's group slot
   * in groupStamp (-1 for an exclude). Signal uses are left out: the gate never looks at them, and a
   * shared signal word ("ban*") may be used by most claims.
   */
  private readonly useClaims: Uint32Array[];
  private readonly useSlots: Int32Array[];

  constructor(private readonly compiled: CompiledClaims) {
    const { claims } = compiled;
    this.claimStamp = new Uint32Array(claims.length);
    this.groupOffset = new Uint32Array(claims.length);
    this.groupsHit = new Uint32Array(claims.length);
    this.excluded = new Uint8Array(claims.length);
    let groups = 0;
    claims.forEach((claim, index) => {
      this.groupOffset[index] = groups;
      groups += claim.groupCount;
    });
    this.groupStamp = new Uint32Array(groups);
    const uses = compiled.terms.map((info) => info.entries.filter((entry) => entry.use.role !== 'signal'));
    this.useClaims = uses.map((entries) => Uint32Array.from(entries, (entry) => entry.claim));
    this.useSlots = uses.map((entries) =>
      Int32Array.from(entries, ({ claim, use }) =>
        use.role === 'topic' ? (this.groupOffset[claim] as number) + use.group : -1,
      ),
    );
  }

  /** The claims the item is on topic for, by index, in first-touched order. */
  onTopic(hits: ItemHits): number[] {
    this.epoch++;
    if (this.epoch > 0xffffffff) {
      // After 4 billion items the stamps wrap; clearing once keeps an old stamp from reading as current.
      this.epoch = 1;
      this.claimStamp.fill(0);
      this.groupStamp.fill(0);
    }
    const epoch = this.epoch;
    const touched = this.touched;
    touched.length = 0;
    for (const term of hits.keys()) {
      const claimsOfTerm = this.useClaims[term];
      const slots = this.useSlots[term] as Int32Array;
      if (!claimsOfTerm) continue;
      for (let u = 0; u < claimsOfTerm.length; u++) {
        const claim = claimsOfTerm[u] as number;
        if (this.claimStamp[claim] !== epoch) {
          this.claimStamp[claim] = epoch;
          this.groupsHit[claim] = 0;
          this.excluded[claim] = 0;
          touched.push(claim);
        }
        const slot = slots[u] as number;
        if (slot < 0) {
          this.excluded[claim] = 1;
          continue;
        }
        if (this.groupStamp[slot] !== epoch) {
          this.groupStamp[slot] = epoch;
          this.groupsHit[claim] = (this.groupsHit[claim] as number) + 1;
        }
      }
    }
    const passed: number[] = [];
    for (const claim of touched) {
      const groupCount = this.compiled.claims[claim]?.groupCount ?? 0;
      // A claim without topic groups is never on topic: an empty AND would make every item evidence.
      if (groupCount > 0 && !this.excluded[claim] && this.groupsHit[claim] === groupCount) passed.push(claim);
    }
    return passed;
  }
}
