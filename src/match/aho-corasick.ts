/**
 * Aho–Corasick over UTF-16 code units: all CJK term variants in one automaton, so finding every
 * occurrence of every term is one pass over the text (O(text + hits)), whatever the number of terms.
 * Each pattern carries the term id it stands for; several patterns (script variants) may share one id.
 *
 * Use: `add` every pattern, `build` once, then `search` any number of texts.
 */

/** Receives an occurrence: the term id and the [start, end) of the pattern in the text. */
export type SubstringHit = (term: number, start: number, end: number) => void;

export class AhoCorasick {
  private readonly edges: Map<number, number>[] = [new Map()];
  private fail: Int32Array = new Int32Array(1);
  /** Per state: (term, pattern length) pairs, flattened, including those inherited through fail links. */
  private readonly outputs: number[][] = [[]];
  private built = false;

  get isEmpty(): boolean {
    return this.edges.length === 1;
  }

  add(pattern: string, term: number): void {
    if (this.built) throw new Error('AhoCorasick: add after build');
    if (pattern.length === 0) return;
    let state = 0;
    for (let i = 0; i < pattern.length; i++) {
      const code = pattern.charCodeAt(i);
      const edges = this.edges[state] as Map<number, number>;
      let next = edges.get(code);
      if (next === undefined) {
        next = this.edges.length;
        edges.set(code, next);
        this.edges.push(new Map());
        this.outputs.push([]);
      }
      state = next;
    }
    (this.outputs[state] as number[]).push(term, pattern.length);
  }

  /** Computes fail links breadth-first and merges each state's outputs with its fail state's. */
  build(): void {
    this.fail = new Int32Array(this.edges.length);
    const queue: number[] = [];
    for (const child of (this.edges[0] as Map<number, number>).values()) queue.push(child);
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] as number;
      for (const [code, child] of this.edges[state] as Map<number, number>) {
        let fallback = this.fail[state] as number;
        while (fallback !== 0 && !(this.edges[fallback] as Map<number, number>).has(code)) {
          fallback = this.fail[fallback] as number;
        }
        const target = (this.edges[fallback] as Map<number, number>).get(code);
        const failState = target !== undefined && target !== child ? target : 0;
        this.fail[child] = failState;
        (this.outputs[child] as number[]).push(...(this.outputs[failState] as number[]));
        queue.push(child);
      }
    }
    this.built = true;
  }

  search(text: string, hit: SubstringHit): void {
    if (!this.built) throw new Error('AhoCorasick: search before build');
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let next = (this.edges[state] as Map<number, number>).get(code);
      while (next === undefined && state !== 0) {
        state = this.fail[state] as number;
        next = (this.edges[state] as Map<number, number>).get(code);
      }
      state = next ?? 0;
      const out = this.outputs[state] as number[];
      for (let k = 0; k < out.length; k += 2) {
        const length = out[k + 1] as number;
        hit(out[k] as number, i + 1 - length, i + 1);
      }
    }
  }
}
