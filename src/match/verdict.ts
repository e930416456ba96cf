/**
 * From an item's term hits to one ClaimMatch per claim the item is about. Only claims that some hit
 * names are visited, so the cost follows the hits, not the claim count: topic-gate.ts finds the on-topic
 * claims with integer work, and only those get a tally here.
 *
 * Rules, in order:
 * 1. On topic when every topic group has a hit (negation does not matter for topic terms).
 * 2. Any exclude hit drops the claim.
 * 3. Signals count per distinct term, and only non-negated occurrences count. A signal term whose every
 *    occurrence was negated is reported in `negated`.
 * 4. Direction: `confirms` or `refutes` when either has hits, the one with more distinct terms; on a tie
 *    between them the resolution evidence cancels out and progress/setback decide as if there were none.
 *    Else `progress` or `setback`, the one with more distinct terms, a term in the title counting
 *    SIGNAL_TITLE_WEIGHT; a tie (or no signal) is `neutral`, which composition (composer.ts) may decide.
 * 5. Score = Σ over topic groups of the best term's TOPIC_POINTS + Σ over distinct signal terms of the
 *    chosen direction of SIGNAL_POINTS, each × TITLE_FACTOR when the term occurs (non-negated, for
 *    signals) in the title, + SUBJECT_POINTS when the first group's term is in the title (what the headline
 *    is about; not when it only dates the story, rule 8), + LEAD_POINTS (a tie-break) for the claim whose
 *    subject the headline names first when it names several (headlines lead with what the story is mainly
 *    about); rounded to 2 decimals. The top match is the claim the item is mainly about.
 * 6. `terms`: the configured spellings of the topic terms that hit, then those of the chosen direction's
 *    signals, in config order, deduplicated.
 * 7. Matches are ordered by score (descending), then claim id.
 * 8. A match whose headline does not name the claim's subject (no first-group topic term in the title, or
 *    only as a date: "after the Trump–Xi meeting", 习特会前夕 — time-reference.ts; such a term earns no
 *    SUBJECT_POINTS either) is a mention in passing and is dropped when it has no direction, or only one
 *    that the summary composed (compile.ts, after composition): a story about something else that mentions
 *    the claim on the way.
 */
import {
  type CompiledClaims,
  HIT_NEGATED,
  HIT_PLAIN,
  HIT_PLAIN_TITLE,
  HIT_TITLE,
  type ItemHits,
  SIGNAL_KINDS,
  type TermEntry,
  type TitleStarts,
  type TitleTopics,
} from './compiled.js';
import { TopicGate } from './topic-gate.js';
import type { ClaimMatch, Direction, SignalKind } from './types.js';

export const TOPIC_POINTS = 1;
export const SIGNAL_POINTS = 2;
export const TITLE_FACTOR = 1.5;
/** A headline says what the story is mainly about: a first-group topic term there earns this on top. */
export const SUBJECT_POINTS = 3;
/**
 * The claim whose subject comes first in a headline that names several claims' subjects earns this: a
 * tie-break only. As a full weight (1.5) it fixed dev stories and lost hold-out ones (README).
 */
export const LEAD_POINTS = 0.01;
/** A signal in the headline outweighs one in the summary when the two sides disagree. */
const SIGNAL_TITLE_WEIGHT = 2;

/** One use of a term by the claim, with the term's id and HIT_* flags in this item. */
interface EntryHit {
  entry: TermEntry;
  term: number;
  flags: number;
}

interface Tally {
  claim: number;
  topic: EntryHit[];
  signals: Record<SignalKind, EntryHit[]>;
}

function newTally(claim: number): Tally {
  return {
    claim,
    topic: [],
    signals: { progress: [], setback: [], confirms: [], refutes: [] },
  };
}

/** Distinct term ids among the non-negated hits. */
function distinctPlain(hits: EntryHit[]): number {
  const ids = new Set<number>();
  for (const { term, flags } of hits) if (flags & HIT_PLAIN) ids.add(term);
  return ids.size;
}

