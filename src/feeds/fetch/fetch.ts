/**
 * fetchFeed: one conditional GET of a feed URL → a FetchOutcome. It never throws for network or HTTP
 * problems: those come back as `{kind: 'failed', error}` with a code from src/errors.ts. It only fetches
 * bytes; decoding and the empty/HTML verdict (../decode/) are the caller's next stages.
 *
 * Rules, in the order they apply:
 *   1. Only http(s) URLs; redirects are followed by hand (redirect.ts): ≤ 5, never https → http.
 *   2. One deadline (timeoutMs) covers connect, headers, every redirect and the whole body. It aborts the
 *      request, which closes the socket, so a server that trickles bytes forever is cut off at the deadline.
 *      The caller's signal aborts the same way.
 *   3. If-None-Match / If-Modified-Since from the request; 304 → `not-modified`, keeping the request's
 *      validators when the 304 repeats none (RFC 9110 §15.4.5 lets it omit them).
 *   4. 429/503 → FETCH_RATE_LIMITED, other non-2xx → FETCH_HTTP_ERROR (errors.ts).
 *   5. The decoded body is capped at maxBytes: a Content-Length above the cap fails before reading, and the
 *      stream is cut as soon as the count passes the cap (body.ts), compression bombs included.
 * Every outcome, failed ones too, carries the Retry-After and Cache-Control hints of the last response.
 */

import { FETCH_DEFAULTS } from '../../config/feeds-schema.js';
import type { PolicyWatchError } from '../../errors.js';
import type { CacheHints, FetchOutcome, FetchRequest } from '../types.js';
import { readCappedBody } from './body.js';
import { readCacheHints } from './cache-hints.js';
import { statusError, thrownError, tooLargeError } from './errors.js';
import { nextRedirect, parseFeedUrl, REDIRECT_STATUSES } from './redirect.js';

/** Feed types first; generic XML next; anything else last, so a server with content negotiation picks a feed. */
export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1';

// Omit over each member of the union (a plain Omit would merge them and lose the `kind` discrimination).
type Unstamped<O> = O extends unknown ? Omit<O, 'url' | 'durationMs'> : never;
/** An outcome before fetchFeed stamps the final url and the duration on it. */
type Ending = Unstamped<FetchOutcome>;

function failed(error: PolicyWatchError, status?: number, hints: CacheHints = {}): Ending {
  return { kind: 'failed', error, status, ...hints };
}

function requestHeaders(request: FetchRequest): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': request.userAgent ?? FETCH_DEFAULTS.userAgent,
    accept: FEED_ACCEPT,
    'accept-encoding': 'gzip, deflate, br',
  };
  if (request.etag) headers['if-none-match'] = request.etag;
  if (request.lastModified) headers['if-modified-since'] = request.lastModified;
  if (request.authorization) headers.authorization = request.authorization;
  return headers;
}

/** The reason the controller is aborted with once the exchange is over (nothing reads it). */
const EXCHANGE_OVER = Object.freeze({ name: 'ExchangeOver', message: 'the feed exchange is over' });

/** Drops a body we will not read; the abort in fetchFeed's `finally` closes the connection anyway. */
function discard(response: Response): void {
  response.body?.cancel().catch(() => {});
}

export async function fetchFeed(request: FetchRequest): Promise<FetchOutcome> {
  const started = performance.now();
  const timeoutMs = request.timeoutMs ?? FETCH_DEFAULTS.timeoutMs;
  const maxBytes = request.maxBytes ?? FETCH_DEFAULTS.maxBytes;
  const parsed = parseFeedUrl(request.url);
  if (!(parsed instanceof URL)) {
    return { kind: 'failed', url: request.url, error: parsed, durationMs: 0 };
  }
  let url = parsed;
  const headers = requestHeaders(request);

  // One controller for the deadline, the caller's signal and our own early exits. A listener rather than
  // AbortSignal.any, because the caller's signal is long-lived (shutdown) and must not collect dependents.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onCallerAbort = () => controller.abort();
  request.signal?.addEventListener('abort', onCallerAbort, { once: true });
  if (request.signal?.aborted) controller.abort();

  const exchange = async (): Promise<Ending> => {
    for (let redirects = 0; ; redirects++) {
      const response = await fetch(url, { headers, redirect: 'manual', signal: controller.signal });
      const { status } = response;
      const hints = readCacheHints(response.headers);
      const etag = response.headers.get('etag') ?? undefined;
      const lastModified = response.headers.get('last-modified') ?? undefined;

      if (REDIRECT_STATUSES.has(status)) {
        discard(response);
        const next = nextRedirect(url, response.headers.get('location'), redirects);
        if (next instanceof URL) {
          // Credentials are for the feed's own origin: a redirect elsewhere does not get them.
          if (next.origin !== url.origin) delete headers.authorization;
          url = next;
          continue;
        }
        return failed(next, status, hints);
      }
      if (status === 304) {
        discard(response);
        return {
          kind: 'not-modified',
          etag: etag ?? request.etag,
          lastModified: lastModified ?? request.lastModified,
          ...hints,
        };
      }
      if (status < 200 || status >= 300) {
        discard(response);
        return failed(statusError(status, response.statusText, url.host, hints.retryAfterMs), status, hints);
      }

      const declared = Number(response.headers.get('content-length') ?? Number.NaN);
      if (declared > maxBytes) {
        discard(response);
        return failed(tooLargeError(url.host, maxBytes, declared), status, hints);
      }
      const body = await readCappedBody(response.body, maxBytes);
      if (!body) return failed(tooLargeError(url.host, maxBytes), status, hints);
      const contentType = response.headers.get('content-type') ?? undefined;
      return { kind: 'fetched', status, body, contentType, etag, lastModified, ...hints };
    }
  };

  let ending: Ending;
  try {
    ending = await exchange();
  } catch (thrown) {
    const aborted = request.signal?.aborted ?? false;
    ending = failed(thrownError(thrown, { host: url.host, timeoutMs, timedOut, aborted }));
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onCallerAbort);
    // Whatever is still open (a cut-off body, a discarded redirect body) is closed now, not at the deadline.
    // With our own reason: abort() without one builds a DOMException and its stack on every poll.
    controller.abort(EXCHANGE_OVER);
  }
  return { ...ending, url: url.href, durationMs: Math.round(performance.now() - started) };
}
