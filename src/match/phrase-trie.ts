/**
 * The phrase trie: every Latin term as a path of word-pattern ids (word-trie.ts), so "rare earth*" and
 * "rare metals" share the "rare" edge. Scanning feeds it the pattern ids of each token in turn; it keeps
 * the set of partial phrases still alive and reports each complete term with the index of its first token.
 * Per token the work is bounded by the ids of that token times the live phrases, not by the term count.
 *
 * A phrase never spans a sentence boundary: the caller calls `reset()` between sentences and fields.
 */

class PhraseNode {
  readonly next = new Map<number, PhraseNode>();
  /** Terms that end here. */
  readonly terms: number[] = [];
  constructor(readonly depth: number) {}
}

/** Receives each complete term: its id and the index of its first token. */
export type PhraseHit = (term: number, firstToken: number) => void;

export class PhraseTrie {
  private readonly root = new PhraseNode(0);
  // Live partial phrases; counters rather than `length = 0`, which costs a runtime call per token.
  private live: PhraseNode[] = [];
  private liveCount = 0;
  private spare: PhraseNode[] = [];

  add(wordIds: readonly number[], term: number): void {
    let node = this.root;
    for (const id of wordIds) {
      let child = node.next.get(id);
      if (!child) {
        child = new PhraseNode(node.depth + 1);
        node.next.set(id, child);
      }
      node = child;
    }
    node.terms.push(term);
  }

  reset(): void {
    this.liveCount = 0;
  }

  /** Advances by one token whose word-pattern ids are `ids[0..count)`. */
  step(ids: readonly number[], count: number, token: number, hit: PhraseHit): void {
    if (count === 0) {
      this.liveCount = 0;
      return;
    }
    const next = this.spare;
    let nextCount = this.advance(this.root, ids, count, token, next, 0, hit);
    for (let k = 0; k < this.liveCount; k++) {
      nextCount = this.advance(this.live[k] as PhraseNode, ids, count, token, next, nextCount, hit);
    }
    this.spare = this.live;
    this.live = next;
    this.liveCount = nextCount;
  }

  private advance(
    node: PhraseNode,
    ids: readonly number[],
    count: number,
    token: number,
    next: PhraseNode[],
    nextCount: number,
    hit: PhraseHit,
  ): number {
    let n = nextCount;
    for (let k = 0; k < count; k++) {
      const child = node.next.get(ids[k] as number);
      if (!child) continue;
      for (const term of child.terms) hit(term, token - child.depth + 1);
      if (child.next.size > 0) next[n++] = child;
    }
    return n;
  }
}
