/**
 * The first, cheap pass of a verdict: which claims an item is on topic for (every topic group hit, no
 * exclude hit). A common term ("china") may be used by most claims, so this pass touches each (term, claim)
 * entry once with integer work only — no per-claim objects — and lets verdict.ts build its tallies just for
 * the claims that pass.
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
      const info = this.compiled.terms[term];
      if (!info) continue;
      for (const entry of info.entries) {
        const { claim, use } = entry;
        if (use.role === 'signal') continue;
        if (this.claimStamp[claim] !== epoch) {
          this.claimStamp[claim] = epoch;
          this.groupsHit[claim] = 0;
          this.excluded[claim] = 0;
          touched.push(claim);
        }
        if (use.role === 'exclude') {
          this.excluded[claim] = 1;
          continue;
        }
        const slot = (this.groupOffset[claim] as number) + use.group;
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