/** Distinct non-negated terms, each weighing SIGNAL_TITLE_WEIGHT when it occurs in the title, else 1. */
function titleWeighted(hits: EntryHit[]): number {
  const weights = new Map<number, number>();
  for (const { term, flags } of hits) {
    if (!(flags & HIT_PLAIN)) continue;
    const weight = flags & HIT_PLAIN_TITLE ? SIGNAL_TITLE_WEIGHT : 1;
    weights.set(term, Math.max(weights.get(term) ?? 0, weight));
  }
  let total = 0;
  for (const weight of weights.values()) total += weight;
  return total;
}

function chooseDirection(tally: Tally): Direction {
  const confirms = distinctPlain(tally.signals.confirms);
  const refutes = distinctPlain(tally.signals.refutes);
  if (confirms !== refutes) return confirms > refutes ? 'confirms' : 'refutes';
  const progress = titleWeighted(tally.signals.progress);
  const setback = titleWeighted(tally.signals.setback);
  if (progress !== setback) return progress > setback ? 'progress' : 'setback';
  return 'neutral';
}

function labelsInOrder(hits: EntryHit[], into: Set<string>): void {
  // Hits arrive in discovery order; the report follows config order.
  if (hits.length > 1) hits.sort((a, b) => a.entry.order - b.entry.order);
  for (const { entry } of hits) into.add(entry.label);
}

/** Signal hits whose every occurrence was negated. */
function negatedOnly(tally: Tally): EntryHit[] {
  const found: EntryHit[] = [];
  for (const kind of SIGNAL_KINDS) {
    for (const hit of tally.signals[kind]) {
      if (hit.flags & HIT_NEGATED && !(hit.flags & HIT_PLAIN)) found.push(hit);
    }
  }
  return found;
}

function score(topic: EntryHit[], signals: EntryHit[], titleTopics: TitleTopics): number {
  // Per topic group, its best term: a claim with many synonyms must not outrank one with few.
  const groups = new Map<number, number>();
  for (const { flags, entry, term } of topic) {
    if (entry.use.role !== 'topic') continue;
    let value = TOPIC_POINTS * (flags & HIT_TITLE ? TITLE_FACTOR : 1);
    if (flags & HIT_TITLE && entry.use.group === 0 && titleTopics.has(term)) value += SUBJECT_POINTS;
    groups.set(entry.use.group, Math.max(groups.get(entry.use.group) ?? 0, value));
  }
  const points = new Map<number, number>();
  for (const { term, flags } of signals) {
    const value = SIGNAL_POINTS * (flags & HIT_PLAIN_TITLE ? TITLE_FACTOR : 1);
    points.set(term, Math.max(points.get(term) ?? 0, value));
  }
  let total = 0;
  for (const value of groups.values()) total += value;
  for (const value of points.values()) total += value;
  return Math.round(total * 100) / 100;
}

function toMatch(compiled: CompiledClaims, tally: Tally, titleTopics: TitleTopics): ClaimMatch {
  const direction = chooseDirection(tally);
  const chosen =
    direction === 'neutral' ? [] : tally.signals[direction].filter((hit) => hit.flags & HIT_PLAIN);
  const terms = new Set<string>();
  labelsInOrder(tally.topic, terms);
  labelsInOrder(chosen, terms);
  const negated = new Set<string>();
  labelsInOrder(negatedOnly(tally), negated);
  return {
    claim: (compiled.claims[tally.claim] as { id: string }).id,
    direction,
    score: score(tally.topic, chosen, titleTopics),
    terms: [...terms],
    negated: [...negated],
  };
}

/** Rule 7: by score, descending, then claim id. */
export function byScoreThenClaim(a: ClaimMatch, b: ClaimMatch): number {
  return b.score - a.score || (a.claim < b.claim ? -1 : a.claim > b.claim ? 1 : 0);
}

