/**
 * Lemmas of an English token, so a change word written once in the lexicon ("rise", "defer", "halve")
 * finds every inflected form (rose, risen, rising, deferred, halving). wink-lemmatizer does the work
 * (WordNet's exception lists plus its detachment rules): chosen over compromise and wink-nlp because it
 * got every form of our 113-form check right at under 1 µs a token (docs/benchmarks.md, "Lemmatizer").
 *
 * `lemmaForms(token)` returns the token itself first, then its distinct verb, noun and adjective lemmas.
 * Results are cached per token (bounded): news vocabulary repeats.
 */
import lemmatizer from 'wink-lemmatizer';

const CACHE_LIMIT = 50_000;
const cache = new Map<string, readonly string[]>();

function compute(token: string): readonly string[] {
  // Digits and one-letter tokens have no inflection worth looking up.
  if (token.length < 3 || /\d/.test(token)) return [token];
  const forms = new Set<string>([token]);
  forms.add(lemmatizer.lemmatizeVerb(token));
  forms.add(lemmatizer.lemmatizeNoun(token));
  forms.add(lemmatizer.lemmatizeAdjective(token));
  return [...forms];
}

export function lemmaForms(token: string): readonly string[] {
  const known = cache.get(token);
  if (known) return known;
  const forms = compute(token);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(token, forms);
  return forms;
}
