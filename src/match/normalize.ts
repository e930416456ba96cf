/**
 * Text normalization: the one form that both item text and configured terms are brought to before
 * matching, so "U.S.–China", "US-China" and "united states china" read the same.
 *
 * In order:
 * 1. Cut the raw input to `maxRawChars` (bounds all later work on a 5 MB body).
 * 2. HTML to text: tags stripped, entities (named, decimal, hex) decoded (see html.ts).
 * 3. NFKC: full-width "ＵＳ" becomes "US", ligatures split, compatibility forms folded.
 * 4. Abbreviations, case-sensitively and word-bounded, BEFORE case folding: `U.S.`, `U.S`, `US`, `USA`,
 *    `U.S.A.` → "united states"; `U.K.`, `UK` → "united kingdom"; `E.U.`, `EU` → "european union".
 *    Only the upper-case forms count, so the pronoun "us" never reads as the country.
 * 5. Case fold (toLowerCase).
 * 6. Hyphens and dashes (‐‑‒–—―−﹘﹣) become "-", single quotes and primes (‘’‛‚′) "'", double quotes
 *    (“”„‟″«») '"'.
 * 7. Cut the result to `maxChars`.
 */
import { htmlToText } from '../text/html-to-text.js';

/** How much of an item's title is matched, after normalization (characters). */
export const MAX_TITLE_CHARS = 1_024;
/** How much of an item's body is matched, after normalization: a summary plus the lead of the content. */
export const MAX_BODY_CHARS = 16_384;
/** Raw input read per field: room for markup around the text that is kept (4× the kept text). */
export const RAW_FACTOR = 4;

export interface NormalizeOptions {
  /** Cap on the normalized result. @defaultValue Infinity */
  maxChars?: number;
  /** Cap on the raw input, before HTML is stripped. @defaultValue 4 × maxChars */
  maxRawChars?: number;
}

// Alternatives are tried in order, so "U.S.A." is read whole before "U.S." could claim its start.
const ABBREVIATION_RE =
  /(?<![\p{L}\p{N}])(?:U\.S\.A\.?|U\.S\.?|USA|US|U\.K\.?|UK|E\.U\.?|EU)(?![\p{L}\p{N}])/gu;

function expandAbbreviation(abbr: string): string {
  const first = abbr.charAt(0);
  if (first === 'E') return 'european union';
  return abbr.charAt(2) === 'K' || abbr.charAt(1) === 'K' ? 'united kingdom' : 'united states';
}

const DASH_RE = /[\u2010-\u2015\u2212\ufe58\ufe63]/g;
const SINGLE_QUOTE_RE = /[\u2018-\u201b\u2032]/g;
const DOUBLE_QUOTE_RE = /[\u201c-\u201f\u2033\u00ab\u00bb]/g;
// Anything outside tab..tilde (printable ASCII and line breaks) may need NFKC or punctuation folding.
const NON_ASCII_RE = /[^\t-~]/;

export function normalizeText(raw: string, options: NormalizeOptions = {}): string {
  const maxChars = options.maxChars ?? Number.POSITIVE_INFINITY;
  const maxRaw = options.maxRawChars ?? maxChars * RAW_FACTOR;
  let text = raw.length > maxRaw ? raw.slice(0, maxRaw) : raw;
  text = htmlToText(text);
  // Most English items are pure ASCII: NFKC and the Unicode punctuation tables cannot change them.
  const nonAscii = NON_ASCII_RE.test(text);
  if (nonAscii) text = text.normalize('NFKC');
  text = text.replace(ABBREVIATION_RE, expandAbbreviation).toLowerCase();
  if (nonAscii) {
    text = text.replace(DASH_RE, '-').replace(SINGLE_QUOTE_RE, "'").replace(DOUBLE_QUOTE_RE, '"');
  }
  return text.length > maxChars ? text.slice(0, maxChars) : text;
}
