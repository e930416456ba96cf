/**
 * The summary for a person (`policy-watch logs --summary`): a heading with the span and the line counts,
 * then one section per question an operator asks of a day (feeds, alerts, status changes, Redis, the
 * daemon, job failures). A section with nothing to report says "none", so an empty one is seen to have
 * been looked at. Times are UTC to the second; tables come from the CLI's table.ts.
 */
import { type Column, formatTable } from '../cli/table.js';
import { timeCell } from './render.js';
import type { LogSummary, TimedError } from './summary-types.js';

const LEVEL_ORDER = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];

/** `850 ms`, `42 s`, `2 min 10 s`, `3 h 5 min`, `2 d 4 h`. */
export function durationText(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1_000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return hours % 24 ? `${Math.floor(hours / 24)} d ${hours % 24} h` : `${Math.floor(hours / 24)} d`;
}

const at = (time: string | null) => (time ? timeCell(Date.parse(time)) : '-');
const plural = (count: number, word: string) =>
  `${count.toLocaleString('en')} ${word}${count === 1 ? '' : 's'}`;
const errorCell = (err: TimedError | null) => (err ? `${at(err.at)} ${err.code}: ${err.message}` : '-');

function section<Row>(title: string, rows: Row[], columns: Array<Column<Row>>): string[] {
  if (rows.length === 0) return ['', `${title}: none`];
  return ['', title, ...formatTable(rows, columns).map((line) => `  ${line}`)];
}

function heading(summary: LogSummary): string[] {
  const { span, lines } = summary;
  const spanText =
    span.from && span.to
      ? `${at(span.from)} → ${at(span.to)} UTC (${durationText(Date.parse(span.to) - Date.parse(span.from))})`
      : 'no timed lines';
  const counts = [plural(lines.records, 'log line')];
  if (lines.notJson > 0)
    counts.push(`${plural(lines.notJson, 'line')} ${lines.notJson === 1 ? 'was' : 'were'} not JSON`);
  const levels = LEVEL_ORDER.filter((level) => summary.levels[level])
    .map((level) => `${(summary.levels[level] ?? 0).toLocaleString('en')} ${level}`)
    .join(', ');
  return [`Logs ${spanText}: ${counts.join('; ')}`, ...(levels ? [`Levels: ${levels}`] : [])];
}

function statusChangeLines(summary: LogSummary): string[] {
  if (summary.statusChanges.length === 0) return ['', 'Status changes: none'];
  const rows = summary.statusChanges.flatMap(({ claimId, changes }) =>
    changes.map((change, index) => ({ claim: index === 0 ? claimId : '', ...change })),
  );
  return section('Status changes', rows, [
    { header: 'CLAIM', value: (row) => row.claim },
    { header: 'SEQ', value: (row) => (row.seq === null ? '-' : String(row.seq)) },
    { header: 'FROM → TO', value: (row) => `${row.from} → ${row.to}` },
    { header: 'AT', value: (row) => at(row.at) },
    { header: 'TRIGGER', value: (row) => row.trigger ?? '-' },
  ]);
}

function outageLines(summary: LogSummary): string[] {
  return section('Redis outages', summary.redisOutages, [
    { header: 'PROCESS', value: (outage) => outage.process },
    { header: 'DOWN', value: (outage) => at(outage.down) },
    { header: 'UP', value: (outage) => (outage.open ? 'still down at the end' : at(outage.up)) },
    { header: 'FOR', value: (outage) => (outage.downMs === null ? '-' : durationText(outage.downMs)) },
    { header: 'REASON', value: (outage) => outage.reason ?? '-', maxWidth: 70 },
  ]);
}

function daemonLines(summary: LogSummary): string[] {
  const { daemon } = summary;
  const counts = `${plural(daemon.starts, 'start')}, ${plural(daemon.stops, 'stop')}, ${plural(daemon.refusals, 'refusal')}, ${plural(daemon.kills, 'kill')}`;
  if (daemon.events.length === 0) return ['', 'Daemon: none'];
  return [
    '',
    `Daemon: ${counts}`,
    ...formatTable(daemon.events, [
      { header: 'AT', value: (event) => at(event.at) },
      { header: 'EVENT', value: (event) => event.event },
      { header: 'PROCESS', value: (event) => event.process },
      {
        header: 'DETAIL',
        value: (event) => (event.err ? `${event.err.code}: ${event.err.message}` : (event.role ?? '')),
        maxWidth: 80,
      },
    ]).map((line) => `  ${line}`),
  ];
}

export function summaryReport(summary: LogSummary): string[] {
  return [
    ...heading(summary),
    ...section('Feeds', summary.feeds, [
      { header: 'FEED', value: (feed) => feed.feedId },
      { header: 'OK', value: (feed) => String(feed.polled + feed.notModified) },
      { header: 'FAILED', value: (feed) => String(feed.failed) },
      { header: 'SKIPPED', value: (feed) => String(feed.skipped) },
      { header: 'FAILS IN A ROW', value: (feed) => String(feed.consecutiveFailures) },
      { header: 'LAST ERROR', value: (feed) => errorCell(feed.lastError), maxWidth: 90 },
    ]),
    ...section('Alerts', summary.alerts, [
      { header: 'WEBHOOK', value: (hook) => hook.webhookId },
      { header: 'DELIVERED', value: (hook) => String(hook.delivered) },
      { header: 'RETRIED', value: (hook) => String(hook.retried) },
      { header: 'DEAD-LETTERED', value: (hook) => String(hook.deadLettered) },
      { header: 'DROPPED', value: (hook) => String(hook.dropped) },
      { header: 'LAST ERROR', value: (hook) => errorCell(hook.lastError), maxWidth: 90 },
    ]),
    ...statusChangeLines(summary),
    ...outageLines(summary),
    ...daemonLines(summary),
    ...section('Job failures', summary.jobFailures, [
      { header: 'CODE', value: (failure) => failure.code },
      { header: 'COUNT', value: (failure) => String(failure.count) },
      {
        header: 'JOBS',
        value: (failure) =>
          Object.entries(failure.jobs)
            .map(([job, count]) => `${job} ×${count}`)
            .join(', '),
      },
      {
        header: 'LAST',
        value: ({ last }) => `${at(last.at)} ${last.message}${last.jobId ? ` (${last.jobId})` : ''}`,
        maxWidth: 90,
      },
    ]),
  ];
}