/**
 * Where the headline first names the claim's subject (a first-group term, not only as a date: "after the
 * Trump–Xi meeting"); undefined when it does not.
 */
function subjectStart(tally: Tally, titleStarts: TitleStarts, titleTopics: TitleTopics): number | undefined {
  let first: number | undefined;
  for (const { flags, entry, term } of tally.topic) {
    if (!(flags & HIT_TITLE) || entry.use.role !== 'topic' || entry.use.group !== 0) continue;
    if (!titleTopics.has(term)) continue;
    const start = titleStarts.get(term);
    if (start !== undefined && (first === undefined || start < first)) first = start;
  }
  return first;
}

/** Adds LEAD_POINTS to the matches whose subject the headline names first, when it names more than one. */
function creditLead(starts: Map<ClaimMatch, number>): void {
  if (starts.size < 2) return;
  let lead = Number.POSITIVE_INFINITY;
  let leaders = 0;
  for (const start of starts.values()) {
    if (start < lead) {
      lead = start;
      leaders = 1;
    } else if (start === lead) leaders++;
  }
  // Several claims sharing the first subject term ("chip…") learn nothing from its position.
  if (leaders === starts.size) return;
  for (const [match, start] of starts) {
    if (start === lead) match.score = Math.round((match.score + LEAD_POINTS) * 100) / 100;
  }
}

/** Decides the matches of one item; keeps a TopicGate, so one per matcher. */
export class Verdict {
  private readonly gate: TopicGate;
  /** This item's matches whose headline does not name the claim's subject (rule 8). */
  private readonly inPassing = new Set<ClaimMatch>();
  /** Where the headline names each match's subject (rule 5's lead), reused from item to item. */
  private readonly starts = new Map<ClaimMatch, number>();
  /** The tally of each on-topic claim of the item being decided, by claim index; empty between items. */
  private readonly tallyOf: (Tally | undefined)[];

  constructor(private readonly compiled: CompiledClaims) {
    this.gate = new TopicGate(compiled);
    this.tallyOf = new Array<Tally | undefined>(compiled.claims.length).fill(undefined);
  }

  /**
   * Rule 8: a match of the last decided item whose headline does not name the claim's subject and that has
   * no direction ("…as trade talks were about to start") is a mention in passing: not evidence. compile.ts
   * asks with the match as decided here when composition gave it a direction from the summary alone.
   */
  isInPassing(match: ClaimMatch): boolean {
    return match.direction === 'neutral' && this.inPassing.has(match);
  }

  decide(hits: ItemHits, titleStarts: TitleStarts, titleTopics: TitleTopics): ClaimMatch[] {
    const onTopic = this.gate.onTopic(hits);
    if (onTopic.length === 0) return [];
    // Indexed by claim: a common term's entries are many, and each is looked up.
    const tallyOf = this.tallyOf;
    const tallies = onTopic.map((claim) => {
      const tally = newTally(claim);
      tallyOf[claim] = tally;
      return tally;
    });
    for (const [term, flags] of hits) {
      const info = this.compiled.terms[term];
      if (!info) continue;
      for (const entry of info.entries) {
        const tally = tallyOf[entry.claim];
        if (!tally) continue;
        if (entry.use.role === 'topic') tally.topic.push({ entry, term, flags });
        else if (entry.use.role === 'signal') tally.signals[entry.use.kind].push({ entry, term, flags });
      }
    }
    const matches: ClaimMatch[] = [];
    const starts = this.starts;
    starts.clear();
    this.inPassing.clear();
    for (const tally of tallies) {
      tallyOf[tally.claim] = undefined;
      const match = toMatch(this.compiled, tally, titleTopics);
      const start = subjectStart(tally, titleStarts, titleTopics);
      if (start === undefined) this.inPassing.add(match);
      else starts.set(match, start);
      matches.push(match);
    }
    creditLead(starts);
    return matches.sort(byScoreThenClaim);
  }
}
