/**
 * Scores matcher output against a labeled set. Pure: stories and their matches in, figures out.
 *
 * Per group of stories (all, and per language):
 * - top-claim accuracy: on-topic stories whose highest-ranked match is the story's main (first) label;
 * - direction accuracy: on-topic stories whose main claim is among the matches, and that match's
 *   direction is the label's (a story whose main claim was missed counts against the claim figure only);
 * - look-alikes matched: off-topic stories (no labels) that matched any claim;
 * - per claim: precision and recall over (story, claim) pairs, every label counted;
 * - a confusion table of main-claim directions (label → matched, "none" when the claim was missed).
 * A miss is a story that fails any of the first three, kept with its matches as the explanation.
 */
import type { ClaimMatch } from '../match/index.js';
import type { LabeledStory } from './labeled-set.js';

export interface ScoredStory {
  story: LabeledStory;
  matches: ClaimMatch[];
}

export interface Ratio {
  hits: number;
  total: number;
  /** hits / total, or null when there is nothing to count. */
  value: number | null;
}

export interface ClaimFigures {
  claim: string;
  precision: Ratio;
  recall: Ratio;
}

export interface GroupFigures {
  stories: number;
  onTopic: number;
  offTopic: number;
  topClaim: Ratio;
  direction: Ratio;
  lookalikesMatched: Ratio;
}

export type MissKind = 'claim' | 'direction' | 'lookalike';

export interface Miss {
  kind: MissKind;
  story: LabeledStory;
  matches: ClaimMatch[];
}

export interface EvalReport {
  all: GroupFigures;
  byLang: Record<string, GroupFigures>;
  claims: ClaimFigures[];
  /** confusion[labelDirection][matchedDirection | 'none'] = count, over main labels. */
  confusion: Record<string, Record<string, number>>;
  misses: Miss[];
}

function ratio(hits: number, total: number): Ratio {
  return { hits, total, value: total === 0 ? null : hits / total };
}

/** The kinds of miss one story makes, in report order. */
export function missesOf({ story, matches }: ScoredStory): MissKind[] {
  const main = story.labels[0];
  if (!main) return matches.length > 0 ? ['lookalike'] : [];
  const kinds: MissKind[] = [];
  if (matches[0]?.claim !== main.claim) kinds.push('claim');
  const found = matches.find((match) => match.claim === main.claim);
  if (found && found.direction !== main.direction) kinds.push('direction');
  return kinds;
}

function groupFigures(scored: readonly ScoredStory[]): GroupFigures {
  let onTopic = 0;
  let topHits = 0;
  let directionHits = 0;
  let directionTotal = 0;
  let offMatched = 0;
  for (const entry of scored) {
    const main = entry.story.labels[0];
    if (!main) {
      if (entry.matches.length > 0) offMatched++;
      continue;
    }
    onTopic++;
    if (entry.matches[0]?.claim === main.claim) topHits++;
    const found = entry.matches.find((match) => match.claim === main.claim);
    if (!found) continue;
    directionTotal++;
    if (found.direction === main.direction) directionHits++;
  }
  const offTopic = scored.length - onTopic;
  return {
    stories: scored.length,
    onTopic,
    offTopic,
    topClaim: ratio(topHits, onTopic),
    direction: ratio(directionHits, directionTotal),
    lookalikesMatched: ratio(offMatched, offTopic),
  };
}

function claimFigures(scored: readonly ScoredStory[], claimIds: readonly string[]): ClaimFigures[] {
  return claimIds.map((claim) => {
    let truePositive = 0;
    let predicted = 0;
    let labeled = 0;
    for (const { story, matches } of scored) {
      const isLabeled = story.labels.some((label) => label.claim === claim);
      const isMatched = matches.some((match) => match.claim === claim);
      if (isLabeled) labeled++;
      if (isMatched) predicted++;
      if (isLabeled && isMatched) truePositive++;
    }
    return { claim, precision: ratio(truePositive, predicted), recall: ratio(truePositive, labeled) };
  });
}

function confusionTable(scored: readonly ScoredStory[]): EvalReport['confusion'] {
  const table: EvalReport['confusion'] = {};
  for (const { story, matches } of scored) {
    const main = story.labels[0];
    if (!main) continue;
    const matched = matches.find((match) => match.claim === main.claim)?.direction ?? 'none';
    const row = table[main.direction] ?? {};
    row[matched] = (row[matched] ?? 0) + 1;
    table[main.direction] = row;
  }
  return table;
}

export function scoreStories(scored: readonly ScoredStory[], claimIds: readonly string[]): EvalReport {
  const byLang: Record<string, GroupFigures> = {};
  for (const lang of [...new Set(scored.map((entry) => entry.story.lang))].sort()) {
    byLang[lang] = groupFigures(scored.filter((entry) => entry.story.lang === lang));
  }
  const misses: Miss[] = [];
  for (const entry of scored) {
    for (const kind of missesOf(entry)) misses.push({ kind, story: entry.story, matches: entry.matches });
  }
  return {
    all: groupFigures(scored),
    byLang,
    claims: claimFigures(scored, claimIds),
    confusion: confusionTable(scored),
    misses,
  };
}
