/**
 * OpenCC's converters, built only from the dictionary entries that can apply to a given set of characters.
 *
 * opencc-js builds a Map-per-node trie from every entry of its dictionaries: the four converters chinese.ts
 * needs hold ~110 MB of heap, and a daemon that allocated them once at start keeps V8's heap limit (and
 * so its resident memory) high long after they are dropped. Claim terms use a few dozen characters, and an
 * entry whose key contains any other character can never match them, so leaving it out changes nothing.
 *
 * The character set is closed over the conversion: a kept entry's replacement characters may be matched by
 * the next step of a chain, so they join the set and the dictionaries are filtered again until it stops
 * growing. Every intermediate text is then made of characters in the set, and every entry that could match
 * one is kept: the result equals the full converter's (test/match/opencc-subset.test.ts compares them).
 *
 * `subsetConverter` repeats opencc-js's own `Converter` (its configs: normalization chain, segmentation,
 * conversion chain; or the from/to dictionary groups) with opencc-js's Trie and ConverterFactory, since the
 * package does not export the builder that takes a preset.
 */
import * as OpenCC from 'opencc-js';

type Convert = (text: string) => string;
/**
 * A dictionary as opencc-js's preset ships it: 'key value|key value…'. (opencc-js also accepts lists of
 * [key, value] pairs, but its preset has none, and a pair would look like a group of two dictionaries.)
 */
type Dict = string;

interface ConfigEntry {
  normalizationChain?: unknown[];
  segmentation?: unknown;
  conversionChain: unknown[];
}

interface Preset {
  from: Record<string, unknown>;
  to: Record<string, unknown>;
  configs?: Record<string, ConfigEntry>;
}

function codePoints(text: string): number[] {
  const points: number[] = [];
  for (const char of text) points.push(char.codePointAt(0) as number);
  return points;
}

/** Every dictionary in a preset once, wherever it sits in the nesting (groups, chains, configs). */
function collectDicts(value: unknown, into: Set<Dict>): Set<Dict> {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const part of value) collectDicts(part, into);
  else if (value && typeof value === 'object')
    for (const part of Object.values(value)) collectDicts(part, into);
  return into;
}

/** Whether text[from, to) is made only of characters in `chars`. */
function within(chars: ReadonlySet<number>, text: string, from = 0, to = text.length): boolean {
  for (let i = from; i < to; ) {
    const point = text.codePointAt(i) as number;
    if (!chars.has(point)) return false;
    i += point > 0xffff ? 2 : 1;
  }
  return true;
}

/**
 * Calls `visit(keyEnd, valueEnd)` for each 'key value' entry of a string dictionary starting at `start`,
 * without slicing the (megabyte) string.
 */
function scanEntries(dict: string, visit: (start: number, keyEnd: number, end: number) => void): void {
  for (let start = 0; start < dict.length; ) {
    const bar = dict.indexOf('|', start);
    const end = bar < 0 ? dict.length : bar;
    const space = dict.indexOf(' ', start);
    visit(start, space < 0 || space > end ? end : space, end);
    start = end + 1;
  }
}

/** Adds the characters of text[from, to) to `chars`; returns whether any was new. */
function addChars(chars: Set<number>, text: string, from: number, to: number): boolean {
  let grew = false;
  for (let i = from; i < to; ) {
    const point = text.codePointAt(i) as number;
    i += point > 0xffff ? 2 : 1;
    if (point === 32 || chars.has(point)) continue;
    chars.add(point);
    grew = true;
  }
  return grew;
}

/** The characters that text made of `seed` can contain at any step of any conversion in the preset. */
function closeOver(seed: Iterable<number>, dicts: ReadonlySet<Dict>): Set<number> {
  const chars = new Set(seed);
  for (let grew = true; grew; ) {
    grew = false;
    for (const dict of dicts) {
      scanEntries(dict, (start, keyEnd, end) => {
        if (within(chars, dict, start, keyEnd) && addChars(chars, dict, keyEnd, end)) grew = true;
      });
    }
  }
  return chars;
}

/**
 * The entries whose key is made of `chars`. opencc-js refuses an empty dictionary, so one that would be
 * empty keeps its first entry: it cannot match (its key has another character), so it changes nothing.
 */
function filterDict(dict: Dict, chars: ReadonlySet<number>): Dict {
  const kept: string[] = [];
  let first = '';
  scanEntries(dict, (start, keyEnd, end) => {
    if (start === 0) first = dict.slice(start, end);
    if (within(chars, dict, start, keyEnd)) kept.push(dict.slice(start, end));
  });
  return kept.length > 0 ? kept.join('|') : first;
}

/** The same nesting as `value`, every dictionary in it filtered (each distinct one once: they are shared). */
function filterTree(value: unknown, chars: ReadonlySet<number>, done = new Map<Dict, Dict>()): unknown {
  if (typeof value === 'string') {
    let filtered = done.get(value);
    if (filtered === undefined) {
      filtered = filterDict(value, chars);
      done.set(value, filtered);
    }
    return filtered;
  }
  if (Array.isArray(value)) return value.map((part) => filterTree(part, chars, done));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([name, part]) => [name, filterTree(part, chars, done)]),
    );
  }
  return value;
}

/** OpenCC's locale preset with only the entries that can apply to text made of `seedText`'s characters. */
export function subsetPreset(seedText: string): Preset {
  const preset = OpenCC.Locale as unknown as Preset;
  const chars = closeOver(codePoints(seedText), collectDicts(preset, new Set()));
  return filterTree(preset, chars) as Preset;
}

function configName(from: string, to: string): string {
  if (from === 'cn') return `s2${to}`;
  if (to === 'cn') return from === 'hkp' ? 'hk2sp' : from === 'twp' ? 'tw2sp' : `${from}2s`;
  return `${from}2${to}`;
}

function trieOf(dictOrGroup: unknown): OpenCC.Trie {
  const trie = new OpenCC.Trie();
  if (Array.isArray(dictOrGroup) && dictOrGroup.every((dict) => typeof dict === 'string')) {
    trie.loadDictGroup(dictOrGroup as string[]);
  } else trie.loadDict(dictOrGroup as Dict);
  return trie;
}

function groupsOf(side: unknown): unknown[] {
  return Array.isArray(side) && Array.isArray(side[0]) ? side : [side];
}

type FactoryArgument = Parameters<typeof OpenCC.ConverterFactory>[0];

/** opencc-js's `Converter({ from, to })`, over `preset` instead of the full one. */
export function subsetConverter(preset: Preset, from: string, to: string): Convert {
  const config = preset.configs?.[configName(from, to)];
  if (!config) {
    const groups = [
      from === 't' ? [] : groupsOf(preset.from[from]),
      to === 't' ? [] : groupsOf(preset.to[to]),
    ];
    return OpenCC.ConverterFactory(...(groups.flat() as FactoryArgument[]));
  }
  const segmenter = config.segmentation ? trieOf(config.segmentation) : undefined;
  const chain = config.conversionChain.map((group) => {
    const trie = new OpenCC.Trie();
    trie.loadDictGroup(group as string[]);
    return trie;
  });
  const convert: Convert = (text) => {
    const segments = segmenter ? segmenter.segment(text) : [text];
    return chain
      .reduce((parts: string[], trie) => parts.map((part) => trie.convert(part)), segments)
      .join('');
  };
  if (!config.normalizationChain) return convert;
  const normalize = OpenCC.ConverterFactory(...(config.normalizationChain as FactoryArgument[]));
  return (text) => convert(normalize(text));
}
