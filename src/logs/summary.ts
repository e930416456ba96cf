/**
 * A day of logs in one report, built line by line (a log of any size is read once, never held): the time
 * span; per feed its polls and the last error; per webhook its deliveries and the last error; each claim's
 * status changes; Redis outages; daemon starts, stops and refusals; job failures by error code.
 *
 * It reads the events and fields the code writes (docs/operations.md "Log events"): `feedId`, `webhookId`
 * and `jobId`/`job` come from the job's child logger, `err` is always `{code, message}`. Lines of several
 * replicas may share one stream: an outage is paired per process (hostname and pid), and a claim's changes
 * are ordered by `seq`.
 */
import { LOG_EVENTS } from '../log.js';
import {
  errorOf,
  type LogLine,
  type LogRecord,
  levelName,
  levelOf,
  numberField,
  processOf,
  stringField,
  timeOf,
} from './log-line.js';
import type {
  DaemonEvent,
  FeedSummary,
  JobFailures,
  LogSummary,
  RedisOutage,
  StatusChange,
  SummaryBuilder,
  WebhookSummary,
} from './summary-types.js';

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

function entry<Value>(map: Map<string, Value>, key: string, create: () => Value): Value {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

const sortedBy = <Value>(map: Map<string, Value>) =>
  [...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, value]) => value);

