/**
 * The change words of one scanned field that count, with what does not depend on the claim, read once per
 * field and shared by every claim composed on it (compose.ts):
 * - not a change inside a not-change phrase ("a cut of", "high-end"), inside a longer change word, after a
 *   market word ("shares fell"), or as a noun naming a restriction ("curbs on software");
 * - negated when a negation stands at most NEGATION_REACH tokens before it in its clause ("has not lifted");
 *   for Chinese, by the characters before it (尚未恢复, negation.ts);
 * - "lift" raises when an amount follows ("lift tariffs by 100%"); alone it removes ("lift the ban").
 */

import { gap, overlaps, wordBefore } from './compose-events.js';
import type { ComposeIndex, ComposeTerm } from './compose-index.js';
import type { ComposeEvent, ScannedField } from './compose-scan.js';
import { MARKET_WORDS } from './compose-terms.js';
import { isChineseNegated } from './negation.js';

/** Tokens allowed between a negation and the change word it cancels ("has not yet fully lifted"). */
export const NEGATION_REACH = 3;
/** Change words that raise when an amount follows ("lift tariffs by 100%"). */
const AMOUNT_RAISES: ReadonlySet<string> = new Set(['lift']);
/** How far after such a word its amount may be ("lift tariffs on Chinese goods by 100%"). */
const AMOUNT_REACH = 5;

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

/** Inside a not-change phrase, inside a longer change word, or about a market price. */
function isNoChange(field: ScannedField, index: ComposeIndex, event: ComposeEvent): boolean {
  if (event.latin && MARKET_WORDS.has(wordBefore(field, event))) return true;
  return field.events.some((other) => {
    if (other === event || !overlaps(other, event)) return false;
    const kind = index.terms[other.term]?.kind;
    const longer = other.end - other.start > event.end - event.start;
    return kind === 'not-change' || (kind === 'change' && longer);
  });
}

/**
 * "lift tariffs by 100%", "lifted to 145%": "lift" with an amount raises; without one it removes ("lift
 * the ban"). True when a `by`/`to` + number follows within a few words.
 */
function raisesByAmount(field: ScannedField, event: ComposeEvent): boolean {
  if (!event.latin) return false;
  const word = (at: number) => field.text.slice(field.tokenStarts[at] ?? 0, field.tokenEnds[at] ?? 0);
  for (let at = event.last + 1; at <= event.last + AMOUNT_REACH && at + 1 < field.tokenStarts.length; at++) {
    const preposition = word(at);
    if ((preposition === 'by' || preposition === 'to') && /^\d/.test(word(at + 1))) return true;
  }
  return false;
}

/** A field's change words that count at all, with what does not depend on the claim: read once per field. */
export interface FieldChange {
  event: ComposeEvent;
  term: Extract<ComposeTerm, { kind: 'change' }>;
  negated: boolean;
}

const fieldChangesCache = new WeakMap<ScannedField, FieldChange[]>();

export function fieldChanges(field: ScannedField, index: ComposeIndex): FieldChange[] {
  const cached = fieldChangesCache.get(field);
  if (cached) return cached;
  const found: FieldChange[] = [];
  for (const event of field.events) {
    const term = index.terms[event.term];
    if (term?.kind !== 'change') continue;
    if (namesARestriction(field, event) || isNoChange(field, index, event)) continue;
    const raises = AMOUNT_RAISES.has(term.label) && raisesByAmount(field, event);
    found.push({
      event,
      term: raises ? { ...term, sign: 1 } : term,
      negated: isNegated(field, index, event),
    });
  }
  found.sort((a, b) => a.event.start - b.event.start);
  fieldChangesCache.set(field, found);
  return found;
}
