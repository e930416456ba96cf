/**
 * compileMatcher: all claims, compiled once, into one matcher whose per-item cost does not grow with the
 * number of claims (see scan.ts, verdict.ts).
 *
 * Compilation: every configured term is parsed (term.ts) and deduplicated by its normalized form; Latin
 * terms go into the word trie and phrase trie, CJK terms (with their Simplified/Traditional variants,
 * chinese.ts) into the Aho–Corasick automaton; the English negation phrases join the tries. An invalid
 * term throws CONFIG_INVALID naming the claim and the term: the config validator (validateTerm) should have
 * caught it first.
 *
 * Matching an item: title and body are normalized (normalize.ts, capped at MAX_TITLE_CHARS and
 * MAX_BODY_CHARS), scanned, and the hits decided per claim (verdict.ts).
 */
import { PolicyWatchError } from '../errors.js';
import { AhoCorasick } from './aho-corasick.js';
import { isHan } from './charclass.js';
import { prepareConverters, releaseConverters, scriptVariants } from './chinese.js';
import {
  type ClaimInfo,
  type CompiledClaims,
  SIGNAL_KINDS,
  type TermInfo,
  type TermRole,
} from './compiled.js';
import { composeTerms } from './compose-index.js';
import { Composer } from './composer.js';
import { ENGLISH_NEGATIONS, NOT_NEGATIONS } from './negation.js';
import { MAX_BODY_CHARS, MAX_TITLE_CHARS, normalizeText } from './normalize.js';
import { PhraseTrie } from './phrase-trie.js';
import { FieldScanner } from './scan.js';
import { type ParsedTerm, parseTerm } from './term.js';
import type { ClaimMatch, ClaimMatchSpec, LexiconSpec, Matcher } from './types.js';
import { Verdict } from './verdict.js';
import { WordTrie } from './word-trie.js';

class Builder {
  readonly compiled: CompiledClaims = {
    claims: [],
    terms: [],
    words: new WordTrie(),
    phrases: new PhraseTrie(),
    substrings: new AhoCorasick(),
  };
  private readonly idsByKey = new Map<string, number>();

  /** The id of a term, compiling it into the tries or the automaton when first seen. */
  termId(parsed: ParsedTerm, special: TermInfo['special']): number {
    const variants = parsed.script === 'cjk' ? scriptVariants(parsed.text) : [];
    // Variants make 关税 and 關稅 one term, whichever spelling the config used.
    const key = parsed.script === 'cjk' ? `cjk:${[...variants].sort().join('|')}` : parsed.key;
    const known = this.idsByKey.get(key);
    if (known !== undefined) return known;
    const id = this.compiled.terms.length;
    this.idsByKey.set(key, id);
    this.compiled.terms.push({
      script: parsed.script,
      special,
      isSignal: false,
      isHanSignal: false,
      isSubject: false,
      entries: [],
    });
    if (parsed.script === 'latin') {
      this.compiled.phrases.add(
        parsed.words.map((word) => this.compiled.words.add(word)),
        id,
      );
    } else {
      for (const variant of variants) this.compiled.substrings.add(variant, id);
    }
    return id;
  }

  addClaim(spec: ClaimMatchSpec): void {
    const claim = this.compiled.claims.length;
    const info: ClaimInfo = { id: spec.id, groupCount: spec.topic.length };
    this.compiled.claims.push(info);
    let order = 0;
    const use = (label: string, role: TermRole, path: string): void => {
      const parsed = parseTerm(label);
      if ('error' in parsed) {
        throw new PolicyWatchError(
          'CONFIG_INVALID',
          `claim ${spec.id}: ${path}: "${label}": ${parsed.error}`,
          {
            claimId: spec.id,
            path,
          },
        );
      }
      const term = this.compiled.terms[this.termId(parsed, 'none')] as TermInfo;
      term.entries.push({ claim, use: role, label, order: order++ });
      term.isSubject ||= role.role === 'topic' && role.group === 0;
      if (role.role === 'signal') {
        term.isSignal = true;
        term.isHanSignal ||= parsed.script === 'cjk' && isHan(parsed.text.charCodeAt(0));
      }
    };
    for (const [g, group] of spec.topic.entries()) {
      for (const [i, label] of group.entries()) use(label, { role: 'topic', group: g }, `topic[${g}][${i}]`);
    }
    for (const [i, label] of spec.exclude.entries()) use(label, { role: 'exclude' }, `exclude[${i}]`);
    for (const kind of SIGNAL_KINDS) {
      for (const [i, label] of (spec.signals[kind] ?? []).entries()) {
        use(label, { role: 'signal', kind }, `signals.${kind}[${i}]`);
      }
    }
  }

