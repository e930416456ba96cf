/**
 * One log line for a person, on one line: time (UTC, to the second), level, event, the message, its error
 * as `CODE: message`, then the ids an operator follows a story by (feedId, claimId, webhookId, jobId).
 * A line that is not JSON is shown as it is. Colour (by level; ids dimmed) only when asked: the command
 * asks when stdout is a terminal.
 *
 * Our own formatter rather than pino-pretty: pino-pretty prints every field of a record on lines of its own
 * (a `claim.status_changed` brings its tally and evidence arrays), and bending it to one line with the ids
 * we want (`ignore`, `singleLine`, `messageFormat` templates) is this same formatter written in its option
 * language, for ten more packages. The records are parsed here anyway, for the filters and the summary.
 */
import { LOG_EVENTS } from '../log.js';
import {
  errorOf,
  type LogLine,
  type LogRecord,
  levelName,
  levelOf,
  stringField,
  timeOf,
} from './log-line.js';

export interface RenderOptions {
  /** ANSI colours. @defaultValue false */
  colour?: boolean;
}

const ID_FIELDS = ['feedId', 'claimId', 'webhookId', 'jobId'] as const;

const EVENT_WIDTH = Math.max(...Object.values(LOG_EVENTS).map((event) => event.length));

const ANSI = { red: 31, green: 32, yellow: 33, grey: 90 } as const;

function paint(text: string, colour: keyof typeof ANSI, on: boolean): string {
  return on ? `\u001b[${ANSI[colour]}m${text}\u001b[39m` : text;
}

function levelColour(level: number | undefined): keyof typeof ANSI {
  if (level === undefined || level < 30) return 'grey';
  if (level < 40) return 'green';
  return level < 50 ? 'yellow' : 'red';
}

/** `2025-06-05 10:00:03`: UTC, like every time the CLI prints. */
export function timeCell(ms: number | undefined): string {
  return ms === undefined ? '-'.padEnd(19) : new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** The message with its error: `CODE: message`, or only `[CODE]` when the message already says it. */
function messageWithError(record: LogRecord): string {
  const msg = (stringField(record, 'msg') ?? '').replace(/\s*\n\s*/g, ' ');
  const err = errorOf(record);
  if (!err) return msg;
  if (err.message !== '' && msg.includes(err.message)) return `${msg} [${err.code}]`;
  const error = err.message === '' ? err.code : `${err.code}: ${err.message}`;
  return msg === '' ? error : `${msg} — ${error}`;
}

function ids(record: LogRecord): string {
  return ID_FIELDS.flatMap((field) => {
    const value = record[field];
    return typeof value === 'string' || typeof value === 'number' ? [`${field}=${value}`] : [];
  }).join(' ');
}

export function renderRecord(record: LogRecord, options: RenderOptions = {}): string {
  const colour = options.colour === true;
  const level = levelOf(record);
  const cells = [
    timeCell(timeOf(record)),
    paint(levelName(level).toUpperCase().padEnd(5), levelColour(level), colour),
    (stringField(record, 'event') ?? '-').padEnd(EVENT_WIDTH),
    messageWithError(record),
  ];
  const idText = ids(record);
  if (idText) cells.push(paint(idText, 'grey', colour));
  return cells.join(' ').trimEnd();
}

export function renderLine(line: LogLine, options: RenderOptions = {}): string {
  return line.kind === 'text' ? line.raw : renderRecord(line.record, options);
}
