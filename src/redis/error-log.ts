/**
 * `redis.error` lines: a failed Redis command named by its command (ioredis' `evalsha`, `hget` …) and, for
 * a Lua script, the script's name (redis/lua.ts) or the start of its SHA1, with the error's code and message
 * — never the command's arguments: an EVAL carries the whole script (ioredis sends the source on a
 * connection's first use of a script), and the others carry keys and job data. A message is cut to
 * MAX_MESSAGE characters.
 *
 * A failing command usually fails again at once (a worker's loop, every connection of a pool): the same
 * error of the same command is logged once per window, and the next line that gets through says how many
 * were folded into it (`repeated`).
 */
import { errOf } from '../errors.js';
import { LOG_EVENTS, type Logger } from '../log.js';
import { declaredScript, sha1 } from './lua.js';

export const MAX_MESSAGE = 300;

export interface RedisErrorFields {
  err: ReturnType<typeof errOf>;
  /** The Redis command that failed, lower case, when the error says. */
  command?: string;
  /** For EVAL / EVALSHA: the script's name, or the first 12 hex digits of its SHA1. */
  script?: string;
}

function commandOf(error: unknown): { name: string; first?: unknown } | undefined {
  const command = (error as { command?: { name?: unknown; args?: unknown } } | undefined)?.command;
  if (typeof command?.name !== 'string') return undefined;
  return { name: command.name, first: Array.isArray(command.args) ? command.args[0] : undefined };
}

function scriptOf(name: string, first: unknown): string | undefined {
  if (typeof first !== 'string') return undefined;
  const sha = name === 'evalsha' ? first : name === 'eval' ? sha1(first) : undefined;
  if (!sha) return undefined;
  return declaredScript(sha)?.name ?? sha.slice(0, 12);
}

export function redisErrorFields(error: unknown): RedisErrorFields {
  const err = errOf(error);
  const fields: RedisErrorFields = {
    err:
      err.message.length > MAX_MESSAGE ? { ...err, message: `${err.message.slice(0, MAX_MESSAGE)}…` } : err,
  };
  const command = commandOf(error);
  if (command) {
    fields.command = command.name.toLowerCase();
    const script = scriptOf(fields.command, command.first);
    if (script) fields.script = script;
  }
  return fields;
}

export interface RedisErrorLogOptions {
  /** The same error of the same command is logged once per this many ms. @defaultValue 10_000 */
  windowMs?: number;
  /** @defaultValue Date.now */
  now?: () => number;
}

/** The line's `msg`: the subject, then what failed and why. */
function sentence(subject: string, fields: RedisErrorFields): string {
  const what = fields.command && (fields.script ? `${fields.command} ${fields.script}` : fields.command);
  return what ? `${subject}: ${what} failed: ${fields.err.message}` : `${subject}: ${fields.err.message}`;
}

export type RedisErrorLog = (error: unknown, subject: string, level?: 'error' | 'warn') => void;

/** Logs `redis.error` at `level` about `subject` (`worker poll-feed`), folding repeats (see above). */
export function redisErrorLog(logger: Logger, options: RedisErrorLogOptions = {}): RedisErrorLog {
  const windowMs = options.windowMs ?? 10_000;
  const now = options.now ?? Date.now;
  const seen = new Map<string, { at: number; folded: number }>();
  return (error, subject, level = 'error') => {
    const fields = redisErrorFields(error);
    const key = [fields.command, fields.script, fields.err.code, fields.err.message].join('\u0000');
    const at = now();
    const last = seen.get(key);
    if (last && at - last.at < windowMs) {
      last.folded += 1;
      return;
    }
    if (seen.size > 100) {
      for (const [old, entry] of seen) if (at - entry.at >= windowMs) seen.delete(old);
    }
    seen.set(key, { at, folded: 0 });
    const repeated = last?.folded ? { repeated: last.folded } : {};
    logger[level]({ event: LOG_EVENTS.redisError, ...fields, ...repeated }, sentence(subject, fields));
  };
}
