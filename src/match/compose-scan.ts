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
  CLAUSE_PUNCTUATION_CHARS,
  type ClauseRole,
  STRONG_PUNCTUATION_CHARS,
} from './compose-terms.js';
import { lemmaForms } from './lemma.js';
import { isTimeReference } from './time-reference.js';
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
  /** A mover that only dates the story ("after export curbs", time-reference.ts): it takes no change word. */
  dated: boolean;
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

/** An event whose clause, sentence and segment assignClauses fills in once the field is read. */
function newEvent(
  term: number,
  first: number,
  last: number,
  start: number,
  end: number,
  latin: boolean,
): ComposeEvent {
  return { term, first, last, start, end, latin, clause: 0, sentence: 0, segment: 0, dated: false };
}

interface Boundary {
  at: number;
  role: ClauseRole;
  newSentence: boolean;
  /** Ends a segment: no mover is borrowed across it. */
  strong: boolean;
}

const TOKEN_CACHE_LIMIT = 50_000;

const CHINESE_NUMBER_RE = new RegExp(`([${Object.keys(CHINESE_NUMBER_CHANGES).join('')}])(?=\\d)`, 'g');

const SENTENCE_END_CHARS = ['!', '?', '。', '！', '？', '…'];

function hasHanText(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isHan(text.charCodeAt(i))) return true;
  return false;
}

function isLatinLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}

/** Per character code: 0 none, 1 sentence end, 2 strong (statement) end, 3 clause end. */
const PUNCTUATION_KIND = buildPunctuationKinds();

function buildPunctuationKinds(): Map<number, number> {
  const kinds = new Map<number, number>();
  for (const ch of SENTENCE_END_CHARS) kinds.set(ch.charCodeAt(0), 1);
  for (const ch of STRONG_PUNCTUATION_CHARS) kinds.set(ch.charCodeAt(0), 2);
  for (const ch of CLAUSE_PUNCTUATION_CHARS) kinds.set(ch.charCodeAt(0), 3);
  return kinds;
}

function isSpaceCode(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

// One pass over the characters with integer tests: this runs on every on-topic item's title and summary.
function punctuationBoundaries(text: string): Boundary[] {
  const boundaries: Boundary[] = [];
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === 46 /* . */) {
      if (i + 1 === length || isSpaceCode(text.charCodeAt(i + 1))) {
        boundaries.push({ at: i + 1, role: 'main', newSentence: true, strong: true });
      }
      continue;
    }
    if (code === 45 /* - */) {
      if (text.charCodeAt(i - 1) === 32 && text.charCodeAt(i + 1) === 32) {
        boundaries.push({ at: i + 1, role: 'main', newSentence: false, strong: true });
      }
      continue;
    }
    if (code === 32) {
      // Headline parts: "稀土出口大增 创半年新高" are two statements.
      if (isHan(text.charCodeAt(i + 1)) && !isLatinLetter(text.charCodeAt(i - 1))) {
        boundaries.push({ at: i + 1, role: 'main', newSentence: false, strong: false });
      }
      continue;
    }
    const kind = code < 33 || (code > 126 && code < 0x2000) ? undefined : PUNCTUATION_KIND.get(code);
    if (kind === undefined) continue;
    boundaries.push({ at: i + 1, role: 'main', newSentence: kind === 1, strong: kind !== 3 });
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
  /** Word-pattern ids per token (its surface form and its lemmas), computed once per distinct token. */
  private readonly idsByToken = new Map<string, number[]>();

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
        field.events.push(
          newEvent(term, firstToken, token, field.tokenStarts[firstToken] as number, end, true),
        );
      });
    });
    if (hasCjk && !this.index.substrings.isEmpty) {
      this.index.substrings.search(text, (term, start, end) => {
        field.events.push(newEvent(term, start, end - 1, start, end, false));
      });
    }
    this.addNumberChanges(field);
    for (const event of field.events) {
      const term = this.index.terms[event.term];
      if (term?.kind === 'marker') {
        boundaries.push({ at: event.start, role: term.role, newSentence: false, strong: false });
      }
      // Once per event here, not once per claim that reads it (compose.ts).
      if (term?.kind === 'mover') event.dated = isTimeReference(text, event.start, event.end);
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
    for (const found of hasHanText(text) ? text.matchAll(CHINESE_NUMBER_RE) : []) {
      const start = found.index;
      const term =
        CHINESE_NUMBER_CHANGES[found[1] as string] === 1 ? this.index.numberUp : this.index.numberDown;
      field.events.push(newEvent(term, start, start, start, start + 1, false));
    }
    const word = (i: number) => text.slice(tokenStarts[i] ?? 0, tokenEnds[i] ?? 0);
    for (let i = 0; i + 1 < tokenStarts.length; i++) {
      const surface = word(i);
      if (surface !== 'up' && surface !== 'down') continue;
      const next = word(i + 1) === 'by' ? i + 2 : i + 1;
      if (!/^\d/.test(word(next))) continue;
      const term = surface === 'up' ? this.index.numberUp : this.index.numberDown;
      field.events.push(newEvent(term, i, i, tokenStarts[i] as number, tokenEnds[i] as number, true));
    }
  }

  /** Word-pattern ids of the token and of its lemmas, deduplicated, into this.ids; returns the count. */
  private lookupForms(token: string): number {
    let known = this.idsByToken.get(token);
    if (!known) {
      known = this.computeIds(token);
      // Bounded: a long-running daemon meets an open-ended vocabulary.
      if (this.idsByToken.size >= TOKEN_CACHE_LIMIT) this.idsByToken.clear();
      this.idsByToken.set(token, known);
    }
    for (let k = 0; k < known.length; k++) this.ids[k] = known[k] as number;
    return known.length;
  }

  private computeIds(token: string): number[] {
    const { words } = this.index;
    const ids = new Set<number>();
    for (const form of lemmaForms(token)) {
      const count = words.lookup(form, 0, form.length, this.scratch);
      for (let k = 0; k < count; k++) ids.add(this.scratch[k] as number);
    }
    return [...ids];
  }
}
