/**
 * The positional pass of composition over one normalized field (title or body) of an on-topic item:
 * where each mover, change word, negation and clause marker occurs, and which clause and sentence it is in.
 *
 * Clauses: a sentence end (`.` before a space, `!`, `?`, `。`…) starts a new sentence; clause punctuation
 * (`,` `;` `:` brackets, a spaced dash, their CJK forms) or a space before a Han character (headline
 * parts: "稀土出口大增 创半年新高", "输美减11% 对日反增35%") starts a new clause; a marker word starts a clause with its role
 * (background or contrast), or gives its role to the clause it opens.
 *
 * Positions: Latin events carry token indices and character offsets, CJK events character offsets only;
 * compose.ts counts CJK distances as two characters a word, so "nearest" means about the same in both.
 */
import { isHan } from './charclass.js';
import type { ComposeIndex } from './compose-index.js';
import {
  CHINESE_NUMBER_CHANGES,
  CLAUSE_PUNCTUATION,
  type ClauseRole,
  STRONG_PUNCTUATION,
} from './compose-terms.js';
import { lemmaForms } from './lemma.js';
import { forEachWord } from './tokenize.js';

export interface ComposeEvent {
  term: number;
  /** First and last token (Latin; CJK events use the character offsets below). */
  first: number;
  last: number;
  /** Character offsets in the field's text. */
  start: number;
  end: number;
  latin: boolean;
  clause: number;
  sentence: number;
  segment: number;
}

export interface Clause {
  role: ClauseRole;
  sentence: number;
  /** Clauses between strong boundaries (sentence ends, `;`, `:`, a spaced dash): a mover is borrowed within one. */
  segment: number;
}

export interface ScannedField {
  text: string;
  inTitle: boolean;
  events: ComposeEvent[];
  clauses: Clause[];
  /** Latin tokens: character [start, end) per token index, for reading numbers after "up"/"down". */
  tokenStarts: number[];
  tokenEnds: number[];
}

interface Boundary {
  at: number;
  role: ClauseRole;
  newSentence: boolean;
  /** Ends a segment: no mover is borrowed across it. */
  strong: boolean;
}

const CHINESE_NUMBER_RE = new RegExp(`([${Object.keys(CHINESE_NUMBER_CHANGES).join('')}])(?=\\d)`, 'g');

const SENTENCE_END_CHARS = new Set(['!', '?', '。', '！', '？', '…']);

function isLatinLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}

function punctuationBoundaries(text: string): Boundary[] {
  const boundaries: Boundary[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    const next = text.charAt(i + 1);
    if (SENTENCE_END_CHARS.has(ch) || (ch === '.' && (next === '' || /\s/.test(next)))) {
      boundaries.push({ at: i + 1, role: 'main', newSentence: true, strong: true });
    } else if (STRONG_PUNCTUATION.test(ch) || (ch === '-' && text.charAt(i - 1) === ' ' && next === ' ')) {
      boundaries.push({ at: i + 1, role: 'main', newSentence: false, strong: true });
    } else if (CLAUSE_PUNCTUATION.test(ch)) {
      boundaries.push({ at: i + 1, role: 'main', newSentence: false, strong: false });
    } else if (ch === ' ' && isHan(text.charCodeAt(i + 1)) && !isLatinLetter(text.charCodeAt(i - 1))) {
      // Headline parts: "稀土出口大增 创半年新高" are two statements.
      boundaries.push({ at: i + 1, role: 'main', newSentence: false, strong: true });
    }
  }
  return boundaries;
}

/** Whether only spaces and punctuation lie between `from` and `to`: a marker there opens that clause. */
function onlySeparators(text: string, from: number, to: number): boolean {
  return /^[\s\p{P}]*$/u.test(text.slice(from, to));
}

function assignClauses(field: ScannedField, boundaries: Boundary[]): void {
  boundaries.sort((a, b) => a.at - b.at || (a.role === 'main' ? -1 : 1));
  const merged: Boundary[] = [{ at: 0, role: 'main', newSentence: false, strong: false }];
  for (const boundary of boundaries) {
    const previous = merged[merged.length - 1] as Boundary;
    if (onlySeparators(field.text, previous.at, boundary.at)) {
      // A marker right after punctuation (", which had…") colours the clause the punctuation opened.
      if (boundary.role !== 'main') previous.role = boundary.role;
      previous.newSentence ||= boundary.newSentence;
      previous.strong ||= boundary.strong;
      continue;
    }
    merged.push({ ...boundary });
  }
  let sentence = 0;
  let segment = 0;
  for (const boundary of merged) {
    if (boundary.newSentence) sentence++;
    if (boundary.strong) segment++;
    field.clauses.push({ role: boundary.role, sentence, segment });
  }
  for (const event of field.events) {
    let lo = 0;
    let hi = merged.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((merged[mid] as Boundary).at <= event.start) lo = mid;
      else hi = mid - 1;
    }
    event.clause = lo;
    event.sentence = (field.clauses[lo] as Clause).sentence;
    event.segment = (field.clauses[lo] as Clause).segment;
  }
}

