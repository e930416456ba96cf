/**
 * Lemmas of an English token, so a change word written once in the lexicon ("rise", "defer", "halve")
 * finds every inflected form (rose, risen, rising, deferred, halving). wink-lemmatizer does the work
 * (WordNet's exception lists plus its detachment rules): chosen over compromise and wink-nlp because it
 * got every form of our 113-form check right at under 1 µs a token (docs/benchmarks.md, "Lemmatizer").
 *
 * `lemmaForms(token)` returns the token itself first, then its distinct verb, noun and adjective lemmas.
 * The library is loaded on the first call, not at import: its word lists take ~0.3 s and ~30 MB to load,
 * which every CLI command would otherwise pay, and only composition (on-topic items) needs them. Callers
 * cache per token (compose-scan.ts).
 */
import { createRequire } from 'node:module';
import type winkLemmatizer from 'wink-lemmatizer';

let lemmatizer: typeof winkLemmatizer | undefined;

function load(): typeof winkLemmatizer {
  lemmatizer ??= createRequire(import.meta.url)('wink-lemmatizer') as typeof winkLemmatizer;
  return lemmatizer;
}

export function lemmaForms(token: string): readonly string[] {
  // Digits and one-letter tokens have no inflection worth looking up.
  if (token.length < 3 || /\d/.test(token)) return [token];
  const { lemmatizeVerb, lemmatizeNoun, lemmatizeAdjective } = load();
  return [...new Set([token, lemmatizeVerb(token), lemmatizeNoun(token), lemmatizeAdjective(token)])];
}
