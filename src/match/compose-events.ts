/**
 * Where composition events stand relative to each other: overlap, distance in words (Latin tokens, or two
 * CJK characters a word) and the word before a Latin event.
 */
import type { ComposeEvent, ScannedField } from './compose-scan.js';

export function overlaps(a: ComposeEvent, b: ComposeEvent): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Words from the end of `a` to the start of `b` (1 = adjacent); CJK counts two characters a word. */
export function gap(a: ComposeEvent, b: ComposeEvent): number {
  return a.latin && b.latin ? b.first - a.last : Math.ceil((b.start - a.end) / 2) + 1;
}

/** The token before a Latin event, or ''. */
export function wordBefore(field: ScannedField, event: ComposeEvent): string {
  const at = event.first - 1;
  return at < 0 ? '' : field.text.slice(field.tokenStarts[at] ?? 0, field.tokenEnds[at] ?? 0);
}
