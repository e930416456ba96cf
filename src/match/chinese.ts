/**
 * Script variants of a Chinese term, so a term written in either script matches Simplified text (mainland
 * outlets) and Traditional text (Taiwan and Hong Kong outlets, which also differ from each other: 關稅 in
 * Taiwan, 關税 in Hong Kong). The expansion happens once at compile time; item text is never converted.
 *
 * variants(term) = {term} ∪ toSimplified(term) ∪ {cn→t, cn→tw, cn→hk}(each Simplified form), deduped.
 * A term without Han characters (Kana, Hangul only) is returned as is.
 *
 * The converters are opencc-js's, built from only the dictionary entries the claim set's characters can
 * use (opencc-subset.ts): the full ones cost ~110 MB of heap and ~0.8 s at every start.
 */
import { isHan } from './charclass.js';
import { subsetConverter, subsetPreset } from './opencc-subset.js';

type Convert = (text: string) => string;

interface Converters {
  /** The characters the converters were built for; a term with any other character rebuilds them. */
  text: string;
  toSimplified: Convert[];
  toTraditional: Convert[];
}

let converters: Converters | undefined;

/** Converters for text made of `text`'s characters: only their dictionary entries (opencc-subset.ts). */
function buildConverters(text: string): Converters {
  const preset = subsetPreset(text);
  return {
    text,
    toSimplified: [subsetConverter(preset, 't', 'cn')],
    toTraditional: [
      subsetConverter(preset, 'cn', 't'),
      subsetConverter(preset, 'cn', 'tw'),
      subsetConverter(preset, 'cn', 'hk'),
    ],
  };
}

function convertersFor(term: string): Converters {
  if (converters && [...term].every((char) => converters?.text.includes(char))) return converters;
  converters = buildConverters(`${converters?.text ?? ''}${term}`);
  return converters;
}

/**
 * Builds the converters once for all of these terms (compileMatcher passes every term of the claim set),
 * instead of once per term whose characters the previous build did not cover.
 */
export function prepareConverters(terms: readonly string[]): void {
  const text = terms.filter(hasHan).join('');
  if (text.length > 0) converters = buildConverters(text);
}

/** Drops the converters once a matcher is compiled: a daemon compiles once, at start. */
export function releaseConverters(): void {
  converters = undefined;
}

function hasHan(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isHan(text.charCodeAt(i))) return true;
  return false;
}

/** The term in every script form it is written in; the original first. */
export function scriptVariants(term: string): string[] {
  if (!hasHan(term)) return [term];
  const { toSimplified, toTraditional } = convertersFor(term);
  const forms = new Set<string>([term]);
  const simplified = new Set<string>([term, ...toSimplified.map((convert) => convert(term))]);
  for (const form of simplified) {
    forms.add(form);
    for (const convert of toTraditional) forms.add(convert(form));
  }
  return [...forms];
}