  addNegations(): void {
    for (const [phrases, special] of [
      [ENGLISH_NEGATIONS, 'negation'],
      [NOT_NEGATIONS, 'not-negation'],
    ] as const) {
      for (const phrase of phrases) {
        const parsed = parseTerm(phrase);
        if ('error' in parsed) throw new Error(`negation "${phrase}": ${parsed.error}`);
        // Keyed apart from claim terms: "no deal" as a signal must not become a negation.
        this.termId({ ...parsed, key: `${special}:${parsed.key}` }, special);
      }
    }
  }
}

/** Every term a claim names, as configured (topics, exclusions, signals). */
function claimTerms(spec: ClaimMatchSpec): string[] {
  return [
    ...spec.topic.flat(),
    ...(spec.also_about ?? []).flat(2),
    ...spec.exclude,
    ...Object.values(spec.signals).flat(),
  ];
}

/** One spec per topic a claim may be about: each is gated on its own, and the best match per id is kept. */
function perTopic(spec: ClaimMatchSpec): ClaimMatchSpec[] {
  return [spec, ...(spec.also_about ?? []).map((topic) => ({ ...spec, topic }))];
}

/** The first match of each claim id (matches come best first). */
function bestPerClaim(matches: ClaimMatch[]): ClaimMatch[] {
  const seen = new Set<string>();
  return matches.filter((match) => !seen.has(match.claim) && seen.add(match.claim));
}

/** No change words: composition finds no pairs, and directions come from signals alone. */
export const EMPTY_LEXICON: LexiconSpec = { up: [], down: [], loosen: [], tighten: [] };

export function compileMatcher(
  claims: readonly ClaimMatchSpec[],
  lexicon: LexiconSpec = EMPTY_LEXICON,
): Matcher {
  prepareConverters([...claims.flatMap(claimTerms), ...composeTerms(claims, lexicon)]);
  const builder = new Builder();
  for (const spec of claims) for (const topic of perTopic(spec)) builder.addClaim(topic);
  builder.addNegations();
  const composer = new Composer(claims, lexicon);
  releaseConverters();
  const { compiled } = builder;
  compiled.substrings.build();
  const scanner = new FieldScanner(compiled);
  const verdict = new Verdict(compiled);
  // Reused from item to item, like the scanner's buffers: one matcher serves one thread.
  const titleStarts = new Map<number, number>();
  const titleTopics = new Set<number>();
  const inPassing = (match: ClaimMatch) => verdict.isInPassing(match);
  return {
    match(input) {
      const hits = new Map<number, number>();
      titleStarts.clear();
      titleTopics.clear();
      const title = input.title ? normalizeText(input.title, { maxChars: MAX_TITLE_CHARS }) : '';
      const body = input.body ? normalizeText(input.body, { maxChars: MAX_BODY_CHARS }) : '';
      if (title) scanner.scan(title, true, hits, titleStarts, titleTopics);
      if (body) scanner.scan(body, false, hits, titleStarts, titleTopics);
      if (hits.size === 0) return [];
      const matches = verdict.decide(hits, titleStarts, titleTopics);
      if (matches.length === 0) return matches;
      const refined = composer.refine(bestPerClaim(matches), title, body, inPassing);
      // Rule 8 (verdict.ts) also drops a direction the summary alone composed for a claim in passing.
      return bestPerClaim(
        refined.filter((match) => !verdict.isInPassing(composer.fromSummary.get(match) ?? match)),
      );
    },
  };
}
