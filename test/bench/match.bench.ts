/**
 * Matcher benchmark (`npm run bench:match`): prints figures, asserts nothing. One process, one thread, so
 * every rate is per core.
 *
 * (a) parse + normalize: RSS 2.0 documents built from the corpus, through parseFeed (src/feeds) and then
 *     normalizeText on each item's title and summary; MB/s of XML. Target ≥ 10 MB/s.
 * (b) match with the default claims and lexicon (composition included): items/s and MB/s of raw title +
 *     summary, and how many items composition ran on. Target ≥ 50,000 items/s.
 * (b') the same without composition (movers dropped, empty lexicon), for its cost within one run.
 * (c) match with 100 claims (the defaults plus synthetic ones with movers); cost ratio (c)/(b). Target ≤ 1.5×.
 *
 * The first compile includes loading the opencc dictionaries (once per process, for Chinese terms).
 */
import path from 'node:path';
import { compileMatcher, EMPTY_LEXICON } from '../../src/match/index.js';
import type { ClaimMatchSpec, LexiconSpec, Matcher } from '../../src/match/types.js';
import { defaultClaims, syntheticClaims } from './claims.js';
import { generateCorpus } from './corpus.js';
import { fmt, machineInfo, timeInterleaved, verdict } from './measure.js';
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

interface Candidate {
  label: string;
  claims: ClaimMatchSpec[];
  matcher: Matcher;
  compileMs: number;
  matched: number;
}

function candidate(label: string, claims: ClaimMatchSpec[], lexicon: LexiconSpec): Candidate {
  const compileStarted = performance.now();
  const matcher = compileMatcher(claims, lexicon);
  return { label, claims, matcher, compileMs: performance.now() - compileStarted, matched: 0 };
}

function matchAll(entry: Candidate): void {
  let matched = 0;
  for (const item of corpus) matched += entry.matcher.match({ title: item.title, body: item.summary }).length;
  entry.matched = matched;
}

function report(entry: Candidate, medianMs: number): number {
  const seconds = medianMs / 1000;
  console.log(
    `${entry.label}: ${entry.claims.length} claims, compile ${fmt(entry.compileMs)} ms · median ${fmt(medianMs)} ms / ${fmt(ITEMS, 0)} items` +
      ` → ${fmt(ITEMS / seconds, 0)} items/s, ${fmt(corpusBytes / MB / seconds, 2)} MB/s · ${fmt(entry.matched, 0)} matches`,
  );
  return ITEMS / seconds;
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
const base = candidate(`(b) default claims (${defaults.source})`, defaults.claims, defaults.lexicon);
const plain = candidate(
  "(b') default claims without composition (no movers, empty lexicon)",
  defaults.claims.map((claim) => ({ ...claim, movers: undefined })),
  EMPTY_LEXICON,
);
const hundred = candidate(
  '(c) 100 claims',
  [...defaults.claims, ...syntheticClaims(100 - defaults.claims.length)],
  defaults.lexicon,
);
// In turns, so that the ratios below compare runs that saw the same machine.
const medians = timeInterleaved({
  base: () => matchAll(base),
  plain: () => matchAll(plain),
  hundred: () => matchAll(hundred),
});
const baseRate = report(base, medians.base as number);
console.log(
  `    target ≥ ${fmt(TARGET_ITEMS_PER_S, 0)} items/s per core: ${verdict(baseRate >= TARGET_ITEMS_PER_S)}`,
);
report(plain, medians.plain as number);
console.log(
  `    composition costs ${fmt((medians.base as number) / (medians.plain as number), 2)}× the matching without it`,
);
report(hundred, medians.hundred as number);
const ratio = (medians.hundred as number) / (medians.base as number);
console.log(
  `    100-claims / default cost: ${fmt(ratio, 2)}×   [target ≤ ${TARGET_RATIO}×: ${verdict(ratio <= TARGET_RATIO)}]`,
);
