/**
 * Character classes for matching: which UTF-16 code units build Latin-style word tokens, which are CJK
 * (matched as substrings, never as words), and which end a sentence (negation does not reach across one).
 *
 * The BMP is classified once into a 64 KiB table at module load so the tokenizer's inner loop is one
 * array read per character; astral code points (rare: CJK Extension B+, emoji) go through `classifyCodePoint`.
 */

export const SEPARATOR = 0;
export const WORD = 1;
export const CJK = 2;
/** `!`, `?`, `;` and their CJK forms always end a sentence; `.` only when a space or the end follows. */
export const SENTENCE_END = 3;
export const PERIOD = 4;

export type CharClass = typeof SEPARATOR | typeof WORD | typeof CJK | typeof SENTENCE_END | typeof PERIOD;

// Han (incl. Extensions A and compatibility ideographs), Kana, Hangul. `〇` (U+3007) is a Han numeral.
const CJK_RE =
  /[\u1100-\u11ff\u3007\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/u;
const CJK_ASTRAL_RE = /[\u{20000}-\u{3134f}]/u;
const WORD_RE = /[\p{L}\p{N}\p{M}]/u;
const SENTENCE_END_CHARS = '!?;。！？；…';

function classifyChar(ch: string): CharClass {
  if (ch === '.') return PERIOD;
  if (SENTENCE_END_CHARS.includes(ch)) return SENTENCE_END;
  if (CJK_RE.test(ch) || CJK_ASTRAL_RE.test(ch)) return CJK;
  if (WORD_RE.test(ch)) return WORD;
  return SEPARATOR;
}

function buildBmpTable(): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (let code = 0; code < 0x10000; code++) {
    // Lone surrogates stay SEPARATOR here; the tokenizer pairs them and calls classifyCodePoint.
    if (code >= 0xd800 && code <= 0xdfff) continue;
    table[code] = classifyChar(String.fromCharCode(code));
  }
  return table;
}

/** Class of each BMP code unit. */
export const BMP_CLASS: Uint8Array = buildBmpTable();

export function classifyCodePoint(codePoint: number): CharClass {
  if (codePoint < 0x10000) return BMP_CLASS[codePoint] as CharClass;
  return classifyChar(String.fromCodePoint(codePoint));
}

/** True when the string holds at least one Han, Kana or Hangul character: such a term matches as a substring. */
export function hasCjk(text: string): boolean {
  for (const ch of text) {
    if (classifyCodePoint(ch.codePointAt(0) ?? 0) === CJK) return true;
  }
  return false;
}

/** True for a Han character: the only script where Chinese negation and script variants apply. */
export function isHan(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    code === 0x3007
  );
}
