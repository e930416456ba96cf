/**
 * One pass over one normalized field (title or body): which terms occur, where, and whether each
 * occurrence of a signal was negated. Claims are not looked at here; the cost is the text's length plus
 * the hits, whatever the number of claims.
 *
 * Latin: tokenize → word trie (pattern ids per token) → phrase trie (terms ending at this token). The
 * phrase state and the remembered negations are dropped at each sentence boundary.
 * CJK: when the field holds a CJK character, the Aho–Corasick automaton runs over the same text.
 *
 * A scanner keeps reusable buffers; use one per matcher, from one thread (the worker's event loop).
 */
import {
  type CompiledClaims,
  hitFlags,
  type ItemHits,
  type TermInfo,
  type TitleStarts,
  type TitleTopics,
} from './compiled.js';
import { isChineseNegated, NEGATION_WINDOW_TOKENS } from './negation.js';
import { isTimeReference } from './time-reference.js';
import { forEachWord } from './tokenize.js';

export class FieldScanner {
  private readonly ids: number[] = [];
  /** Last-token indices of the negations seen so far in the current sentence. */
  private readonly negationEnds: number[] = [];
  private text = '';
  private inTitle = false;
  private hits: ItemHits = new Map();
  private titleStarts: TitleStarts = new Map();
  private titleTopics: TitleTopics = new Set();
  /** Where the current token ends: a phrase ending at it ends there. */
  private wordEnd = 0;
  /** Where each token of the current field starts, so a phrase knows where it began. */
  private readonly tokenStarts: number[] = [];
  private sentence = -1;
  private token = 0;

  constructor(private readonly compiled: CompiledClaims) {}

  scan(
    text: string,
    inTitle: boolean,
    hits: ItemHits,
    titleStarts: TitleStarts,
    titleTopics: TitleTopics,
  ): void {
    this.text = text;
    this.inTitle = inTitle;
    this.hits = hits;
    this.titleStarts = titleStarts;
    this.titleTopics = titleTopics;
    this.tokenStarts.length = 0;
    this.sentence = -1;
    this.token = 0;
    this.negationEnds.length = 0;
    this.compiled.phrases.reset();
    const { hasCjk } = forEachWord(text, this.onWord);
    if (hasCjk && !this.compiled.substrings.isEmpty) this.compiled.substrings.search(text, this.onSubstring);
  }

  private readonly onWord = (start: number, end: number, sentence: number): void => {
    if (sentence !== this.sentence) {
      this.sentence = sentence;
      this.compiled.phrases.reset();
      this.negationEnds.length = 0;
    }
    this.tokenStarts[this.token] = start;
    this.wordEnd = end;
    const count = this.compiled.words.lookup(this.text, start, end, this.ids);
    this.compiled.phrases.step(this.ids, count, this.token, this.onPhrase);
    this.token++;
  };

  private readonly onPhrase = (term: number, firstToken: number): void => {
    const info = this.compiled.terms[term];
    if (!info) return;
    if (info.special === 'negation') {
      this.negationEnds.push(this.token);
      return;
    }
    if (info.special === 'not-negation') {
      // "not only": the "not" that ended at this phrase's first token negates nothing.
      const at = this.negationEnds.lastIndexOf(firstToken);
      if (at !== -1) this.negationEnds.splice(at, 1);
      return;
    }
    const start = this.tokenStarts[firstToken] ?? 0;
    this.record(term, info, info.isSignal && this.isNegatedAt(firstToken), start, this.wordEnd);
  };

  private readonly onSubstring = (term: number, start: number, end: number): void => {
    const info = this.compiled.terms[term];
    if (!info) return;
    this.record(term, info, info.isHanSignal && isChineseNegated(this.text, start), start, end);
  };

  private isNegatedAt(firstToken: number): boolean {
    for (const end of this.negationEnds) {
      if (end < firstToken && firstToken - end - 1 <= NEGATION_WINDOW_TOKENS) return true;
    }
    return false;
  }

  private record(term: number, info: TermInfo, negated: boolean, start: number, end: number): void {
    if (this.inTitle) {
      const known = this.titleStarts.get(term);
      if (known === undefined || start < known) this.titleStarts.set(term, start);
      if (info.isSubject && !this.titleTopics.has(term) && !isTimeReference(this.text, start, end)) {
        this.titleTopics.add(term);
      }
    }
    this.hits.set(term, (this.hits.get(term) ?? 0) | hitFlags(this.inTitle, negated));
  }
}
