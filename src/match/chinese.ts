/**
 * Script variants of a Chinese term, so a term written in either script matches Simplified text (mainland
 * outlets) and Traditional text (Taiwan and Hong Kong outlets, which also differ from each other: 關稅 in
 * Taiwan, 關税 in Hong Kong). The expansion happens once at compile time; item text is never converted.
 *
 * variants(term) = {term} ∪ toSimplified(term) ∪ {cn→t, cn→tw, cn→hk}(each Simplified form), deduped.
 * A term without Han characters (Kana, Hangul only) is returned as is.
 *
 * opencc-js ships its own types and an ESM build; building its converters loads dictionaries (~0.4 s), so
 * they are made on first use and only when a claim set has a Chinese term.
 */
import * as OpenCC from 'opencc-js';
import { isHan } from './charclass.js';

type Convert = (text: string) => string;

interface Converters {
  toSimplified: Convert[];
  toTraditional: Convert[];
}

let converters: Converters | undefined;

function getConverters(): Converters {
  converters ??= {
    toSimplified: [OpenCC.Converter({ from: 't', to: 'cn' })],
    toTraditional: [
      OpenCC.Converter({ from: 'cn', to: 't' }),
      OpenCC.Converter({ from: 'cn', to: 'tw' }),
      OpenCC.Converter({ from: 'cn', to: 'hk' }),
    ],
  };
  return converters;
}

/**
 * Drops the converters (their dictionary tries hold ~100 MB) once a matcher is compiled: a daemon compiles
 * once at start, and keeping them would only raise its resident memory for good.
 */
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
  const { toSimplified, toTraditional } = getConverters();
  const forms = new Set<string>([term]);
  const simplified = new Set<string>([term, ...toSimplified.map((convert) => convert(term))]);
  for (const form of simplified) {
    forms.add(form);
    for (const convert of toTraditional) forms.add(convert(form));
  }
  return [...forms];
}
