/**
 * The root logger and the log vocabulary. pino JSON on stdout (or the given destination); redaction is set
 * here once, because a child's `redact` replaces the parent's in pino 10 rather than adding to it.
 */

import { hostname } from 'node:os';
import { type DestinationStream, type Logger, pino } from 'pino';
import { readEnv } from './config/env.js';
import { errOf } from './errors.js';

/** Fixed `event` values: ops filter on these, docs/operations.md lists them with their fields. */
export const LOG_EVENTS = {
  daemonStarted: 'daemon.started',
  daemonRefused: 'daemon.refused',
  daemonSignal: 'daemon.signal',
  daemonKilled: 'daemon.killed',
  daemonStopping: 'daemon.stopping',
  daemonStopped: 'daemon.stopped',
  configReloaded: 'config.reloaded',
  configReloadFailed: 'config.reload_failed',
  schedulerStarted: 'scheduler.started',
  schedulerCron: 'scheduler.cron',
  pollEnqueued: 'poll.enqueued',
  pollEnqueueFailed: 'poll.enqueue_failed',
  feedSkipped: 'feed.skipped',
  feedPolled: 'feed.polled',
  feedNotModified: 'feed.not_modified',
  feedFailed: 'feed.failed',
  itemMatched: 'item.matched',
  evidenceRecorded: 'evidence.recorded',
  evidenceDuplicate: 'evidence.duplicate',
  evidenceUpgraded: 'evidence.upgraded',
  claimDerived: 'claim.derived',
  evidenceSkipped: 'evidence.skipped',
  claimStatusChanged: 'claim.status_changed',
  claimResolved: 'claim.resolved',
  evidenceDismissed: 'evidence.dismissed',
  sweepFinished: 'sweep.finished',
  alertDelivered: 'alert.delivered',
  alertRetrying: 'alert.retrying',
  alertDeadLettered: 'alert.dead_lettered',
  alertDropped: 'alert.dropped',
  alertWaiting: 'alert.waiting',
  alertInFlight: 'alert.in_flight',
  alertCaughtUp: 'alert.caught_up',
  alertRequeued: 'alert.requeued',
  feedFailing: 'feed.failing',
  feedRecovered: 'feed.recovered',
  jobFailed: 'job.failed',
  redisError: 'redis.error',
  redisDown: 'redis.down',
  redisUp: 'redis.up',
  redisFailover: 'redis.failover',
  httpListening: 'http.listening',
  httpError: 'http.error',
} as const;

export type LogEvent = (typeof LOG_EVENTS)[keyof typeof LOG_EVENTS];

export const REDACTED_PATHS = [
  'secret',
  '*.secret',
  'headers.authorization',
  'headers["webhook-signature"]',
  '*.headers.authorization',
];

export interface LoggerOptions {
  /** @defaultValue LOG_LEVEL (config/env.ts), else 'info' */
  level?: string;
  /** Where lines go. @defaultValue stdout */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? readEnv('LOG_LEVEL') ?? 'info';
  // pid and hostname tell replicas apart in one log stream; a `base` of our own replaces pino's, so both
  // are named here again beside the service.
  const base = { service: 'policy-watch', pid: process.pid, hostname: hostname() };
  // `err` is always {code, message} (errors.ts errOf); pino's own err serializer would add `type` and a
  // stack — and every enumerable field, such as ioredis' `command` with its arguments, a whole Lua script
  // among them — and an Error that reaches a line some other way is put into the same shape.
  const serializers = { err: (value: unknown) => (value instanceof Error ? errOf(value) : value) };
  const settings = { level, base, redact: REDACTED_PATHS, serializers };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

export type { Logger };
