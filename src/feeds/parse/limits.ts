/**
 * Output bounds for parsed feeds. A feed is untrusted input of up to the fetch cap (5 MiB); these caps keep
 * every normalized field, and so every log line, Redis value and webhook body built from it, bounded no
 * matter how the document is shaped. Cut text ends with an ellipsis so a reader can tell it was cut.
 */

/** Titles longer than this are cut; no real headline comes near it. */
export const MAX_TITLE_CHARS = 1_000;

/** Summaries and content longer than this are cut (100 KB is a very long article). */
export const MAX_TEXT_CHARS = 100_000;

/** Short fields (ids, links, authors, categories, publishers) longer than this are cut. */
export const MAX_SHORT_CHARS = 2_048;

/** At most this many categories are kept per item. */
export const MAX_CATEGORIES = 100;

/** At most this many items are kept per feed (the first ones, which are the newest in practice). */
export const MAX_ITEMS = 10_000;

const ELLIPSIS = '…';

/** Cuts `text` to at most `max` characters, without splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - ELLIPSIS.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end) + ELLIPSIS;
}
