/**
 * Matcher benchmark (`npm run bench:match`): prints figures, asserts nothing. One process, one thread, so
 * every rate is per core.
 *
 * (a) parse + normalize: RSS 2.0 documents built from the corpus, through parseFeed (src/feeds) and then
 *     normalizeText on each item's title and summary; MB/s of XML. Target ≥ 10 MB/s.
 * (b) match with the default claims and lexicon (composition included): items/s and MB/s of raw title +
 *     summary, and how many items composition ran on. Target ≥ 50,000 items/s.
 * (c) match with 100 claims (the defaults plus synthetic ones with movers); cost ratio (c)/(b). Target ≤ 1.5×.
 *
 * The first compile includes loading the opencc dictionaries (once per process, for Chinese terms).
 */
import path from 'node:path';
import { compileMatcher } from '../../src/match/index.js';
import type { ClaimMatchSpec, LexiconSpec } from '../../src/match/types.js';
import { defaultClaims, syntheticClaims } from './claims.js';
import { generateCorpus } from './corpus.js';
import { fmt, machineInfo, timeMedian, verdict } from './measure.js';
import { benchParse } from './parse-bench.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ITEMS = 20_000;
const TARGET_ITEMS_PER_S = 50_000;
const TARGET_RATIO = 1.5;
const TARGET_PARSE_MB_S = 10;

const corpus = generateCorpus(ITEMS);
const corpusBytes = corpus.reduce(
  (sum, it) => sum + Buffer.byteLength(it.title) + Buffer.byteLength(it.summary),
  0,
);
const MB = 1024 * 1024;

console.log(`policy-watch match benchmark — ${machineInfo()}`);
console.log(`corpus: ${fmt(ITEMS, 0)} items, ${fmt(corpusBytes / MB, 2)} MB of title + summary (seeded)`);

function benchMatch(label: string, claims: ClaimMatchSpec[], lexicon: LexiconSpec): number {
  const compileStarted = performance.now();
  const matcher = compileMatcher(claims, lexicon);
  const compileMs = performance.now() - compileStarted;
  let matched = 0;
  const timing = timeMedian(() => {
    matched = 0;
    for (const item of corpus) matched += matcher.match({ title: item.title, body: item.summary }).length;
  });
  const seconds = timing.medianMs / 1000;
  const itemsPerS = ITEMS / seconds;
  console.log(
    `${label}: ${claims.length} claims, compile ${fmt(compileMs)} ms · median ${fmt(timing.medianMs)} ms / ${fmt(ITEMS, 0)} items` +
      ` → ${fmt(itemsPerS, 0)} items/s, ${fmt(corpusBytes / MB / seconds, 2)} MB/s · ${fmt(matched, 0)} matches`,
  );
  return timing.medianMs;
}

const parse = await benchParse(corpus);
console.log(
  `(a) parse + normalize: ${fmt(parse.xmlBytes / MB, 2)} MB RSS, ${fmt(parse.items, 0)} items · median ${fmt(parse.medianMs)} ms` +
    ` (parse ${fmt(parse.parseMs)} + normalize ${fmt(parse.medianMs - parse.parseMs)}) → ${fmt(parse.mbPerS, 2)} MB/s` +
    `   [target ≥ ${TARGET_PARSE_MB_S} MB/s: ${verdict(parse.mbPerS >= TARGET_PARSE_MB_S)}]` +
    `\n    rss-parser parseString alone, same documents and runs: ${fmt(parse.rawMbPerS, 2)} MB/s` +
    ` (parseFeed + normalize = ${fmt((parse.mbPerS / parse.rawMbPerS) * 100, 0)} % of it)`,
);

const defaults = defaultClaims(ROOT);
const baseMs = benchMatch(`(b) default claims (${defaults.source})`, defaults.claims, defaults.lexicon);
const baseRate = ITEMS / (baseMs / 1000);
console.log(
  `    target ≥ ${fmt(TARGET_ITEMS_PER_S, 0)} items/s per core: ${verdict(baseRate >= TARGET_ITEMS_PER_S)}`,
);

const hundred = [...defaults.claims, ...syntheticClaims(100 - defaults.claims.length)];
const manyMs = benchMatch('(c) 100 claims', hundred, defaults.lexicon);
const ratio = manyMs / baseMs;
console.log(
  `    100-claims / default cost: ${fmt(ratio, 2)}×   [target ≤ ${TARGET_RATIO}×: ${verdict(ratio <= TARGET_RATIO)}]`,
);
