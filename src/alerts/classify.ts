/**
 * What a webhook's answer means for the delivery, as pure functions (deliver.ts does the I/O):
 *   - 2xx → delivered.
 *   - 408, 429, 5xx → retry; 429 and 503 may carry Retry-After (RFC 9110 §10.2.3: delta-seconds or an
 *     HTTP-date), returned as retryAfterMs.
 *   - any 1xx/3xx (a redirect is never followed: the signature was made for this receiver, and a moved
 *     endpoint is a config change) and every other 4xx → dead, with the status and the body's first bytes.
 *   - thrown: our deadline → retry ("did not answer within"); a connection, DNS or TLS failure → retry
 *     with its code; a request Node refuses to build (an ERR_* code, or none) → dead.
 * Messages name the webhook and the URL's host only: the path and query of a Slack or gateway URL are
 * credentials, and the signature and secret never appear anywhere in a DeliveryAttempt.
 */

import { parseRetryAfter } from '../retry-after.js';
import type { DeliveryAttempt } from './types.js';

/** The first bytes of a refused answer kept for the dead letter. */
export const BODY_START_BYTES = 200;

export interface AnswerContext {
  /** Names the receiver in messages, e.g. `webhook ops at hooks.example.com`. */
  target: string;
  durationMs: number;
  retryAfter?: string | null | undefined;
  /** The answer's first bytes, already cut and cleaned (bodyStartOf). */
  bodyStart?: string | undefined;
  now: number;
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

export function classifyAnswer(status: number, statusText: string, context: AnswerContext): DeliveryAttempt {
  const { durationMs } = context;
  if (status >= 200 && status <= 299) return { outcome: 'delivered', httpStatus: status, durationMs };
  const answered = `${context.target} answered HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  if (isRetryableStatus(status)) {
    const retryAfterMs =
      status === 429 || status === 503 ? parseRetryAfter(context.retryAfter, context.now) : undefined;
    const wait = retryAfterMs === undefined ? '' : ` (retry after ${Math.ceil(retryAfterMs / 1000)} s)`;
    return {
      outcome: 'retry',
      httpStatus: status,
      durationMs,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      error: `${answered}${wait}`,
    };
  }
  const why = status >= 300 && status <= 399 ? ' (a redirect; webhook redirects are not followed)' : '';
  return {
    outcome: 'dead',
    httpStatus: status,
    durationMs,
    error: `${answered}${why}`,
    ...(context.bodyStart ? { bodyStart: context.bodyStart } : {}),
  };
}

/**
 * The answer's first BODY_START_BYTES as text: any of `hide` replaced first (over everything read, so a
 * signature straddling the cut is still caught), control characters blanked, then cut on a character edge.
 */
export function bodyStartOf(bytes: Uint8Array, hide: readonly string[]): string {
  let text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  // A receiver echoing our headers back must not put the signature into a dead letter or the CLI.
  for (const secret of hide) if (secret) text = text.replaceAll(secret, '[redacted]');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point (terminal safety).
  text = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ');
  let start = '';
  let size = 0;
  for (const char of text) {
    size += Buffer.byteLength(char);
    if (size > BODY_START_BYTES) break;
    start += char;
  }
  return start;
}

/** The first `code` along an error's cause chain (a TLS or proxy error may nest the socket's). */
function rootCode(thrown: unknown): string | undefined {
  let current: unknown = thrown;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

export interface ThrownContext {
  target: string;
  durationMs: number;
  timeoutMs: number;
  timedOut: boolean;
  /** The caller's signal (shutdown) fired: the receiver told us nothing, try again later. */
  aborted: boolean;
}

/**
 * Node's own ERR_* codes (a header value with a newline, a URL it cannot use) are refusals to build the
 * request: no retry will change them. Every other code is the network's (ECONNREFUSED, ECONNRESET,
 * ENOTFOUND, a malformed answer) or the TLS handshake's (ERR_TLS_*, ERR_SSL_*: a certificate can be
 * fixed): worth another try.
 */
function isRefusal(code: string): boolean {
  return code.startsWith('ERR_') && !code.startsWith('ERR_TLS_') && !code.startsWith('ERR_SSL_');
}

export function classifyThrown(thrown: unknown, context: ThrownContext): DeliveryAttempt {
  const { target, durationMs } = context;
  if (context.timedOut) {
    return { outcome: 'retry', durationMs, error: `${target} did not answer within ${context.timeoutMs} ms` };
  }
  if (context.aborted) return { outcome: 'retry', durationMs, error: `delivery to ${target} was cancelled` };
  const code = rootCode(thrown);
  if (code && !isRefusal(code)) {
    return { outcome: 'retry', durationMs, error: `could not reach ${target}: ${code}` };
  }
  const kind = code ?? (thrown instanceof Error ? thrown.name : 'error');
  return {
    outcome: 'dead',
    durationMs,
    error: `could not send to ${target}: the request was refused (${kind})`,
  };
}
