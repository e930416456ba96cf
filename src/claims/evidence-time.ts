/**
 * Evidence time (DESIGN.md "Claims and statuses"): the item's published date, or the time this worker first
 * saw it when the item has no date, an unreadable one, or a future one. In: one evidence record. Out: epoch
 * milliseconds.
 *
 * "Future" is judged against firstSeenAt, not against the derivation clock: a record's time must never
 * change as the clock moves on, or a sweep could flip a status with no new evidence (a date in 2030 would
 * jump from "first seen" to "2030" on the day it came true). A few minutes of skew are forgiven, so a story
 * stamped 12:03 by a publisher whose clock runs ahead, fetched at 12:00, keeps its own date.
 */
import type { EvidenceRecord } from './types.js';

export const DAY_MS = 86_400_000;

/** How far past firstSeenAt a published date may lie and still be believed. */
export const CLOCK_SKEW_MS = 5 * 60_000;

type TimeFields = Pick<EvidenceRecord, 'published' | 'firstSeenAt'>;

/**
 * Times already computed, per record object. The ledger hands the same (never mutated) records to every
 * derivation of a burst, and parsing two ISO dates per record per derivation was the largest cost of
 * bench:pipeline's evidence jobs.
 */
const computed = new WeakMap<TimeFields, number>();

export function evidenceTime(evidence: TimeFields): number {
  let time = computed.get(evidence);
  if (time === undefined) {
    time = parseEvidenceTime(evidence);
    computed.set(evidence, time);
  }
  return time;
}

function parseEvidenceTime(evidence: TimeFields): number {
  const seen = Date.parse(evidence.firstSeenAt);
  if (evidence.published === undefined) return seen;
  const published = Date.parse(evidence.published);
  if (Number.isNaN(published) || published > seen + CLOCK_SKEW_MS) return seen;
  return published;
}

/**
 * Whether a time lies within the last `days` before `now`, the boundary included ("older than window_days no
 * longer counts" leaves exactly window_days in). A time after `now` (a replica whose clock runs ahead wrote
 * firstSeenAt) counts as recent: the evidence exists, so it is not old.
 */
export function withinLastDays(time: number, now: Date, days: number): boolean {
  return now.getTime() - time <= days * DAY_MS;
}

export interface TimedEvidence {
  evidence: EvidenceRecord;
  time: number;
}

/**
 * The one canonical order: newest first, ties by id. Every later step keeps this order, so output never
 * depends on the order the ledger returned the evidence in.
 */
export function newestFirst(evidence: readonly EvidenceRecord[]): TimedEvidence[] {
  return evidence
    .map((e) => ({ evidence: e, time: evidenceTime(e) }))
    .sort((a, b) => b.time - a.time || compareText(a.evidence.id, b.evidence.id));
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
