/**
 * Gives a direction to the on-topic matches that their signals left `neutral`, by composition
 * (compose.ts): signals win when they decide, since they name outcomes that point one way by themselves.
 * The headline decides first: the summary is scanned and counted only for a claim whose headline votes sum
 * to nothing (a headline says what the story leads with; this also spares most summaries a second pass).
 * Each field is scanned at most once per item, and only when some neutral match's claim has movers.
 *
 * A composed match reports its pairs in `terms` ("curb* ↓ defer → progress", the explanation shown by the
 * CLI, the API, the page and the webhook) and earns its best pair's SIGNAL_POINTS (a claim with many movers must
 * not outrank one with few by volume).
 */

import { composeField, type Vote } from './compose.js';
import { buildComposeIndex, type ComposeIndex } from './compose-index.js';
import { ComposeScanner, type ScannedField } from './compose-scan.js';
import type { ClaimMatch, ClaimMatchSpec, LexiconSpec } from './types.js';
import { byScoreThenClaim, SIGNAL_POINTS, TITLE_FACTOR } from './verdict.js';

/** Pairs reported per match: enough to explain, short enough to read in a table cell. */
const MAX_PAIRS = 2;

function sum(votes: readonly Vote[]): number {
  return votes.reduce((total, vote) => total + vote.sign * vote.weight, 0);
}

function explain(votes: readonly Vote[], match: ClaimMatch): ClaimMatch {
  const total = sum(votes);
  if (total === 0) return match;
  const direction = total > 0 ? 'progress' : 'setback';
  const winning = votes.filter((vote) => vote.sign === Math.sign(total)).sort((a, b) => b.weight - a.weight);
  const points = new Map<string, number>();
  for (const vote of winning) {
    const value = SIGNAL_POINTS * (vote.inTitle ? TITLE_FACTOR : 1);
    points.set(vote.pair, Math.max(points.get(vote.pair) ?? 0, value));
  }
  let added = 0;
  for (const value of points.values()) added = Math.max(added, value);
  const pairs = [...points.keys()].slice(0, MAX_PAIRS).map((pair) => `${pair} → ${direction}`);
  return {
    ...match,
    direction,
    score: Math.round((match.score + added) * 100) / 100,
    terms: [...match.terms, ...pairs],
  };
}

export class Composer {
  private readonly index: ComposeIndex;
  private readonly scanner: ComposeScanner;

  constructor(claims: readonly ClaimMatchSpec[], lexicon: LexiconSpec) {
    this.index = buildComposeIndex(claims, lexicon);
    this.scanner = new ComposeScanner(this.index);
  }

  /**
   * Composed matches whose direction came from the summary alone, to the match they refined: for a claim
   * whose headline does not name its subject, that direction is a mention in passing (verdict.ts rule 8).
   */
  readonly fromSummary = new WeakMap<ClaimMatch, ClaimMatch>();

  /**
   * The matches with composed directions where signals gave none; re-ordered by score. `inPassing` names
   * the matches whose headline does not name their claim's subject: a direction from the summary would
   * not make them evidence (verdict.ts rule 8), so their summary is not composed.
   */
  refine(
    matches: ClaimMatch[],
    title: string,
    body: string,
    inPassing: (match: ClaimMatch) => boolean = () => false,
  ): ClaimMatch[] {
    if (!matches.some((match) => match.direction === 'neutral' && this.index.claims.has(match.claim))) {
      return matches;
    }
    const titleField = title ? this.scanner.scan(title, true) : undefined;
    let bodyField: ScannedField | undefined;
    const refined = matches.map((match) => {
      if (match.direction !== 'neutral' || !this.index.claims.has(match.claim)) return match;
      const fromTitle = titleField ? composeField(titleField, this.index, match.claim) : [];
      if (sum(fromTitle) !== 0) return explain(fromTitle, match);
      if (inPassing(match)) return match;
      // The summary decides only what the headline leaves open.
      bodyField ??= body ? this.scanner.scan(body, false) : undefined;
      const fromBody = bodyField ? composeField(bodyField, this.index, match.claim) : [];
      const composed = explain([...fromTitle, ...fromBody], match);
      if (composed !== match) this.fromSummary.set(composed, match);
      return composed;
    });
    return refined.sort(byScoreThenClaim);
  }
}
