/**
 * Composed direction (DESIGN.md "Claims and statuses"): a mover (what the claim wants more or less of)
 * times a change word in the same clause. Pure: scanned fields (compose-scan.ts) in, votes out.
 *
 * Per field, per clause, in order:
 * 1. Movers of the claim; a mover inside a longer one is dropped ("export control" beats "export"), and so
 *    is a mover right before another (a compound's head is its last noun: "export curbs" is curbs).
 * 2. Change words, minus those negated in the clause (a negation at most NEGATION_REACH tokens before,
 *    "has not lifted"; 尚未恢复 for Chinese). A change word on a mover's own span ("China curbs exports")
 *    or a modifier right before a mover ("new curbs") is weak: it decides only a clause without a strong one
 *    ("Beijing defers its new curbs" is decided by "defers").
 * 3. Each deciding change word takes the nearest mover of its clause: one just after it (its object, at
 *    most OBJECT_REACH away), else the nearest before it (its subject), else any after. A clause without a
 *    mover borrows the nearest one before it in the sentence, else after it ("Shipments, which had dried up
 *    in spring, climbed again").
 * 4. The vote is sign(mover) × sign(change), weighted by the clause's role (background ½, contrast 1½) and
 *    the field (a headline counts TITLE_WEIGHT times).
 * 5. The claim's direction is the sign of the summed votes; zero is no composed direction.
 */

import type { ComposeIndex, MoverUse, Sign } from './compose-index.js';
import type { ComposeEvent, ScannedField } from './compose-scan.js';
import { CLAUSE_WEIGHT, TITLE_WEIGHT } from './compose-terms.js';
import { isChineseNegated } from './negation.js';

/** Tokens allowed between a negation and the change word it cancels ("has not yet fully lifted"). */
export const NEGATION_REACH = 3;
/** How far after a change word its object may be ("defers its new curbs"). */
export const OBJECT_REACH = 4;

export interface Vote {
  /** +1 progress, -1 setback. */
  sign: Sign;
  weight: number;
  /** "curb* ↓ defer" */
  pair: string;
  inTitle: boolean;
}

interface Mover {
  event: ComposeEvent;
  use: MoverUse;
}

interface Change {
  event: ComposeEvent;
  sign: Sign;
  label: string;
  weak: boolean;
}

function overlaps(a: ComposeEvent, b: ComposeEvent): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Words from the end of `a` to the start of `b` (1 = adjacent); CJK counts two characters a word. */
function gap(a: ComposeEvent, b: ComposeEvent): number {
  return a.latin && b.latin ? b.first - a.last : Math.ceil((b.start - a.end) / 2) + 1;
}

function claimMovers(field: ScannedField, index: ComposeIndex, claim: string): Mover[] {
  const found: Mover[] = [];
  for (const event of field.events) {
    const term = index.terms[event.term];
    if (term?.kind !== 'mover') continue;
    const use = term.uses.find((candidate) => candidate.claim === claim);
    if (use) found.push({ event, use });
  }
  return found.filter(({ event }) => {
    for (const other of found) {
      if (other.event === event) continue;
      const inside = other.event.start <= event.start && event.end <= other.event.end;
      const longer = other.event.end - other.event.start > event.end - event.start;
      if (inside && longer) return false;
      // A compound's head is its last mover: "export curbs", "rare earth export licences".
      if (
        other.event.clause === event.clause &&
        gap(event, other.event) === 1 &&
        other.event.start >= event.end
      ) {
        return false;
      }
    }
    return true;
  });
}

function isNegated(field: ScannedField, index: ComposeIndex, change: ComposeEvent): boolean {
  if (!change.latin) return isChineseNegated(field.text, change.start);
  return field.events.some(
    (event) =>
      index.terms[event.term]?.kind === 'negation' &&
      event.clause === change.clause &&
      event.end <= change.start &&
      gap(event, change) - 1 <= NEGATION_REACH,
  );
}

function changes(field: ScannedField, index: ComposeIndex, movers: readonly Mover[]): Change[] {
  const found: Change[] = [];
  for (const event of field.events) {
    const term = index.terms[event.term];
    if (term?.kind !== 'change' || isNegated(field, index, event)) continue;
    const onMover = movers.some((mover) => overlaps(mover.event, event));
    const beforeMover =
      term.modifier &&
      movers.some(
        (mover) =>
          mover.event.clause === event.clause &&
          mover.event.start >= event.end &&
          gap(event, mover.event) <= 2,
      );
    found.push({ event, sign: term.sign, label: term.label, weak: onMover || beforeMover });
  }
  return found;
}

function nearest(change: ComposeEvent, candidates: readonly Mover[]): Mover | undefined {
  let after: Mover | undefined;
  let before: Mover | undefined;
  for (const mover of candidates) {
    if (overlaps(mover.event, change)) continue;
    if (mover.event.start >= change.end) {
      if (!after || mover.event.start < after.event.start) after = mover;
    } else if (mover.event.end <= change.start) {
      if (!before || mover.event.end > before.event.end) before = mover;
    }
  }
  if (after && gap(change, after.event) <= OBJECT_REACH) return after;
  return before ?? after;
}

function moverFor(change: ComposeEvent, movers: readonly Mover[]): Mover | undefined {
  const sameClause = movers.filter((mover) => mover.event.clause === change.clause);
  const inClause = nearest(change, sameClause);
  if (inClause) return inClause;
  const sameSentence = movers.filter((mover) => mover.event.sentence === change.sentence);
  return nearest(change, sameSentence);
}

export function composeField(field: ScannedField, index: ComposeIndex, claim: string): Vote[] {
  const movers = claimMovers(field, index, claim);
  if (movers.length === 0) return [];
  const all = changes(field, index, movers);
  const strongClauses = new Set(all.filter((change) => !change.weak).map((change) => change.event.clause));
  const votes: Vote[] = [];
  for (const change of all) {
    if (change.weak && strongClauses.has(change.event.clause)) continue;
    const mover = moverFor(change.event, movers);
    if (!mover) continue;
    const role = field.clauses[change.event.clause]?.role ?? 'main';
    votes.push({
      sign: (mover.use.sign * change.sign) as Sign,
      weight: CLAUSE_WEIGHT[role] * (field.inTitle ? TITLE_WEIGHT : 1),
      pair: `${mover.use.label} ${change.sign > 0 ? '↑' : '↓'} ${change.label}`,
      inTitle: field.inTitle,
    });
  }
  return votes;
}
