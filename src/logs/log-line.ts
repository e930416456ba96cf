/**
 * One line of a policy-watch log, read back for review: a pino record (a JSON object, as src/log.ts writes
 * them) or a line that is not JSON (a stray stack trace, a line cut short when the process died), kept as it
 * was. The accessors read the fields src/log.ts and its callers write; a field of another type reads as
 * absent, so a line from some other program never throws.
 */

/** pino's level names and numbers. */
export const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;
export type LevelName = keyof typeof LEVELS;

export type LogRecord = Record<string, unknown>;

export type LogLine = { kind: 'record'; raw: string; record: LogRecord } | { kind: 'text'; raw: string };

/** The line read, or undefined for a blank line (nothing to show or count). */
export function parseLogLine(raw: string): LogLine | undefined {
  if (raw.trim() === '') return undefined;
  if (raw.trimStart().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        return { kind: 'record', raw, record: parsed as LogRecord };
      }
    } catch {
      // Not JSON after all (a line cut short): shown as text below.
    }
  }
  return { kind: 'text', raw };
}

export function stringField(record: LogRecord, name: string): string | undefined {
  const value = record[name];
  return typeof value === 'string' ? value : undefined;
}

export function numberField(record: LogRecord, name: string): number | undefined {
  const value = record[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Epoch ms: pino writes a number; an ISO string (pino's isoTime) is read too. */
export function timeOf(record: LogRecord): number | undefined {
  const value = record.time;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/** The level as pino's number; a label (pino's `formatters.level`) is read too. */
export function levelOf(record: LogRecord): number | undefined {
  const value = record.level;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value in LEVELS) return LEVELS[value as LevelName];
  return undefined;
}

export function levelName(level: number | undefined): string {
  if (level === undefined) return '-';
  const found = Object.entries(LEVELS).find(([, number]) => number === level);
  return found ? found[0] : String(level);
}

export interface LoggedError {
  code: string;
  message: string;
}

/** `err: {code, message}` (src/log.ts); a bare string is taken as the message. */
export function errorOf(record: LogRecord): LoggedError | undefined {
  const err = record.err;
  if (typeof err === 'string') return { code: 'UNKNOWN', message: err };
  if (err === null || typeof err !== 'object') return undefined;
  const { code, message } = err as Record<string, unknown>;
  return {
    code: typeof code === 'string' ? code : 'UNKNOWN',
    message: typeof message === 'string' ? message : '',
  };
}

/** `host/pid`: which process wrote the line, so replicas writing to one stream are told apart. */
export function processOf(record: LogRecord): string {
  const host = stringField(record, 'hostname') ?? '?';
  const pid = record.pid;
  return `${host}/${typeof pid === 'number' || typeof pid === 'string' ? pid : '?'}`;
}
