/**
 * What the matcher takes and gives. A claim's matching spec is the subset of its config that matching needs;
 * a match explains itself with the terms that hit.
 */

export type SignalKind = 'progress' | 'setback' | 'confirms' | 'refutes';
export type Direction = SignalKind | 'neutral';

export interface ClaimMatchSpec {
  id: string;
  /** AND of ORs: the item is about the claim when every group has a hit. */
  topic: string[][];
  /** Other topics the item may be about instead (each an AND of ORs, like `topic`). */
  also_about?: string[][][] | undefined;
  /** Any hit drops the item for this claim. */
  exclude: string[];
  signals: Record<SignalKind, string[]>;
  /** Other parties: a clause naming one ("exports to Japan rose") counts a quarter in composition. */
  elsewhere?: string[] | undefined;
  /** What the claim is about moving; a change word in the same clause gives the direction. */
  movers?: { more_is_progress: string[]; more_is_setback: string[] } | undefined;
}

/** The change words of config/lexicon.yaml: `up` = more of a mover, `down` = less. */
export interface LexiconSpec {
  up: string[];
  down: string[];
  /** Less restriction whatever the mover (放宽): always progress. */
  loosen: string[];
  /** More restriction whatever the mover (收紧): always setback. */
  tighten: string[];
}

/** The text of one item, as published: HTML and entities are fine, the matcher normalizes. */
export interface MatchInput {
  title?: string | undefined;
  /** Summary and/or content. */
  body?: string | undefined;
}

export interface ClaimMatch {
  claim: string;
  direction: Direction;
  /** Orders and explains matches; it does not weigh evidence. Higher is stronger. */
  score: number;
  /** The configured terms that hit, topic terms first, then the signal terms of the chosen direction. */
  terms: string[];
  /** Signal terms that hit but were negated just before ("no sign of shipments resuming"). */
  negated: string[];
}

export interface Matcher {
  /** One pass over the item's text; the cost does not grow with the number of claims. */
  match(input: MatchInput): ClaimMatch[];
}
