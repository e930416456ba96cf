/**
 * The shape of `policy-watch logs --summary` (and of its --json object): what one log says about each feed,
 * webhook, claim, Redis outage, daemon process and job failure. Times are ISO strings (UTC), null when the
 * line had no time.
 */
import type { LogLine } from './log-line.js';

export interface TimedError {
  code: string;
  message: string;
  /** ISO time of the line, null when it had none. */
  at: string | null;
}

export interface FeedSummary {
  feedId: string;
  /** `feed.polled`: a 200 parsed. */
  polled: number;
  /** `feed.not_modified`: a 304. */
  notModified: number;
  /** `feed.failed`. */
  failed: number;
  /** `feed.skipped`: backing off, cache fresh, already polled. */
  skipped: number;
  /** As of the feed's last poll in the log (0 after a success). */
  consecutiveFailures: number;
  /** `feed.failing` and `feed.recovered` transitions. */
  failing: number;
  recovered: number;
  lastError: TimedError | null;
}

export interface WebhookSummary {
  webhookId: string;
  delivered: number;
  retried: number;
  deadLettered: number;
  dropped: number;
  lastError: (TimedError & { eventId: string | null }) | null;
}

export interface StatusChange {
  seq: number | null;
  from: string;
  to: string;
  trigger: string | null;
  at: string | null;
}

export interface RedisOutage {
  /** `hostname/pid` of the daemon that saw it. */
  process: string;
  down: string | null;
  /** null while it was still down at the end of the log. */
  up: string | null;
  /** How long it lasted, or for an open one how long it had lasted at the end of the log. */
  downMs: number | null;
  open: boolean;
  reason: string | null;
}

export interface DaemonEvent {
  at: string | null;
  event: 'started' | 'stopped' | 'refused' | 'killed';
  process: string;
  role?: string;
  err?: { code: string; message: string };
}

export interface JobFailures {
  code: string;
  count: number;
  /** Failures per job name (`poll-feed`, `derive-status` …). */
  jobs: Record<string, number>;
  last: { at: string | null; message: string; jobId: string | null };
}

export interface LogSummary {
  lines: { records: number; notJson: number };
  span: { from: string | null; to: string | null };
  levels: Record<string, number>;
  feeds: FeedSummary[];
  alerts: WebhookSummary[];
  statusChanges: Array<{ claimId: string; changes: StatusChange[] }>;
  redisOutages: RedisOutage[];
  daemon: { starts: number; stops: number; refusals: number; kills: number; events: DaemonEvent[] };
  jobFailures: JobFailures[];
}

export interface SummaryBuilder {
  add(line: LogLine): void;
  finish(): LogSummary;
}
