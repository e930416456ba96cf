/**
 * The compiled form of a claim set, shared by the scanner (scan.ts) and the verdict (verdict.ts).
 *
 * Terms are deduplicated across claims by their normalized form: "rare earth*" in five claims is one term
 * with five entries. A term's entries say which claim uses it and how (topic group, exclude, signal kind)
 * and keep the configured spelling, which is what a match reports. Negation phrases live in the same
 * tries as terms, marked by `special`, so they cost nothing extra to find.
 */
import type { AhoCorasick } from './aho-corasick.js';
import type { PhraseTrie } from './phrase-trie.js';
import type { SignalKind } from './types.js';
import type { WordTrie } from './word-trie.js';

export const SIGNAL_KINDS: readonly SignalKind[] = ['progress', 'setback', 'confirms', 'refutes'];

export type TermRole =
  | { role: 'topic'; group: number }
  | { role: 'exclude' }
  | { role: 'signal'; kind: SignalKind };

export interface TermEntry {
  /** Index into CompiledClaims.claims. */
  claim: number;
  use: TermRole;
  /** The term as configured: what `terms` and `negated` report. */
  label: string;
  /** Position in the claim's config (topic groups, exclude, then signals), for a stable report order. */
  order: number;
}

export interface TermInfo {
  script: 'latin' | 'cjk';
  /** 'negation' and 'not-negation' mark the built-in English negation phrases (negation.ts). */
  special: 'none' | 'negation' | 'not-negation';
  /** True when some entry uses the term as a signal: only then is negation worth checking. */
  isSignal: boolean;
  /** True for a CJK term starting with a Han character: Chinese negation applies. */
  isHanSignal: boolean;
  /** True when some claim names its subject with it (topic group 0): only then may it date a headline. */
  isSubject: boolean;
  entries: TermEntry[];
}

export interface ClaimInfo {
  id: string;
  groupCount: number;
}

export interface CompiledClaims {
  claims: ClaimInfo[];
  terms: TermInfo[];
  words: WordTrie;
  phrases: PhraseTrie;
  substrings: AhoCorasick;
}

/** Per-item flags of a term, OR-ed over its occurrences. */
export const HIT_TITLE = 1;
/** An occurrence that was not negated. */
export const HIT_PLAIN = 2;
/** A non-negated occurrence in the title. */
export const HIT_PLAIN_TITLE = 4;
export const HIT_NEGATED = 8;

/** The flags of one occurrence: where it is, and whether a negation cancels it. */
export function hitFlags(inTitle: boolean, negated: boolean): number {
  if (negated) return inTitle ? HIT_TITLE | HIT_NEGATED : HIT_NEGATED;
  return inTitle ? HIT_TITLE | HIT_PLAIN | HIT_PLAIN_TITLE : HIT_PLAIN;
}

/** term id → HIT_* flags, for the terms that occur in one item. */
export type ItemHits = Map<number, number>;

/** term id → where the term first occurs in the title (UTF-16 index): which subject the headline leads with. */
export type TitleStarts = Map<number, number>;

/**
 * The subject terms the title names as what it is about: at least one occurrence that does not only date
 * the story ("after the Trump–Xi meeting", 习特会前夕: time-reference.ts).
 */
export type TitleTopics = Set<number>;
