/**
 * The claims section of the status page as HTML, from the page model: per claim its title, status,
 * tally and reason, its timeline chart (chart/), and its changes oldest first with the headlines behind
 * each (those the sweep has trimmed since are counted, not listed). Pure. Every string from the ledger or a feed is escaped, and a link is made for an http(s) URL only:
 * a hostile headline is text.
 */
import { renderChart } from '../chart/index.js';
import { CLAIM_STATUSES, DAY_MS } from '../claims/index.js';
import { escapeMarkup as esc } from '../text/escape-markup.js';
import { safeHref } from '../text/safe-href.js';
import type { ChangeView, EvidenceView, TallyView } from '../views/views.js';
import type { ClaimPanel } from './status-page-model.js';

const day = (iso: string | null) => (iso ? esc(iso.slice(0, 10)) : '-');
const time = (iso: string, text: string) => `<time datetime="${esc(iso)}" title="${esc(iso)}">${text}</time>`;

export function statusBadge(status: string): string {
  const known = (CLAIM_STATUSES as readonly string[]).includes(status) ? status : 'open';
  return `<span class="badge s-${known}">${esc(status)}</span>`;
}

function tallyText(tally: TallyView): string {
  const sources = tally.sources === 1 ? 'source' : 'sources';
  return `progress ${tally.progress} · setback ${tally.setback} · ${tally.sources} ${sources}`;
}

function evidenceItem(record: EvidenceView): string {
  const href = safeHref(record.link);
  const headline = href
    ? `<a href="${esc(href)}" rel="noreferrer">${esc(record.title)}</a>`
    : esc(record.title);
  const where = ` (${esc(record.source)}, ${day(record.published ?? record.firstSeenAt)}) `;
  // A composed direction explains itself with its pair ("curb* ↓ defer → progress"), the last terms.
  const pairs = record.terms.filter((term) => term.includes(' → '));
  const why = pairs.length > 0 ? `<span class="why"> ${esc(pairs.join('; '))}</span>` : '';
  if (record.dismissed) {
    const { by, at, note } = record.dismissed;
    const reason = `<span class="why"> dismissed by ${esc(by)} on ${day(at)}: ${esc(note)}</span>`;
    return `<li class="dismissed"><del>${headline}<span class="source">${where}</span><span class="dir">${esc(record.direction)}</span></del>${reason}</li>`;
  }
  return `<li>${headline}<span class="source">${where}</span><span class="dir">${esc(record.direction)}</span>${why}</li>`;
}

/** Evidence an analyst dismissed: it counts nowhere, and stays visible, struck through, with why. */
function dismissedList(evidence: readonly EvidenceView[]): string {
  const dismissed = evidence.filter((record) => record.dismissed);
  if (dismissed.length === 0) return '';
  const label = `${dismissed.length} dismissed as wrongly matched`;
  return `<details class="dismissed-list"><summary>${label}</summary><ul class="evidence">${dismissed.map(evidenceItem).join('')}</ul></details>`;
}

/** "3 more, no longer kept (evidence is kept 90 days)": the ids alone would tell a reader nothing. */
function goneItem(count: number, more: boolean, keptDays: number | undefined): string {
  const items = more ? `${count} more` : `${count} evidence ${count === 1 ? 'item' : 'items'}`;
  const what = `${items}, no longer kept`;
  const why = keptDays === undefined ? '' : ` (evidence is kept ${keptDays} days)`;
  return `<li class="gone"><span class="source">${what}${why}</span></li>`;
}

function changeItem(
  change: ChangeView,
  evidence: ReadonlyMap<string, EvidenceView>,
  keptDays: number | undefined,
): string {
  const line = `<p class="change">${time(change.at, day(change.at))}${statusBadge(change.from)} → ${statusBadge(change.to)} <span class="trigger">by ${esc(change.trigger)}</span></p>`;
  const note = change.note ? `<p class="note">Note: ${esc(change.note)}</p>` : '';
  const kept = change.evidence.flatMap((id) => evidence.get(id) ?? []);
  const gone = change.evidence.length - kept.length;
  const items = [...kept.map(evidenceItem), ...(gone > 0 ? [goneItem(gone, kept.length > 0, keptDays)] : [])];
  const list =
    items.length > 0
      ? `<ul class="evidence" aria-label="Evidence behind this change">${items.join('')}</ul>`
      : '';
  return `<li class="entry">${line}<p class="tally">${tallyText(change.tally)}</p>${note}${list}</li>`;
}

export function claimCard(panel: ClaimPanel): string {
  const { claim, history } = panel;
  const evidence = new Map(panel.evidence.map((record) => [record.id, record]));
  const id = esc(claim.id);
  const tally = claim.tally ? tallyText(claim.tally) : 'never derived';
  // The chart draws what counts (views/chart-input.ts leaves dismissed evidence out).
  const counting = panel.chart.evidence.length;
  const count = `${counting} ${counting === 1 ? 'evidence item' : 'evidence items'}`;
  const { keptSince, now } = panel.chart;
  const keptDays = keptSince ? Math.round((now.getTime() - keptSince.getTime()) / DAY_MS) : undefined;
  const timeline =
    history.length > 0
      ? `<ol class="timeline">\n${history.map((change) => changeItem(change, evidence, keptDays)).join('\n')}\n</ol>`
      : '<p class="empty">No status changes yet.</p>';
  return [
    `<article class="claim" aria-labelledby="claim-${id}" data-claim="${id}">`,
    `<div class="claim-head"><h3 id="claim-${id}">${esc(claim.title)}</h3>${statusBadge(claim.status)}</div>`,
    `<p class="meta">${id} · ${tally} · ${count}</p>`,
    claim.reason ? `<p class="reason">${esc(claim.reason)}</p>` : '',
    // Every mark is a tab stop; a keyboard reader can step over a busy chart to the changes in one go.
    counting > 0
      ? `<a class="skip" href="#timeline-${id}">Skip the chart's ${count} to the timeline</a>`
      : '',
    `<figure class="chart" data-evidence="${counting}" data-changes="${history.length}">`,
    renderChart(panel.chart),
    '</figure>',
    `<h4 id="timeline-${id}" tabindex="-1">Timeline</h4>`,
    timeline,
    dismissedList(panel.evidence),
    '</article>',
  ]
    .filter((part) => part !== '')
    .join('\n');
}
