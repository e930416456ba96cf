/**
 * Which lines of a log `policy-watch logs` keeps: `--since`, `--feed`, `--claim` and `--level`, each a
 * condition on a pino record's `time`, `feedId`, `claimId` and `level`, all of them required. A record that
 * lacks the field a condition reads is dropped by that condition (it cannot show it is wanted).
 *
 * A line that is not JSON has none of these fields, so no condition can judge it; it goes with the record
 * before it (a stack trace printed after an error line belongs to that line). Before the first record it
 * is kept only when no condition is set.
 */
import {
  LEVELS,
  type LevelName,
  type LogLine,
  type LogRecord,
  levelOf,
  stringField,
  timeOf,
} from './log-line.js';

export interface LogFilter {
  /** Keep records at or after this time (epoch ms). */
  since?: number;
  feedId?: string;
  claimId?: string;
  /** Keep records at this pino level or above. */
  minLevel?: number;
}

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** A date or time, UTC unless it names its offset (every time the CLI prints is UTC). */
const ISO_TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:\d{2})?)?$/i;

/**
 * `--since`: an ISO date or date-time (`2025-06-05`, `2025-06-05T10:00`, `2025-06-05T10:00:00+08:00`), or
 * a duration before `now` (`90s`, `30m`, `2h`, `1d`, `1w`). Epoch ms, or undefined when it is neither.
 */
export function parseSince(text: string, now: number): number | undefined {
  const trimmed = text.trim();
  const relative = /^(\d+)\s*([smhdw])$/i.exec(trimmed);
  if (relative) {
    const unit = relative[2]?.toLowerCase() as keyof typeof UNIT_MS;
    return now - Number(relative[1]) * UNIT_MS[unit];
  }
  const iso = ISO_TIME.exec(trimmed);
  if (!iso) return undefined;
  const [, day, time, zone] = iso;
  const ms = Date.parse(time ? `${day}T${time}${zone ?? 'Z'}` : `${day}T00:00:00Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** `--level`: a pino level name (`warn`) or its number (`40`). */
export function parseLevel(text: string): number | undefined {
  const name = text.trim().toLowerCase();
  if (name in LEVELS) return LEVELS[name as LevelName];
  const number = Number(name);
  return (Object.values(LEVELS) as number[]).includes(number) ? number : undefined;
}

export function hasConditions(filter: LogFilter): boolean {
  return (
    filter.since !== undefined ||
    filter.feedId !== undefined ||
    filter.claimId !== undefined ||
    filter.minLevel !== undefined
  );
}

export function keepsRecord(record: LogRecord, filter: LogFilter): boolean {
  if (filter.since !== undefined && !((timeOf(record) ?? -Infinity) >= filter.since)) return false;
  if (filter.minLevel !== undefined && !((levelOf(record) ?? -Infinity) >= filter.minLevel)) return false;
  if (filter.feedId !== undefined && stringField(record, 'feedId') !== filter.feedId) return false;
  if (filter.claimId !== undefined && stringField(record, 'claimId') !== filter.claimId) return false;
  return true;
}

/** A judge for the lines of one log, in order: it remembers the verdict on the last record. */
export function lineSelector(filter: LogFilter): (line: LogLine) => boolean {
  let lastKept = !hasConditions(filter);
  return (line) => {
    if (line.kind === 'text') return lastKept;
    lastKept = keepsRecord(line.record, filter);
    return lastKept;
  };
}
