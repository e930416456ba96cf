/**
 * The PolicyWatchErrors fetchFeed returns for an HTTP status it will not use, and for whatever fetch()
 * throws. One sentence each, naming the host and the reason; never the path or query (they can carry tokens).
 *   - 429 and 503 → FETCH_RATE_LIMITED (RFC 6585 §4, RFC 9110 §15.6.4: both may carry Retry-After).
 *   - other 3xx/4xx/5xx → FETCH_HTTP_ERROR. The catalog keeps it retryable; `details.likelyPermanent` marks
 *     the 4xx (except 408) for which trying again is unlikely to help, so a scheduler can back off harder.
 *   - thrown: the deadline → FETCH_TIMEOUT; the caller's signal → FETCH_NETWORK with `details.aborted`;
 *     a connection/DNS/TLS failure → FETCH_NETWORK with the cause code (ECONNREFUSED, ENOTFOUND…).
 */
import { PolicyWatchError, toPolicyWatchError } from '../../errors.js';

export function statusError(
  status: number,
  statusText: string,
  host: string,
  retryAfterMs?: number,
): PolicyWatchError {
  const answered = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  if (status === 429 || status === 503) {
    const wait = retryAfterMs === undefined ? '' : ` (retry after ${Math.ceil(retryAfterMs / 1000)} s)`;
    return new PolicyWatchError(
      'FETCH_RATE_LIMITED',
      `The feed at ${host} answered ${answered}, asking us to slow down${wait}.`,
      { host, status, retryAfterMs },
    );
  }
  const likelyPermanent = status >= 400 && status < 500 && status !== 408;
  return new PolicyWatchError('FETCH_HTTP_ERROR', `The feed at ${host} answered ${answered}.`, {
    host,
    status,
    likelyPermanent,
  });
}

export function tooLargeError(host: string, maxBytes: number, declaredBytes?: number): PolicyWatchError {
  const what =
    declaredBytes === undefined ? 'The body' : `The declared Content-Length (${declaredBytes} bytes)`;
  return new PolicyWatchError(
    'FETCH_TOO_LARGE',
    `${what} of the feed at ${host} exceeds the ${maxBytes}-byte limit.`,
    { host, maxBytes, declaredBytes },
  );
}

/** The first `code` (and its message) along an error's cause chain; undici nests the socket error there. */
function rootCause(thrown: unknown): { code?: string; message?: string } {
  let current: unknown = thrown;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return { code, message: current.message };
    if (!current.cause) return { message: current.message };
    current = current.cause;
  }
  return {};
}

export interface ThrownContext {
  host: string;
  timeoutMs: number;
  /** The deadline timer fired. */
  timedOut: boolean;
  /** The caller's signal fired. */
  aborted: boolean;
}

export function thrownError(thrown: unknown, context: ThrownContext): PolicyWatchError {
  const { host, timeoutMs } = context;
  if (context.timedOut) {
    return new PolicyWatchError(
      'FETCH_TIMEOUT',
      `The feed at ${host} did not finish within ${timeoutMs} ms.`,
      {
        host,
        timeoutMs,
      },
    );
  }
  if (context.aborted) {
    return new PolicyWatchError('FETCH_NETWORK', `Fetching the feed at ${host} was cancelled.`, {
      host,
      aborted: true,
    });
  }
  // fetch() reports every transport failure as TypeError('fetch failed') with the real error as `cause`.
  if (!(thrown instanceof TypeError) || thrown.message !== 'fetch failed') return toPolicyWatchError(thrown);
  const cause = rootCause(thrown.cause);
  if (cause.message === 'bad port') {
    // undici refuses the WHATWG "bad ports" (25, 6000…) before connecting.
    return new PolicyWatchError('FETCH_BAD_URL', `The feed URL for ${host} uses a port that fetch refuses.`, {
      host,
    });
  }
  // Node's messages usually contain the code ("connect ECONNREFUSED 127.0.0.1:80"); undici's do not.
  const reason =
    cause.code && !cause.message?.includes(cause.code) ? `${cause.code} (${cause.message})` : cause.message;
  return new PolicyWatchError(
    'FETCH_NETWORK',
    `Could not fetch the feed at ${host}: ${reason ?? 'the connection failed'}.`,
    { host, cause: cause.code },
    { cause: thrown },
  );
}
