/**
 * One row of annotation labels (the tally window, quiet stretches, resolutions, "now"), placed in order of
 * importance: a label goes where it asks to be (centred on a point), or as near to it as the labels
 * already placed and the row's bounds allow, but never further than its own width away, so it still
 * reads as belonging there. Otherwise it is left out; whatever is left out keeps its tooltip and its
 * legend entry. Labels therefore never overlap.
 */
import { textWidth } from './markup.js';

const GAP = 8;

interface Taken {
  from: number;
  to: number;
}

export class LabelRow {
  private readonly taken: Taken[] = [];

  constructor(
    private readonly min: number,
    private readonly max: number,
  ) {}

  /** Reserves a stretch of the row (for something drawn there that is not a label). */
  reserve(from: number, to: number): void {
    this.taken.push({ from, to });
  }

  private free(from: number, to: number): boolean {
    if (from < this.min || to > this.max) return false;
    return !this.taken.some((other) => from < other.to + GAP && to > other.from - GAP);
  }

  /** The x where a label centred near `centre` starts, or undefined when it does not fit. */
  place(text: string, centre: number): number | undefined {
    const width = textWidth(text);
    const wanted = centre - width / 2;
    const candidates = [
      wanted,
      this.min,
      this.max - width,
      ...this.taken.flatMap((other) => [other.from - GAP - width, other.to + GAP]),
    ]
      .filter((from) => Math.abs(from - wanted) <= width && this.free(from, from + width))
      .sort((a, b) => Math.abs(a - wanted) - Math.abs(b - wanted) || a - b);
    const from = candidates[0];
    if (from !== undefined) this.taken.push({ from, to: from + width });
    return from;
  }
}
