/**
 * The compiled vocabulary of composition (DESIGN.md "Claims and statuses", composed direction), kept apart
 * from the topic/signal tries so the first pass over every item costs what it did before: composition
 * only ever looks at items that are already on topic.
 *
 * One term table for movers (per claim: more is progress or setback), change words (up or down), the
 * negation phrases and the clause markers. Latin terms go into a word trie + phrase trie that the scanner
 * feeds with each token's lemmas as well as its surface form, so the lexicon's "rise" finds "rose";
 * CJK terms (with their Simplified/Traditional variants) go into one Aho–Corasick automaton.
 */
import { PolicyWatchError } from '../errors.js';
import { AhoCorasick } from './aho-corasick.js';
import { scriptVariants } from './chinese.js';
import {
  BACKGROUND_MARKERS,
  CHINESE_BACKGROUND_MARKERS,
  CHINESE_CONTRAST_MARKERS,
  CLAUSE_JOINERS,
  type ClauseRole,
  CONTRAST_MARKERS,
  INTENT_LEMMAS,
  MODIFIER_LEMMAS,
  NOT_CHANGES,
} from './compose-terms.js';
import { ENGLISH_NEGATIONS } from './negation.js';
import { PhraseTrie } from './phrase-trie.js';
import { parseTerm } from './term.js';
import type { ClaimMatchSpec, LexiconSpec } from './types.js';
import { WordTrie } from './word-trie.js';

/** +1: more of it (a mover the claim wants more of, an "up" word); -1: less. */
export type Sign = 1 | -1;

export interface MoverUse {
  claim: string;
  sign: Sign;
  label: string;
}

export type ComposeTerm =
  | { kind: 'mover'; uses: MoverUse[] }
  | {
      kind: 'change';
      sign: Sign;
      label: string;
      /** "new", "more": weak right before a mover (compose-terms.ts MODIFIER_LEMMAS). */
      modifier: boolean;
      /** "plan", "threaten": always weak (compose-terms.ts INTENT_LEMMAS). */
      intent: boolean;
      /** loosen (+1) / tighten (-1): the vote whatever the mover's sign. */
      absolute?: Sign;
    }
  | { kind: 'negation' }
  | { kind: 'marker'; role: ClauseRole }
  | { kind: 'not-change' }
  | { kind: 'elsewhere'; claims: Set<string> };

export interface ComposeIndex {
  terms: ComposeTerm[];
  words: WordTrie;
  phrases: PhraseTrie;
  substrings: AhoCorasick;
  /** Claims that have movers: only they are composed. */
  claims: ReadonlySet<string>;
  /** Change terms for a number read as change: "up 40%", "down by 11%" (compose-scan.ts). */
  numberUp: number;
  numberDown: number;
}

class IndexBuilder {
  readonly index: ComposeIndex = {
    terms: [],
    words: new WordTrie(),
    phrases: new PhraseTrie(),
    substrings: new AhoCorasick(),
    claims: new Set(),
    numberUp: -1,
    numberDown: -1,
  };
  private readonly idsByKey = new Map<string, number>();

  /**
   * The term id for `text`, or undefined when the text is no valid term (the config schema checked it).
   * The same text of the same kind is one term: a mover's uses and an elsewhere term's claims merge.
   */
  add(text: string, term: ComposeTerm): number | undefined {
    const parsed = parseTerm(text);
    if ('error' in parsed) return undefined;
    const variants = parsed.script === 'cjk' ? scriptVariants(parsed.text) : [];
    const key = parsed.script === 'cjk' ? `cjk:${[...variants].sort().join('|')}` : parsed.key;
    const fullKey = `${term.kind}:${key}`;
    const known = this.idsByKey.get(fullKey);
    if (known !== undefined) {
      const existing = this.index.terms[known];
      if (existing?.kind === 'mover' && term.kind === 'mover') existing.uses.push(...term.uses);
      if (existing?.kind === 'elsewhere' && term.kind === 'elsewhere')
        for (const c of term.claims) existing.claims.add(c);
      return known;
    }
    const id = this.index.terms.length;
    this.idsByKey.set(fullKey, id);
    this.index.terms.push(term);
    if (parsed.script === 'latin') {
      this.index.phrases.add(
        parsed.words.map((word) => this.index.words.add(word)),
        id,
      );
    } else {
      for (const variant of variants) this.index.substrings.add(variant, id);
    }
    return id;
  }
}

