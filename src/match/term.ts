/**
 * Term syntax (DESIGN.md "Claims and statuses"): a term is a case-insensitive phrase of words; `*` ends a
 * word as a prefix wildcard ("magnet*"), `?` stands for one character ("licen?e"). A term is normalized
 * like item text (normalize.ts), so "rare-earth*" and "rare earth*" are the same phrase and "U.S." is
 * "united states". A term holding any Han, Kana or Hangul character is a CJK term: matched as a substring
 * of the normalized text, without wildcards.
 *
 * `parseTerm` returns the compiled form or an error message; `validateTerm` is the config validator's view.
 */
import { BMP_CLASS, hasCjk, WORD } from './charclass.js';
import { normalizeText } from './normalize.js';

export type ParsedTerm =
  | { script: 'latin'; key: string; words: string[] }
  | { script: 'cjk'; key: string; text: string };

/** A term longer than this is almost certainly a pasted sentence, not a search term. */
export const MAX_TERM_CHARS = 200;

/** Lower-case spellings that, after normalization, can only be the pronoun or a fragment, never the place. */
const AMBIGUOUS_ABBREVIATIONS: Record<string, string> = {
  us: 'write "US" or "united states": lower-case "us" is the pronoun',
  usa: 'write "USA" or "united states"',
  uk: 'write "UK" or "united kingdom"',
  eu: 'write "EU" or "european union"',
};

function isWordChar(ch: string): boolean {
  const code = ch.charCodeAt(0);
  // Astral letters are rare in terms; treat them as word characters rather than silently splitting.
  return code >= 0xd800 || BMP_CLASS[code] === WORD;
}

function splitWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  for (const ch of text) {
    if (ch === '*' || ch === '?' || isWordChar(ch)) {
      current += ch;
    } else if (current) {
      words.push(current);
      current = '';
    }
  }
  if (current) words.push(current);
  return words;
}

function checkWord(word: string): string | undefined {
  const star = word.indexOf('*');
  if (star !== -1 && star !== word.length - 1) return `"*" may only end a word (in "${word}")`;
  const literal = word.replace(/[*?]/g, '');
  if (literal.length === 0) return `a word needs at least one letter or digit (in "${word}")`;
  if (star !== -1 && star < 2) return `a prefix needs at least 2 characters before "*" (in "${word}")`;
  return AMBIGUOUS_ABBREVIATIONS[word];
}

export function parseTerm(term: string): ParsedTerm | { error: string } {
  if (term.trim() === '') return { error: 'the term is empty' };
  if (term.length > MAX_TERM_CHARS) return { error: `the term is longer than ${MAX_TERM_CHARS} characters` };
  const text = normalizeText(term).trim();
  if (hasCjk(text)) {
    if (/[*?]/.test(text)) return { error: 'CJK terms match as substrings and take no wildcards ("*", "?")' };
    return { script: 'cjk', key: `cjk:${text}`, text };
  }
  const words = splitWords(text);
  if (words.length === 0) return { error: 'the term has no letters or digits' };
  for (const word of words) {
    const problem = checkWord(word);
    if (problem) return { error: problem };
  }
  return { script: 'latin', key: `latin:${words.join(' ')}`, words };
}

/** An error message for a term the matcher cannot compile, or undefined when the term is valid. */
export function validateTerm(term: string): string | undefined {
  const parsed = parseTerm(term);
  return 'error' in parsed ? parsed.error : undefined;
}