export class ComposeScanner {
  private readonly ids: number[] = [];
  private readonly scratch: number[] = [];

  constructor(private readonly index: ComposeIndex) {}

  scan(text: string, inTitle: boolean): ScannedField {
    const field: ScannedField = { text, inTitle, events: [], clauses: [], tokenStarts: [], tokenEnds: [] };
    const boundaries = punctuationBoundaries(text);
    const { phrases } = this.index;
    phrases.reset();
    let sentence = -1;
    const { hasCjk } = forEachWord(text, (start, end, wordSentence) => {
      if (wordSentence !== sentence) {
        sentence = wordSentence;
        phrases.reset();
      }
      const token = field.tokenStarts.length;
      field.tokenStarts.push(start);
      field.tokenEnds.push(end);
      const count = this.lookupForms(text.slice(start, end));
      phrases.step(this.ids, count, token, (term, firstToken) => {
        const event: ComposeEvent = {
          term,
          first: firstToken,
          last: token,
          start: field.tokenStarts[firstToken] as number,
          end,
          latin: true,
          clause: 0,
          sentence: 0,
          segment: 0,
        };
        field.events.push(event);
      });
    });
    if (hasCjk && !this.index.substrings.isEmpty) {
      this.index.substrings.search(text, (term, start, end) => {
        field.events.push({
          term,
          first: start,
          last: end - 1,
          start,
          end,
          latin: false,
          clause: 0,
          sentence: 0,
          segment: 0,
        });
      });
    }
    this.addNumberChanges(field);
    for (const event of field.events) {
      const term = this.index.terms[event.term];
      if (term?.kind === 'marker') {
        boundaries.push({ at: event.start, role: term.role, newSentence: false, strong: false });
      }
    }
    assignClauses(field, boundaries);
    return field;
  }

  /**
   * Numbers are changes too: "up"/"down" read as change words only before a number ("up 40%", "down by
   * 11%"), since alone they are mostly particles ("set up", "step down"). Verbs with numbers ("fell 38%")
   * are change words already. In Chinese, 增/减/升/降… right before a number are changes (输美减11%).
   */
  private addNumberChanges(field: ScannedField): void {
    const { text, tokenStarts, tokenEnds } = field;
    for (const found of text.matchAll(CHINESE_NUMBER_RE)) {
      const start = found.index;
      const sign = CHINESE_NUMBER_CHANGES[found[1] as string];
      field.events.push({
        term: sign === 1 ? this.index.numberUp : this.index.numberDown,
        first: start,
        last: start,
        start,
        end: start + 1,
        latin: false,
        clause: 0,
        sentence: 0,
        segment: 0,
      });
    }
    const word = (i: number) => text.slice(tokenStarts[i] ?? 0, tokenEnds[i] ?? 0);
    for (let i = 0; i + 1 < tokenStarts.length; i++) {
      const surface = word(i);
      if (surface !== 'up' && surface !== 'down') continue;
      const next = word(i + 1) === 'by' ? i + 2 : i + 1;
      if (!/^\d/.test(word(next))) continue;
      field.events.push({
        term: surface === 'up' ? this.index.numberUp : this.index.numberDown,
        first: i,
        last: i,
        start: tokenStarts[i] as number,
        end: tokenEnds[i] as number,
        latin: true,
        clause: 0,
        sentence: 0,
        segment: 0,
      });
    }
  }

  /** Word-pattern ids of the token and of its lemmas, deduplicated, into this.ids; returns the count. */
  private lookupForms(token: string): number {
    const { words } = this.index;
    const forms = lemmaForms(token);
    let count = words.lookup(token, 0, token.length, this.ids);
    for (let f = 1; f < forms.length; f++) {
      const form = forms[f] as string;
      const extra = words.lookup(form, 0, form.length, this.scratch);
      for (let k = 0; k < extra; k++) {
        const id = this.scratch[k] as number;
        if (!this.ids.slice(0, count).includes(id)) this.ids[count++] = id;
      }
    }
    return count;
  }
}
