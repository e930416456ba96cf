/**
 * The word-pattern trie: every distinct word of every Latin term ("china", "licen?e*", "resum*") in one
 * character trie with `?` edges (any one character) and `*` accepts (any rest, including none). Looking up a
 * token walks the trie once, whatever the number of patterns, and yields the ids of all patterns that
 * match the whole token; a token that shares no prefix with any pattern costs one map read.
 *
 * `?` consumes one UTF-16 code unit; Latin-script words are BMP in practice.
 */

class WordNode {
  next: Map<number, WordNode> | undefined;
  /** The `?` edge. */
  any: WordNode | undefined;
  /** Patterns that end here exactly. */
  exact: number[] = [];
  /** Patterns that end here with `*`: any token reaching this node matches them. */
  prefix: number[] = [];
}

export class WordTrie {
  private readonly root = new WordNode();
  private readonly ids = new Map<string, number>();
  // Reused between lookups: matching runs on one thread and never re-enters itself.
  private current: WordNode[] = [];
  private following: WordNode[] = [];

  /** The id of a word pattern, adding it when new. */
  add(pattern: string): number {
    const known = this.ids.get(pattern);
    if (known !== undefined) return known;
    const id = this.ids.size;
    this.ids.set(pattern, id);
    let node = this.root;
    const isPrefix = pattern.endsWith('*');
    const body = isPrefix ? pattern.slice(0, -1) : pattern;
    for (let i = 0; i < body.length; i++) {
      const code = body.charCodeAt(i);
      if (code === 63 /* ? */) {
        node.any ??= new WordNode();
        node = node.any;
        continue;
      }
      node.next ??= new Map();
      let child = node.next.get(code);
      if (!child) {
        child = new WordNode();
        node.next.set(code, child);
      }
      node = child;
    }
    (isPrefix ? node.prefix : node.exact).push(id);
    return id;
  }

  get size(): number {
    return this.ids.size;
  }

  /**
   * Writes to `out[0..n)` the ids of the patterns matching `text.slice(start, end)` and returns n.
   * Walks one path while no `?` edge offers a second one (the common case), then falls back to a set
   * of states. Counters instead of `array.length = 0`: resizing arrays per token showed up in profiles.
   */
  lookup(text: string, start: number, end: number, out: number[]): number {
    let count = 0;
    let node = this.root;
    for (let i = start; ; i++) {
      if (node.any) return this.lookupFrom(node, text, i, end, out, count);
      count = append(out, count, node.prefix);
      if (i === end) return append(out, count, node.exact);
      const child = node.next?.get(text.charCodeAt(i));
      if (!child) return count;
      node = child;
    }
  }

  private lookupFrom(
    from: WordNode,
    text: string,
    start: number,
    end: number,
    out: number[],
    count: number,
  ): number {
    let current = this.current;
    let following = this.following;
    current[0] = from;
    let live = 1;
    for (let i = start; i < end && live > 0; i++) {
      const code = text.charCodeAt(i);
      let next = 0;
      for (let k = 0; k < live; k++) {
        const node = current[k] as WordNode;
        count = append(out, count, node.prefix);
        const child = node.next?.get(code);
        if (child) following[next++] = child;
        if (node.any) following[next++] = node.any;
      }
      [current, following] = [following, current];
      live = next;
    }
    for (let k = 0; k < live; k++) {
      const node = current[k] as WordNode;
      count = append(out, count, node.prefix);
      count = append(out, count, node.exact);
    }
    this.current = current;
    this.following = following;
    return count;
  }
}

function append(out: number[], count: number, ids: readonly number[]): number {
  let n = count;
  for (let k = 0; k < ids.length; k++) out[n++] = ids[k] as number;
  return n;
}