function addMovers(builder: IndexBuilder, spec: ClaimMatchSpec): void {
  const movers = spec.movers;
  if (!movers) return;
  const lists: Array<[string[], Sign, string]> = [
    [movers.more_is_progress, 1, 'more_is_progress'],
    [movers.more_is_setback, -1, 'more_is_setback'],
  ];
  for (const [labels, sign, path] of lists) {
    for (const [i, label] of labels.entries()) {
      const id = builder.add(label, { kind: 'mover', uses: [{ claim: spec.id, sign, label }] });
      if (id === undefined) {
        throw new PolicyWatchError(
          'CONFIG_INVALID',
          `claim ${spec.id}: movers.${path}[${i}]: "${label}" is not a valid term`,
          {
            claimId: spec.id,
          },
        );
      }
      (builder.index.claims as Set<string>).add(spec.id);
    }
  }
}

function addElsewhere(builder: IndexBuilder, spec: ClaimMatchSpec): void {
  for (const label of spec.elsewhere ?? [])
    builder.add(label, { kind: 'elsewhere', claims: new Set([spec.id]) });
}

export function buildComposeIndex(claims: readonly ClaimMatchSpec[], lexicon: LexiconSpec): ComposeIndex {
  const builder = new IndexBuilder();
  for (const spec of claims) {
    addMovers(builder, spec);
    addElsewhere(builder, spec);
  }
  const lists: Array<[string[], Sign, Sign | undefined]> = [
    [lexicon.up, 1, undefined],
    [lexicon.down, -1, undefined],
    [lexicon.loosen, -1, 1],
    [lexicon.tighten, 1, -1],
  ];
  for (const [words, sign, absolute] of lists) {
    for (const word of words) {
      const label = word.trim();
      const lower = label.toLowerCase();
      builder.add(label, {
        kind: 'change',
        sign,
        label,
        modifier: MODIFIER_LEMMAS.has(lower),
        intent: INTENT_LEMMAS.has(lower),
        ...(absolute === undefined ? {} : { absolute }),
      });
    }
  }
  // Chinese negation is read from the characters before a change word (isChineseNegated), not indexed.
  for (const phrase of ENGLISH_NEGATIONS) builder.add(phrase, { kind: 'negation' });
  for (const marker of [...BACKGROUND_MARKERS, ...CHINESE_BACKGROUND_MARKERS]) {
    builder.add(marker, { kind: 'marker', role: 'background' });
  }
  for (const marker of [...CONTRAST_MARKERS, ...CHINESE_CONTRAST_MARKERS]) {
    builder.add(marker, { kind: 'marker', role: 'contrast' });
  }
  for (const joiner of CLAUSE_JOINERS) builder.add(joiner, { kind: 'marker', role: 'main' });
  for (const phrase of NOT_CHANGES) builder.add(phrase, { kind: 'not-change' });
  const { index } = builder;
  const number = (sign: Sign, label: string): ComposeTerm => ({
    kind: 'change',
    sign,
    label,
    modifier: false,
    intent: false,
  });
  index.numberUp = index.terms.push(number(1, 'up N%')) - 1;
  index.numberDown = index.terms.push(number(-1, 'down N%')) - 1;
  index.substrings.build();
  return index;
}

/** Every term composition compiles, for the Chinese converters to be prepared once (chinese.ts). */
export function composeTerms(claims: readonly ClaimMatchSpec[], lexicon: LexiconSpec): string[] {
  return [
    ...claims.flatMap((spec) => [
      ...(spec.movers?.more_is_progress ?? []),
      ...(spec.movers?.more_is_setback ?? []),
      ...(spec.elsewhere ?? []),
    ]),
    ...lexicon.up,
    ...lexicon.down,
    ...lexicon.loosen,
    ...lexicon.tighten,
    ...CHINESE_BACKGROUND_MARKERS,
    ...CHINESE_CONTRAST_MARKERS,
  ];
}
