/** The feeds table's rows on the status page, as HTML, from the feed views `/api/feeds` answers. Pure. */

import { escapeMarkup as esc } from '../text/escape-markup.js';
import type { FeedView } from '../views/views.js';

const minute = (iso: string) => `${esc(iso.slice(0, 16).replace('T', ' '))} UTC`;
const time = (iso: string | null) =>
  iso ? `<time datetime="${esc(iso)}" title="${esc(iso)}">${minute(iso)}</time>` : '-';

function healthBadge(feed: FeedView): string {
  if (!feed.lastOutcome) return '<span class="badge h-never">never polled</span>';
  if (feed.consecutiveFailures > 0) {
    return `<span class="badge h-failing">failing × ${feed.consecutiveFailures}</span>`;
  }
  return '<span class="badge h-ok">ok</span>';
}

export function feedRow(feed: FeedView): string {
  const error = feed.lastError ? esc(`${feed.lastError.code}: ${feed.lastError.message}`) : '-';
  return [
    `<tr data-feed="${esc(feed.id)}">`,
    `<th scope="row">${esc(feed.id)}<br><span class="source">${esc(feed.source)}</span></th>`,
    `<td>${healthBadge(feed)}</td>`,
    `<td>${esc(feed.lastOutcome ?? '-')}</td>`,
    `<td class="num">${feed.consecutiveFailures}</td>`,
    `<td>${time(feed.lastPollAt)}</td>`,
    `<td>${time(feed.lastSuccessAt)}</td>`,
    `<td>${feed.nextPollAt ? time(feed.nextPollAt) : 'on schedule'}</td>`,
    `<td>${error}</td>`,
    '</tr>',
  ].join('');
}
