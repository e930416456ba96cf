/**
 * The one catalog of error codes. Every failure that crosses a boundary (a feed, an item, a config file,
 * a CLI input) becomes a `PolicyWatchError` with one of these codes, so the log, the CLI and the feed
 * health record all name it the same way. `retryable` tells a scheduler whether trying again later can help.
 */
import { redactUrlsIn } from './text/redact-url.js';

export const ERROR_CATALOG = {
  FETCH_TIMEOUT: { retryable: true, summary: 'the server did not answer within the deadline' },
  FETCH_NETWORK: { retryable: true, summary: 'the connection failed' },
  FETCH_HTTP_ERROR: { retryable: true, summary: 'the server answered with an HTTP error status' },
  FETCH_RATE_LIMITED: { retryable: true, summary: 'the server asked us to slow down (429/503)' },
  FETCH_TOO_LARGE: { retryable: false, summary: 'the body is larger than the configured limit' },
  FETCH_TOO_MANY_REDIRECTS: { retryable: false, summary: 'more than 5 redirects' },
  FETCH_INSECURE_REDIRECT: { retryable: false, summary: 'a redirect from https to http' },
  FETCH_BAD_URL: { retryable: false, summary: 'the URL is not a valid http(s) URL' },
  FEED_EMPTY: { retryable: true, summary: 'the body is empty' },
  FEED_HTML: { retryable: false, summary: 'the body is an HTML page, not a feed' },
  FEED_INVALID: { retryable: false, summary: 'the body is not a feed that can be parsed' },
  FEED_UNSAFE: { retryable: false, summary: 'the document declares entities or a DTD, which we refuse' },
  INPUT_NOT_FOUND: { retryable: false, summary: 'the input file does not exist or cannot be read' },
  REDIS_UNAVAILABLE: { retryable: true, summary: 'Redis cannot be reached' },
  REDIS_EVICTION_POLICY: {
    retryable: false,
    summary: 'Redis may evict keys: its maxmemory-policy is not noeviction',
  },
  ALERT_DELIVERY_FAILED: { retryable: true, summary: 'the receiver did not accept the event' },
  LEDGER_CONTENDED: { retryable: true, summary: 'too many concurrent writers on one claim; try again' },
  CONFIG_INVALID: { retryable: false, summary: 'the configuration has problems' },
  INTERNAL: { retryable: false, summary: 'an unexpected internal error' },
} as const satisfies Record<string, { retryable: boolean; summary: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export class PolicyWatchError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  /** Structured context for logs (status, url host, limits…); never secrets. */
  readonly details: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    // Every message a user can see passes here: a URL it quotes loses its credentials and secret
    // query values (fetch's own errors quote the whole URL).
    super(redactUrlsIn(message), options);
    this.name = 'PolicyWatchError';
    this.code = code;
    this.retryable = ERROR_CATALOG[code].retryable;
    this.details = details;
  }

  /** The form every log line, CLI error line and health record uses. */
  toJSON(): { code: ErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

/**
 * The one shape an error takes on a log line: `err: {code, message}` (docs/operations.md "Log events"),
 * whatever was thrown — a PolicyWatchError, any Error, a string.
 */
export function errOf(thrown: unknown): { code: ErrorCode; message: string } {
  return toPolicyWatchError(thrown).toJSON();
}

/** Every `catch` goes through here, so unknown throwables become a typed error exactly once. */
export function toPolicyWatchError(thrown: unknown): PolicyWatchError {
  if (thrown instanceof PolicyWatchError) return thrown;
  if (thrown instanceof Error) return new PolicyWatchError('INTERNAL', thrown.message, {}, { cause: thrown });
  return new PolicyWatchError('INTERNAL', String(thrown));
}
