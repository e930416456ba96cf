/**
 * Composed direction (DESIGN.md "Claims and statuses"): a mover (what the claim wants more or less of)
 * times a change word in the same clause. Pure: scanned fields (compose-scan.ts) in, votes out.
 *
 * Per field, per clause, in order:
 * 1. Movers of the claim, but not one that only dates the story ("after export curbs": time-reference.ts);
 *    a mover inside a longer one is dropped ("export control" beats "export"), and so
 *    is a mover right before another (a compound's head is its last noun: "export curbs" is curbs).
 * 2. Change words (compose-changes.ts says which count and which are negated). One on a mover's own span
 *    ("China curbs exports"), a modifier right before a mover ("new curbs") and a word of intention
 *    ("plans", "threatens") are weak: they decide only a clause without a strong one ("Beijing defers its new
 *    curbs" is decided by "defers"); a modifier anywhere else counts for nothing.
 * 3. A change word followed closely by another, with no mover between, governs it: its sign multiplies the
 *    inner one's ("judge freezes the order barring students" = − × − × students = progress; "threatens to
 *    raise tariffs" = + × + × tariffs = setback). A negated head cancels its whole chain: a negation at
 *    most NEGATION_REACH tokens before it ("has not lifted", "won't allow"); 尚未恢复 for Chinese.
 * 4. Otherwise a change word takes the nearest mover of its clause: one just after it (its object, at
 *    most OBJECT_REACH away), else the nearest before it (its subject), else any after. A clause without a
 *    mover borrows the nearest one in its segment (no `;`, `:` or sentence end between), at BORROWED_WEIGHT
 *    ("Shipments, which had dried up in spring, climbed again").
 * 5. The vote is sign(mover) × sign(change) — or the change's own sign for loosen/tighten words —
 *    weighted by the clause's role (background ½, contrast 1½), the field (a headline TITLE_WEIGHT), and
 *    ELSEWHERE_WEIGHT when the clause names another party of the claim's (`elsewhere`: "对日反增35%").
 * The claim's direction is the sign of all votes summed (composer.ts); zero is no composed direction.
 */

import { fieldChanges } from './compose-changes.js';
import { gap, overlaps, wordBefore } from './compose-events.js';
import type { ComposeIndex, MoverUse, Sign } from './compose-index.js';
import type { ComposeEvent, ScannedField } from './compose-scan.js';
import { BORROWED_WEIGHT, CLAUSE_WEIGHT, ELSEWHERE_WEIGHT, TITLE_WEIGHT } from './compose-terms.js';

/** How far after a change word its object may be ("defers its new curbs"). */
export const OBJECT_REACH = 4;
/** How far after a change word a change word it governs may be ("vows to swiftly lift"). */
export const CHAIN_REACH = 3;
/** How far before its mover a modifier may stand ("new rare earth curbs"). */
export const MODIFIER_REACH = 3;
/** How far a Chinese object's head may be ("暂停对美出口镓、锗等禁令": about 6 words). */
export const CJK_OBJECT_REACH = 8;
/** How far a mover may be borrowed from another clause: a subject across a relative clause. */
export const BORROW_REACH = 16;

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

