/**
 * The one sentence a derivation gives for its status: what the history note, the log line and the CLI show
 * when someone asks "why did this flip?". In: the facts each rule decided on. Out: an English sentence
 * naming the counts, weights and days behind the decision.
 */
import type { Lean } from './lean.js';
import type { Resolution } from './resolution.js';
import type { Side } from './tally.js';
import type { ClaimSettings, ClaimStatus } from './types.js';

const MAX_NAMED_SOURCES = 5;

function sources(n: number): string {
  return n === 1 ? '1 source' : `${n} sources`;
}

/** "1 source reports" / "2 sources report": the verb agrees with the count. */
function sourcesDo(n: number, verb: string): string {
  return `${sources(n)} ${n === 1 ? `${verb}s` : verb}`;
}

/** Weights may be fractional; two decimals are enough to read and keep float noise out of the sentence. */
function weight(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function named(list: readonly string[]): string {
  const shown = list.slice(0, MAX_NAMED_SOURCES).join(', ');
  const more = list.length - MAX_NAMED_SOURCES;
  return more > 0 ? `${shown} and ${more} more` : shown;
}

const WHAT: Record<string, string> = { progress: 'progress', setback: 'setbacks' };

function balance(lead: Side, other: Side, windowDays: number): string {
  const first = `${sourcesDo(lead.sources.length, 'report')} ${WHAT[lead.direction]} (weight ${weight(lead.weight)})`;
  const second = `${other.sources.length} reporting ${WHAT[other.direction]} (weight ${weight(other.weight)})`;
  return `${first} against ${second} in the last ${windowDays} days`;
}

export function noEvidenceReason(current: ClaimStatus): string {
  return current === 'open' ? 'No evidence yet.' : `No evidence yet; the claim stays ${current}.`;
}

export function terminalReason(status: ClaimStatus): string {
  return `The claim is ${status}, which is terminal: only an operator reopens a resolved claim.`;
}

export function resolutionReason({ status, confirms, refutes }: Resolution, minSources: number): string {
  const yes = confirms.sources.length;
  const no = refutes.sources.length;
  if (status === 'contested') {
    return `${sourcesDo(yes, 'confirm')} (weight ${weight(confirms.weight)}) and ${no} refute the claim (weight ${weight(refutes.weight)}): the resolution is split until an operator settles it.`;
  }
  if (yes >= minSources && no >= minSources) {
    return `${sourcesDo(yes, 'confirm')} (weight ${weight(confirms.weight)}) and ${no} refute the claim (weight ${weight(refutes.weight)}); the larger weight decides.`;
  }
  const side = status === 'confirmed' ? confirms : refutes;
  const verb = status === 'confirmed' ? 'confirm' : 'refute';
  return `${sourcesDo(side.sources.length, verb)} the claim (${named(side.sources)}), at least the ${minSources} needed to resolve it.`;
}

export function leanReason(lean: Lean, progress: Side, setback: Side, windowDays: number): string {
  if (lean === 'stalled') return `${balance(setback, progress, windowDays)}.`;
  if (lean === 'advancing') return `${balance(progress, setback, windowDays)}.`;
  return `${balance(progress, setback, windowDays)}: neither side has twice the weight of the other.`;
}

export function quietReason(latest: number, staleAfterDays: number): string {
  const day = new Date(latest).toISOString().slice(0, 10);
  return `No evidence in the last ${staleAfterDays} days; the latest is from ${day}.`;
}

/** Rule 4's "keep the current status", or a quiet claim reopening because evidence is recent again. */
export function keepReason(
  status: ClaimStatus,
  progress: Side,
  setback: Side,
  settings: ClaimSettings,
  reopened: boolean,
): string {
  const noLean =
    progress.sources.length + setback.sources.length === 0
      ? `No progress or setback evidence in the last ${settings.window_days} days`
      : `${balance(progress, setback, settings.window_days)}, which is no lean (${settings.min_sources} sources and the larger weight needed)`;
  const recent = `evidence from the last ${settings.stale_after_days} days`;
  return reopened
    ? `${noLean}; ${recent} ends the quiet.`
    : `${noLean}; ${recent} keeps the claim ${status}.`;
}
