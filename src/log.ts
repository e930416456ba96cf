/**
 * The root logger and the log vocabulary. pino JSON on stdout (or the given destination); redaction is set
 * here once, because a child's `redact` replaces the parent's in pino 10 rather than adding to it.
 */
import { type DestinationStream, type Logger, pino } from 'pino';

/** Fixed `event` values: ops filter on these, docs/operations.md lists them with their fields. */
export const LOG_EVENTS = {
  configLoaded: 'config.loaded',
  configInvalid: 'config.invalid',
  feedFetched: 'feed.fetched',
  feedNotModified: 'feed.not_modified',
  feedFailed: 'feed.failed',
  feedParsed: 'feed.parsed',
  itemMatched: 'item.matched',
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
  /** @defaultValue process.env.LOG_LEVEL ?? 'info' */
  level?: string;
  /** Where lines go. @defaultValue stdout */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const settings = { level, base: { service: 'policy-watch' }, redact: REDACTED_PATHS };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

export type { Logger };
