/**
 * The demo's closing report, as text: per claim, its title and final status, then every status change
 * (date, from → to, trigger, tally, the derivation's reason) with the headlines that caused it.
 *
 * The changes come from the claim's history in the ledger; the headlines from the signed alert the
 * receiver verified for that change, which carries the deciding evidence as it stood when the change was
 * made (the ledger trims old evidence, the alert keeps it). A change without a verified alert says so.
 * Pure: records in, lines out.
 */
import type { EvidenceRef, StatusChangedData } from '../alerts/index.js';
import { type ChangeRecord, type ClaimStatus, changeId } from '../claims/index.js';
import type { Direction } from '../match/types.js';

export interface ClaimTimeline {
  id: string;
  title: string;
  status: ClaimStatus;
  history: ChangeRecord[];
}

/** How many of a change's deciding headlines are shown; the rest are counted. */
export const MAX_HEADLINES = 3;

const MARK: Record<Direction, string> = {
  progress: '+',
  setback: '-',
  confirms: '✓',
  refutes: '✗',
  neutral: '·',
};

/** An aggregator's title ends in " - Publisher"; the publisher is shown once, in brackets. */
function headline(evidence: EvidenceRef): string {
  const suffix = ` - ${evidence.source}`;
  const title = evidence.title.endsWith(suffix) ? evidence.title.slice(0, -suffix.length) : evidence.title;
  const date = evidence.published ? `, ${evidence.published.slice(0, 10)}` : '';
  return `${MARK[evidence.direction]} ${title} (${evidence.source}${date})`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function changeLines(change: ChangeRecord, alert: StatusChangedData | undefined): string[] {
  const { progress, setback, sources } = change.tally;
  const head = `  ${change.at.slice(0, 10)}  ${change.from} → ${change.to}`;
  const tally = `by ${change.trigger}; progress ${progress}, setback ${setback}, ${plural(sources, 'source')}`;
  const lines = [`${head.padEnd(36)} ${tally}`];
  if (change.note) lines.push(`      ${change.note}`);
  if (!alert) return [...lines, '      (no verified alert received for this change)'];
  const label = change.to === 'quiet' ? 'last heard: ' : '';
  for (const evidence of alert.evidence.slice(0, MAX_HEADLINES))
    lines.push(`      ${label}${headline(evidence)}`);
  const more = alert.evidence.length - MAX_HEADLINES;
  if (more > 0) lines.push(`      … and ${more} more`);
  return lines;
}

/** `alerts`: the verified claim.status_changed payloads, in any order. */
export function timelineLines(
  claims: readonly ClaimTimeline[],
  alerts: readonly StatusChangedData[],
): string[] {
  const byChange = new Map(alerts.map((alert) => [alert.change.id, alert]));
  const lines: string[] = [];
  for (const claim of claims) {
    lines.push('', `${claim.title} [${claim.id}]: now ${claim.status.toUpperCase()}`);
    if (claim.history.length === 0) lines.push('  no status change');
    for (const change of claim.history) {
      lines.push(...changeLines(change, byChange.get(changeId(change.claim, change.seq))));
    }
  }
  return lines;
}

export interface Totals {
  changes: number;
  delivered: number;
  uniqueIds: number;
  rejected: number;
}

export function totalsLine({ changes, delivered, uniqueIds, rejected }: Totals): string {
  const refused = rejected > 0 ? `, ${rejected} REJECTED` : '';
  return `${plural(changes, 'change')}, ${delivered} alerts delivered and verified, ${uniqueIds} unique webhook ids${refused}`;
}