export function summaryBuilder(): SummaryBuilder {
  const lines = { records: 0, notJson: 0 };
  let first: number | undefined;
  let last: number | undefined;
  const levels = new Map<string, number>();
  const feeds = new Map<string, FeedSummary>();
  const webhooks = new Map<string, WebhookSummary>();
  const changes = new Map<string, StatusChange[]>();
  const outages: RedisOutage[] = [];
  const openOutages = new Map<string, { outage: RedisOutage; since: number | undefined }>();
  const daemon = { starts: 0, stops: 0, refusals: 0, kills: 0, events: [] as DaemonEvent[] };
  const jobFailures = new Map<string, JobFailures>();

  const feed = (id: string) =>
    entry(feeds, id, () => ({
      feedId: id,
      polled: 0,
      notModified: 0,
      failed: 0,
      skipped: 0,
      consecutiveFailures: 0,
      failing: 0,
      recovered: 0,
      lastError: null,
    }));
  const webhook = (id: string) =>
    entry(webhooks, id, () => ({
      webhookId: id,
      delivered: 0,
      retried: 0,
      deadLettered: 0,
      dropped: 0,
      lastError: null,
    }));

  function onFeed(event: string, feedId: string, record: LogRecord, at: string | null): void {
    const summary = feed(feedId);
    if (event === LOG_EVENTS.feedPolled) summary.polled += 1;
    else if (event === LOG_EVENTS.feedNotModified) summary.notModified += 1;
    else if (event === LOG_EVENTS.feedSkipped) summary.skipped += 1;
    else if (event === LOG_EVENTS.feedFailing) summary.failing += 1;
    else if (event === LOG_EVENTS.feedRecovered) summary.recovered += 1;
    if (event === LOG_EVENTS.feedPolled || event === LOG_EVENTS.feedNotModified) {
      summary.consecutiveFailures = 0;
    }
    if (event === LOG_EVENTS.feedFailed) {
      summary.failed += 1;
      summary.consecutiveFailures =
        numberField(record, 'consecutiveFailures') ?? summary.consecutiveFailures + 1;
      const err = errorOf(record);
      if (err) summary.lastError = { ...err, at };
    }
  }

  function onAlert(event: string, webhookId: string, record: LogRecord, at: string | null): void {
    const summary = webhook(webhookId);
    if (event === LOG_EVENTS.alertDelivered) summary.delivered += 1;
    else if (event === LOG_EVENTS.alertRetrying) summary.retried += 1;
    else if (event === LOG_EVENTS.alertDeadLettered) summary.deadLettered += 1;
    else if (event === LOG_EVENTS.alertDropped) summary.dropped += 1;
    const err = errorOf(record);
    if (err && (event === LOG_EVENTS.alertRetrying || event === LOG_EVENTS.alertDeadLettered)) {
      summary.lastError = { ...err, at, eventId: stringField(record, 'eventId') ?? null };
    }
  }

  function onRedis(event: string, record: LogRecord, time: number | undefined): void {
    const process = processOf(record);
    const open = openOutages.get(process);
    if (event === LOG_EVENTS.redisDown && !open) {
      const outage: RedisOutage = {
        process,
        down: iso(time),
        up: null,
        downMs: null,
        open: true,
        reason: errorOf(record)?.message ?? null,
      };
      outages.push(outage);
      openOutages.set(process, { outage, since: time });
    } else if (event === LOG_EVENTS.redisUp || event === LOG_EVENTS.redisFailover) {
      // A failover ends the outage as a return does (redis/outage.ts), at another server.
      const downMs = numberField(record, 'downMs');
      if (open) {
        openOutages.delete(process);
        Object.assign(open.outage, { up: iso(time), open: false });
        open.outage.downMs =
          downMs ?? (time !== undefined && open.since !== undefined ? time - open.since : null);
      } else {
        // The outage began before the first line read (or before --since): its start is known from downMs.
        const down = time !== undefined && downMs !== undefined ? iso(time - downMs) : null;
        outages.push({ process, down, up: iso(time), downMs: downMs ?? null, open: false, reason: null });
      }
    }
  }

  function onDaemon(event: string, record: LogRecord, at: string | null): void {
    const base = { at, process: processOf(record) };
    if (event === LOG_EVENTS.daemonStarted) {
      daemon.starts += 1;
      daemon.events.push({ ...base, event: 'started', role: stringField(record, 'role') ?? 'all' });
    } else if (event === LOG_EVENTS.daemonStopped) {
      daemon.stops += 1;
      daemon.events.push({ ...base, event: 'stopped' });
    } else if (event === LOG_EVENTS.daemonKilled) {
      daemon.kills += 1;
      daemon.events.push({ ...base, event: 'killed' });
    } else if (event === LOG_EVENTS.daemonRefused) {
      daemon.refusals += 1;
      const err = errorOf(record);
      daemon.events.push({ ...base, event: 'refused', ...(err ? { err } : {}) });
    }
  }

  function onJobFailed(record: LogRecord, at: string | null): void {
    const err = errorOf(record) ?? { code: 'UNKNOWN', message: '' };
    const failures = entry(jobFailures, err.code, () => ({
      code: err.code,
      count: 0,
      jobs: {},
      last: { at, message: err.message, jobId: null },
    }));
    failures.count += 1;
    const job = stringField(record, 'job') ?? '?';
    failures.jobs[job] = (failures.jobs[job] ?? 0) + 1;
    failures.last = { at, message: err.message, jobId: stringField(record, 'jobId') ?? null };
  }

  function addRecord(record: LogRecord): void {
    lines.records += 1;
    const time = timeOf(record);
    if (time !== undefined) {
      first = first === undefined ? time : Math.min(first, time);
      last = last === undefined ? time : Math.max(last, time);
    }
    const level = levelName(levelOf(record));
    levels.set(level, (levels.get(level) ?? 0) + 1);
    const event = stringField(record, 'event');
    if (!event) return;
    const at = iso(time);
    const feedId = stringField(record, 'feedId');
    const webhookId = stringField(record, 'webhookId');
    if (event.startsWith('feed.') && feedId) onFeed(event, feedId, record, at);
    else if (event.startsWith('alert.') && webhookId) onAlert(event, webhookId, record, at);
    else if (event.startsWith('redis.')) onRedis(event, record, time);
    else if (event.startsWith('daemon.')) onDaemon(event, record, at);
    else if (event === LOG_EVENTS.jobFailed) onJobFailed(record, at);
    else if (event === LOG_EVENTS.claimStatusChanged) {
      const claimId = stringField(record, 'claimId') ?? '?';
      entry(changes, claimId, () => []).push({
        seq: numberField(record, 'seq') ?? null,
        from: stringField(record, 'from') ?? '?',
        to: stringField(record, 'to') ?? '?',
        trigger: stringField(record, 'trigger') ?? null,
        at,
      });
    }
  }

  return {
    add: (line) => {
      if (line.kind === 'record') addRecord(line.record);
      else lines.notJson += 1;
    },
    finish: () => {
      for (const { outage, since } of openOutages.values()) {
        outage.downMs = since !== undefined && last !== undefined ? last - since : null;
      }
      return {
        lines: { ...lines },
        span: { from: iso(first), to: iso(last) },
        levels: Object.fromEntries(levels),
        feeds: sortedBy(feeds),
        alerts: sortedBy(webhooks),
        statusChanges: [...changes.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([claimId, list]) => ({
            claimId,
            changes: [...list].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)),
          })),
        redisOutages: outages,
        daemon: { ...daemon, events: [...daemon.events] },
        jobFailures: [...jobFailures.values()].sort(
          (a, b) => b.count - a.count || a.code.localeCompare(b.code),
        ),
      };
    },
  };
}

/** The summary of lines already in hand (tests; the command streams through summaryBuilder). */
export function summarise(lines: Iterable<LogLine>): LogSummary {
  const builder = summaryBuilder();
  for (const line of lines) builder.add(line);
  return builder.finish();
}
