/**
 * URL rules for fetchFeed, as pure functions: which URLs we fetch at all, and where a redirect may lead.
 *   - Only http: and https: (FETCH_BAD_URL).
 *   - At most MAX_REDIRECTS hops (FETCH_TOO_MANY_REDIRECTS); the fetch that would be hop 6 is never made.
 *   - A relative Location resolves against the URL that answered (RFC 9110 §10.2.2).
 *   - Never https → http (FETCH_INSECURE_REDIRECT): it would expose the request, and the feed, to tampering.
 * Messages name hosts only: paths and query strings can carry tokens.
 */
import { PolicyWatchError } from '../../errors.js';

export const MAX_REDIRECTS = 5;

/** The statuses that carry a Location to follow; other 3xx (300, 305, 306) are not redirects we follow. */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

const WEB_PROTOCOLS = new Set(['http:', 'https:']);

export function parseFeedUrl(raw: string): URL | PolicyWatchError {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return new PolicyWatchError('FETCH_BAD_URL', 'The feed URL is not a valid URL.');
  }
  if (!WEB_PROTOCOLS.has(url.protocol)) {
    return new PolicyWatchError(
      'FETCH_BAD_URL',
      `The feed URL uses ${url.protocol}, but only http(s) is fetched.`,
      {
        protocol: url.protocol,
      },
    );
  }
  return url;
}

/**
 * Where a redirect answer from `current` leads, or why we stop.
 * @param redirectsSoFar - how many redirects were already followed before this answer.
 */
export function nextRedirect(
  current: URL,
  location: string | null | undefined,
  redirectsSoFar: number,
): URL | PolicyWatchError {
  const host = current.host;
  if (redirectsSoFar >= MAX_REDIRECTS) {
    return new PolicyWatchError(
      'FETCH_TOO_MANY_REDIRECTS',
      `The feed at ${host} redirected more than ${MAX_REDIRECTS} times.`,
      { host, limit: MAX_REDIRECTS },
    );
  }
  if (!location) {
    return new PolicyWatchError(
      'FETCH_HTTP_ERROR',
      `The feed at ${host} sent a redirect without a Location.`,
      {
        host,
      },
    );
  }
  let target: URL;
  try {
    target = new URL(location, current);
  } catch {
    return new PolicyWatchError('FETCH_BAD_URL', `The feed at ${host} redirected to an invalid URL.`, {
      host,
    });
  }
  if (!WEB_PROTOCOLS.has(target.protocol)) {
    return new PolicyWatchError(
      'FETCH_BAD_URL',
      `The feed at ${host} redirected to a ${target.protocol} URL.`,
      {
        host,
        protocol: target.protocol,
      },
    );
  }
  if (current.protocol === 'https:' && target.protocol === 'http:') {
    return new PolicyWatchError(
      'FETCH_INSECURE_REDIRECT',
      `The feed at ${host} redirected from https to plain http (${target.host}), which is refused.`,
      { host, target: target.host },
    );
  }
  return target;
}
