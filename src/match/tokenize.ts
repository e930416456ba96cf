/**
 * Splits normalized text into Latin-style word tokens, reported by position so nothing is allocated per
 * token. A word is a run of letters, digits and combining marks outside CJK scripts; everything else
 * separates words, so hyphens and apostrophes split ("rare-earth" → rare, earth; "china's" → china, s)
 * and a word next to a Han character still stands alone ("中国china" holds the word "china").
 *
 * Each word carries the number of the sentence it is in: `!`, `?`, `;`, `…`, their CJK forms, and a `.`
 * followed by a space or the end start a new sentence (a `.` inside "3.5" does not). The return value
 * says whether the text holds any CJK character, so CJK substring matching can be skipped otherwise.
 */
import { BMP_CLASS, CJK, classifyCodePoint, PERIOD, SENTENCE_END, WORD } from './charclass.js';

/** Called for each word: `text.slice(start, end)` is the word. */
export type WordVisitor = (start: number, end: number, sentence: number) => void;

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || Number.isNaN(code);
}

export function forEachWord(text: string, visit: WordVisitor): { hasCjk: boolean } {
  let hasCjk = false;
  let sentence = 0;
  let wordStart = -1;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    let code = text.charCodeAt(i);
    let width = 1;
    let cls: number;
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < length) {
      code = text.codePointAt(i) as number;
      width = 2;
      cls = classifyCodePoint(code);
    } else {
      cls = BMP_CLASS[code] as number;
    }
    if (cls === WORD) {
      if (wordStart < 0) wordStart = i;
      i += width - 1;
      continue;
    }
    if (wordStart >= 0) {
      visit(wordStart, i, sentence);
      wordStart = -1;
    }
    if (cls === CJK) hasCjk = true;
    else if (cls === SENTENCE_END) sentence++;
    else if (cls === PERIOD && isSpace(text.charCodeAt(i + 1))) sentence++;
    i += width - 1;
  }
  if (wordStart >= 0) visit(wordStart, length, sentence);
  return { hasCjk };
}
