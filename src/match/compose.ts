/**
 * Composed direction (DESIGN.md "Claims and statuses"): a mover (what the claim wants more or less of)
 * times a change word in the same clause. Pure: scanned fields (compose-scan.ts) in, votes out.
 *
 * Per field, per clause, in order:
 * 1. Movers of the claim; a mover inside a longer one is dropped ("export control" beats "export"), and so
 *    is a mover right before another (a compound's head is its last noun: "export curbs" is curbs).
 * 2. Change words. A change word on a mover's own span ("China curbs exports"), a modifier right before a
 *    mover ("new curbs") and a word of intention ("plans", "threatens") are weak: they decide only a clause
 *    without a strong one ("Beijing defers its new curbs" is decided by "defers").
 * 3. A change word followed closely by another, with no mover between, governs it: its sign multiplies the
 *    inner one's ("judge freezes the order barring students" = − × − × students = progress; "threatens to
 *    raise tariffs" = + × + × tariffs = setback). A negated head cancels its whole chain: a negation at
 *    most NEGATION_REACH tokens before it ("has not lifted", "won't allow"); 尚未恢复 for Chinese.
 * 4. Otherwise a change word takes the nearest mover of its clause: one just after it (its object, at
 *    most OBJECT_REACH away), else the nearest before it (its subject), else any after. A clause without a
 *    mover borrows the nearest one in its segment (no `;`, `:` or sentence end between), at BORROWED_WEIGHT
 *    ("Shipments, which had dried up in spring, climbed again").
 * 5. The vote is sign(mover) × sign(change) — or the change's own sign for loosen/tighten words —
 *    weighted by the clause's role (background ½, contrast 1½) and the field (a headline TITLE_WEIGHT).
 * The claim's direction is the sign of all votes summed (composer.ts); zero is no composed direction.
 */

import type { ComposeIndex, MoverUse, Sign } from './compose-index.js';
import type { ComposeEvent, ScannedField } from './compose-scan.js';
import { BORROWED_WEIGHT, CLAUSE_WEIGHT, TITLE_WEIGHT } from './compose-terms.js';
import { isChineseNegated } from './negation.js';

/** Tokens allowed between a negation and the change word it cancels ("has not yet fully lifted"). */
export const NEGATION_REACH = 3;
/** How far after a change word its object may be ("defers its new curbs"). */
export const OBJECT_REACH = 4;
/** How far after a change word a change word it governs may be ("vows to swiftly lift"). */
export const CHAIN_REACH = 3;

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
  absolute: Sign | undefined;
  label: string;
  weak: boolean;
  intent: boolean;
  modifier: boolean;
  negated: boolean;
}

interface Pairing {
  sign: Sign;
  mover: Mover;
  borrowed: boolean;
  labels: string[];
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
        other.event.start >= event.end &&
        gap(event, other.event) === 1
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

/** "curbs on software", "a ban against…": a one-word change before "on"/"against" names a thing. */
function namesARestriction(field: ScannedField, event: ComposeEvent): boolean {
  if (!event.latin || event.first !== event.last) return false;
  const next = event.last + 1;
  const word = field.text.slice(field.tokenStarts[next] ?? 0, field.tokenEnds[next] ?? 0);
  return word === 'on' || word === 'against';
}

function changes(field: ScannedField, index: ComposeIndex, movers: readonly Mover[]): Change[] {
  const found: Change[] = [];
  for (const event of field.events) {
    const term = index.terms[event.term];
    if (term?.kind !== 'change') continue;
    const onMover = movers.some((mover) => overlaps(mover.event, event));
    const beforeMover =
      term.modifier &&
      movers.some(
        (mover) =>
          mover.event.clause === event.clause &&
          mover.event.start >= event.end &&
          gap(event, mover.event) <= 2,
      );
    if (namesARestriction(field, event)) continue;
    found.push({
      event,
      sign: term.sign,
      absolute: term.absolute,
      label: term.label,
      weak: onMover || beforeMover || term.intent,
      intent: term.intent,
      modifier: Boolean(beforeMover),
      negated: isNegated(field, index, event),
    });
  }
  return found.sort((a, b) => a.event.start - b.event.start);
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

function moverFor(change: ComposeEvent, movers: readonly Mover[]): { mover: Mover; borrowed: boolean } | undefined {
  const inClause = nearest(
    change,
    movers.filter((mover) => mover.event.clause === change.clause),
  );
  if (inClause) return { mover: inClause, borrowed: false };
  const inSegment = nearest(
    change,
    movers.filter((mover) => mover.event.segment === change.segment && mover.event.clause !== change.clause),
  );
  return inSegment && { mover: inSegment, borrowed: true };
}

/** The change word that `change` governs: the next one in its clause, close, with no mover between. */
function governed(change: Change, all: readonly Change[], movers: readonly Mover[]): Change | undefined {
  const next = all.find(
    (other) =>
      other.event.start >= change.event.end &&
      other.event.clause === change.event.clause &&
      !overlaps(other.event, change.event),
  );
  if (!next || gap(change.event, next.event) > CHAIN_REACH) return undefined;
  // A change word that is also a mover ("curbs") is the object here, not a governed change.
  if (movers.some((mover) => overlaps(mover.event, next.event))) return undefined;
  const moverBetween = movers.some(
    (mover) => mover.event.start >= change.event.end && mover.event.end <= next.event.start,
  );
  return moverBetween ? undefined : next;
}

/** The pairing a change word (and the chain it heads) makes, marking the chain's members as used. */
function pair(
  change: Change,
  all: readonly Change[],
  movers: readonly Mover[],
  used: Set<Change>,
): Pairing | undefined {
  used.add(change);
  const inner = governed(change, all, movers);
  if (inner && !used.has(inner)) {
    const result = pair(inner, all, movers, used);
    if (result) {
      return {
        ...result,
        sign: (change.absolute ?? change.sign * result.sign) as Sign,
        // "defer new curbs" reads "defer": a modifier inside a chain explains nothing.
        labels: inner.modifier ? [change.label] : [change.label, ...result.labels],
      };
    }
  }
  const found = moverFor(change.event, movers);
  if (!found) return undefined;
  return {
    sign: (change.absolute ?? change.sign * found.mover.use.sign) as Sign,
    mover: found.mover,
    borrowed: found.borrowed,
    labels: [change.label],
  };
}

export function composeField(field: ScannedField, index: ComposeIndex, claim: string): Vote[] {
  const movers = claimMovers(field, index, claim);
  if (movers.length === 0) return [];
  const all = changes(field, index, movers);
  const strongClauses = new Set(all.filter((change) => !change.weak).map((change) => change.event.clause));
  const used = new Set<Change>();
  const votes: Vote[] = [];
  for (const change of all) {
    if (used.has(change)) continue;
    // An intention heading a chain ("vows to lift") is that chain's head, not a competing change word.
    const heads = change.intent && governed(change, all, movers);
    if (change.weak && strongClauses.has(change.event.clause) && !heads) continue;
    const pairing = pair(change, all, movers, used);
    if (!pairing || change.negated) continue;
    const role = field.clauses[change.event.clause]?.role ?? 'main';
    const arrow = pairing.sign * pairing.mover.use.sign > 0 ? '↑' : '↓';
    votes.push({
      sign: pairing.sign,
      weight:
        CLAUSE_WEIGHT[role] * (field.inTitle ? TITLE_WEIGHT : 1) * (pairing.borrowed ? BORROWED_WEIGHT : 1),
      pair: `${pairing.mover.use.label} ${arrow} ${pairing.labels.join(' ')}`,
      inTitle: field.inTitle,
    });
  }
  return votes;
}
