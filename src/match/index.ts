/**
 * The claim matcher's public surface: compile the claims once (`compileMatcher`), then match each item;
 * `validateTerm` lets the config validator reject a term the matcher could not compile; `normalizeText` is
 * the normalization both sides go through, for tools that want to show what was matched.
 */
export { compileMatcher, EMPTY_LEXICON } from './compile.js';
export { MAX_BODY_CHARS, MAX_TITLE_CHARS, normalizeText } from './normalize.js';
export { validateTerm } from './term.js';
export type {
  ClaimMatch,
  ClaimMatchSpec,
  Direction,
  LexiconSpec,
  Matcher,
  MatchInput,
  SignalKind,
} from './types.js';
export { LEAD_POINTS, SIGNAL_POINTS, SUBJECT_POINTS, TITLE_FACTOR, TOPIC_POINTS } from './verdict.js';