function claimMovers(field: ScannedField, index: ComposeIndex, claim: string): Mover[] {
  const found: Mover[] = [];
  for (const event of field.events) {
    const term = index.terms[event.term];
    if (term?.kind !== 'mover') continue;
    const use = term.uses.find((candidate) => candidate.claim === claim);
    // "on the eve of Madrid talks": a mover that only dates the story takes no change word.
    if (use && !event.dated) found.push({ event, use });
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

function changes(field: ScannedField, index: ComposeIndex, movers: readonly Mover[]): Change[] {
  const found: Change[] = [];
  for (const { event, term, negated } of fieldChanges(field, index)) {
    const onMover = movers.some((mover) => overlaps(mover.event, event));
    const beforeMover =
      term.modifier &&
      movers.some(
        (mover) =>
          mover.event.clause === event.clause &&
          mover.event.start >= event.end &&
          gap(event, mover.event) <= MODIFIER_REACH,
      );
    // A modifier describes the mover it stands before ("new curbs"); anywhere else it changes nothing.
    if (term.modifier && !beforeMover) continue;
    found.push({
      event,
      sign: term.sign,
      absolute: term.absolute,
      label: term.label,
      weak: onMover || beforeMover || term.intent,
      intent: term.intent,
      modifier: beforeMover,
      negated,
    });
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

/**
 * Chinese noun phrases end in their head: the object of 暂停 in "暂停对美出口镓、锗等禁令" is 禁令, the last
 * mover before the next change word or the clause's end.
 */
function chineseObject(
  change: ComposeEvent,
  movers: readonly Mover[],
  all: readonly Change[],
): Mover | undefined {
  const nextChange = all.find(
    (other) => other.event.start >= change.end && other.event.clause === change.clause,
  );
  const limit = nextChange?.event.start ?? Number.POSITIVE_INFINITY;
  let head: Mover | undefined;
  for (const mover of movers) {
    if (mover.event.clause !== change.clause || mover.event.start < change.end || mover.event.end > limit)
      continue;
    if (gap(change, mover.event) > CJK_OBJECT_REACH) continue;
    if (!head || mover.event.start > head.event.start) head = mover;
  }
  return head;
}

function moverFor(
  change: Change,
  movers: readonly Mover[],
  all: readonly Change[],
): { mover: Mover; borrowed: boolean } | undefined {
  const event = change.event;
  const object = event.latin ? undefined : chineseObject(event, movers, all);
  if (object) return { mover: object, borrowed: false };
  const inClause = nearest(
    event,
    movers.filter((mover) => mover.event.clause === event.clause),
  );
  if (inClause) return { mover: inClause, borrowed: false };
  // Weak words (modifiers, intentions, a mover used as a verb) only ever act on their own clause.
  if (change.weak) return undefined;
  const inSegment = nearest(
    event,
    movers.filter((mover) => mover.event.segment === event.segment && mover.event.clause !== event.clause),
  );
  if (!inSegment) return undefined;
  const distance =
    inSegment.event.start >= event.end ? gap(event, inSegment.event) : gap(inSegment.event, event);
  return distance <= BORROW_REACH ? { mover: inSegment, borrowed: true } : undefined;
}

/**
 * Whether `head` can govern `inner`: an intention does ("vows to lift"), and so does a change before an
 * infinitive or a gerund ("moves to ease", "freezes the order barring"); Chinese verbs chain when adjacent
 * (暂停加征). Two plain changes side by side do not ("falls 17% this fall").
 */
function governs(field: ScannedField, head: Change, inner: Change): boolean {
  if (head.intent) return true;
  if (!head.event.latin || !inner.event.latin) return !head.event.latin && gap(head.event, inner.event) <= 1;
  const innerWord = field.text.slice(
    inner.event.start,
    field.tokenEnds[inner.event.first] ?? inner.event.end,
  );
  return wordBefore(field, inner.event) === 'to' || innerWord.endsWith('ing');
}

function governed(
  field: ScannedField,
  change: Change,
  all: readonly Change[],
  movers: readonly Mover[],
): Change | undefined {
  const next = all.find(
    (other) =>
      other.event.start >= change.event.end &&
      other.event.clause === change.event.clause &&
      !overlaps(other.event, change.event),
  );
  if (!next || gap(change.event, next.event) > CHAIN_REACH) return undefined;
  if (!governs(field, change, next)) return undefined;
  // A change word that is also a mover ("curbs") is the object here, not a governed change.
  if (movers.some((mover) => overlaps(mover.event, next.event))) return undefined;
  const moverBetween = movers.some(
    (mover) => mover.event.start >= change.event.end && mover.event.end <= next.event.start,
  );
  return moverBetween ? undefined : next;
}

/** The pairing a change word (and the chain it heads) makes, marking the chain's members as used. */
function pair(
  field: ScannedField,
  change: Change,
  all: readonly Change[],
  movers: readonly Mover[],
  used: Set<Change>,
): Pairing | undefined {
  used.add(change);
  const inner = governed(field, change, all, movers);
  if (inner && !used.has(inner)) {
    const result = pair(field, inner, all, movers, used);
    if (result) {
      return {
        ...result,
        sign: (change.absolute ?? change.sign * result.sign) as Sign,
        // "defer new curbs" reads "defer": a modifier inside a chain explains nothing.
        labels: inner.modifier ? [change.label] : [change.label, ...result.labels],
      };
    }
  }
  const found = moverFor(change, movers, all);
  if (!found) return undefined;
  return {
    sign: (change.absolute ?? change.sign * found.mover.use.sign) as Sign,
    mover: found.mover,
    borrowed: found.borrowed,
    labels: [change.label],
  };
}

/** Clauses that name another party of this claim's (`elsewhere`): "对日反增35%". */
function elsewhereClauses(field: ScannedField, index: ComposeIndex, claim: string): Set<number> {
  const clauses = new Set<number>();
  for (const event of field.events) {
    const term = index.terms[event.term];
    if (term?.kind === 'elsewhere' && term.claims.has(claim)) clauses.add(event.clause);
  }
  return clauses;
}

export function composeField(field: ScannedField, index: ComposeIndex, claim: string): Vote[] {
  const movers = claimMovers(field, index, claim);
  if (movers.length === 0) return [];
  const all = changes(field, index, movers);
  const strongClauses = new Set(all.filter((change) => !change.weak).map((change) => change.event.clause));
  const used = new Set<Change>();
  const elsewhere = elsewhereClauses(field, index, claim);
  const votes: Vote[] = [];
  for (const change of all) {
    if (used.has(change)) continue;
    // An intention heading a chain ("vows to lift") is that chain's head, not a competing change word.
    const heads = change.intent && governed(field, change, all, movers);
    if (change.weak && strongClauses.has(change.event.clause) && !heads) continue;
    const pairing = pair(field, change, all, movers, used);
    if (!pairing || change.negated) continue;
    const role = field.clauses[change.event.clause]?.role ?? 'main';
    const arrow = pairing.sign * pairing.mover.use.sign > 0 ? '↑' : '↓';
    votes.push({
      sign: pairing.sign,
      weight:
        CLAUSE_WEIGHT[role] *
        (field.inTitle ? TITLE_WEIGHT : 1) *
        (pairing.borrowed ? BORROWED_WEIGHT : 1) *
        (elsewhere.has(change.event.clause) ? ELSEWHERE_WEIGHT : 1),
      pair: `${pairing.mover.use.label} ${arrow} ${pairing.labels.join(' ')}`,
      inTitle: field.inTitle,
    });
  }
  return votes;
}
