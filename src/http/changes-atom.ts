/**
 * The status changes as an Atom 1.0 feed (RFC 4287), for people who follow claims in a feed reader.
 * Pure: the changes (newest first, already cut to the last 100), their claims and evidence, and where the
 * status page lives, in; the document out. Every element RFC 4287 requires is there: the feed's and each
 * entry's `id` (a `tag:` URI built from the deployment's key prefix and the change id, so it never changes),
 * `title`, `updated` (the change's time; the feed's is its newest entry's) and an `author`. An entry links
 * to its claim on the status page and carries the change's reason and the headlines behind it as HTML.
 */
import type { ChangeRecord, EvidenceRecord } from '../claims/index.js';
import { escapeMarkup as escapeXml } from '../text/escape-markup.js';
import { safeHref } from '../text/safe-href.js';

export interface AtomChange {
  change: ChangeRecord;
  claimTitle: string;
  /** The evidence the change names, in its order; ids no longer stored are left out. */
  evidence: EvidenceRecord[];
}

export interface ChangesFeedInput {
  changes: readonly AtomChange[];
  /** The status page's absolute URL, e.g. `http://127.0.0.1:8080/`. */
  pageUrl: string;
  /** This feed's own absolute URL (rel="self"). */
  selfUrl: string;
  /** PW_PREFIX: two deployments' entries never share an id. */
  prefix: string;
  /** The one claim the feed is about (`?claim=`), else all. */
  claim?: { id: string; title: string } | undefined;
}

/** RFC 4151: an authority, a date the tagger owned it, then anything. Stable for as long as the change. */
const TAG_AUTHORITY = 'tag:policy-watch,2025';

/** When nothing has changed yet: a fixed instant, so the document (and its ETag) stays the same. */
const NO_CHANGES_YET = '1970-01-01T00:00:00.000Z';

function headline(record: EvidenceRecord): string {
  const title = escapeXml(record.title);
  const href = safeHref(record.link);
  const text = href ? `<a href="${escapeXml(href)}">${title}</a>` : title;
  return `<li>${text} — ${escapeXml(record.source)} (${record.direction})</li>`;
}

function entryHtml({ change, evidence }: AtomChange): string {
  const reason = `<p>${escapeXml(change.note ?? `trigger: ${change.trigger}`)}</p>`;
  const tally = `<p>progress ${change.tally.progress} · setback ${change.tally.setback} · sources ${change.tally.sources}</p>`;
  const list = evidence.length > 0 ? `<ul>${evidence.map(headline).join('')}</ul>` : '';
  return reason + tally + list;
}

function entry(item: AtomChange, input: ChangesFeedInput): string {
  const { change } = item;
  const id = `${TAG_AUTHORITY}:${input.prefix}:change:${change.claim}:${change.seq}`;
  const link = `${input.pageUrl}#claim-${encodeURIComponent(change.claim)}`;
  return [
    '  <entry>',
    `    <id>${escapeXml(id)}</id>`,
    `    <title>${escapeXml(`${item.claimTitle}: ${change.from} → ${change.to}`)}</title>`,
    `    <updated>${change.at}</updated>`,
    `    <published>${change.at}</published>`,
    `    <link rel="alternate" type="text/html" href="${escapeXml(link)}"/>`,
    `    <category term="${change.to}" label="${change.to}"/>`,
    `    <content type="html">${escapeXml(entryHtml(item))}</content>`,
    '  </entry>',
  ].join('\n');
}

export function changesFeed(input: ChangesFeedInput): string {
  const scope = input.claim ? `:${input.claim.id}` : '';
  const title = input.claim ? `policy-watch: ${input.claim.title}` : 'policy-watch: status changes';
  const updated = input.changes[0]?.change.at ?? NO_CHANGES_YET;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${escapeXml(`${TAG_AUTHORITY}:${input.prefix}:changes${scope}`)}</id>`,
    `  <title>${escapeXml(title)}</title>`,
    '  <subtitle>Status changes of the claims policy-watch follows, newest first.</subtitle>',
    `  <updated>${updated}</updated>`,
    '  <author><name>policy-watch</name></author>',
    '  <generator>policy-watch</generator>',
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(input.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(input.pageUrl)}"/>`,
    ...input.changes.map((item) => entry(item, input)),
    '</feed>',
    '',
  ].join('\n');
}
