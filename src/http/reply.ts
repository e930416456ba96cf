/**
 * What a route answers, as a value: the server writes it (server.ts), so handlers never touch the
 * response and a thrown error can still become a JSON answer.
 *
 * Error bodies are `{"error": {"code", "message"}}`. Codes are the HTTP-level ones below, or a code of the
 * error catalog (src/errors.ts) for a failure inside the pipeline's own modules.
 */
import type { ErrorCode } from '../errors.js';
import { toRedisAwareError } from '../redis/connection-error.js';

export interface Reply {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

/** The answers the server itself gives for a request it cannot route. */
export const HTTP_ERRORS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  HEADERS_TOO_LARGE: 431,
} as const;

export type HttpErrorCode = keyof typeof HTTP_ERRORS;

const JSON_TYPE = 'application/json; charset=utf-8';

export function jsonReply(status: number, value: unknown, headers?: Record<string, string>): Reply {
  return { status, contentType: JSON_TYPE, body: JSON.stringify(value), ...(headers ? { headers } : {}) };
}

export function errorReply(
  code: HttpErrorCode | ErrorCode,
  message: string,
  headers?: Record<string, string>,
): Reply {
  const status = code in HTTP_ERRORS ? HTTP_ERRORS[code as HttpErrorCode] : statusOf(code as ErrorCode);
  return jsonReply(status, { error: { code, message } }, headers);
}

export function notFound(message: string): Reply {
  return errorReply('NOT_FOUND', message);
}

function statusOf(code: ErrorCode): number {
  // Redis being away is the one failure a client can wait out: 503, as /readyz says.
  return code === 'REDIS_UNAVAILABLE' ? 503 : 500;
}

/**
 * The answer to an error a handler threw. A REDIS_UNAVAILABLE keeps its message (it says what to wait
 * for); anything else is an internal error whose message stays in the log, not in the answer.
 */
export function thrownReply(thrown: unknown): Reply {
  const error = toRedisAwareError(thrown);
  if (error.code === 'REDIS_UNAVAILABLE') return errorReply(error.code, error.message);
  return errorReply(error.code, 'internal error; the daemon log has the details');
}
