/**
 * Caching hints from response headers, for the next-poll computation: Retry-After (RFC 9110 §10.2.3, either
 * delta-seconds or an HTTP-date) as ms from `now`, and Cache-Control max-age (RFC 9111 §5.2.2.1, falling back
 * to s-maxage) in seconds. Malformed values are absent hints, never errors: a server's typo must not fail a
 * fetch that otherwise worked.
 */
import { parseRetryAfter } from '../../retry-after.js';
import type { CacheHints } from '../types.js';

const DELTA_SECONDS = /^\d+$/;

export function parseMaxAge(cacheControl: string | null | undefined): number | undefined {
  if (!cacheControl) return undefined;
  const directives = new Map<string, string>();
  for (const part of cacheControl.split(',')) {
    const [name = '', value = ''] = part.split('=', 2);
    // Quoted values are allowed by the grammar but not meant for max-age; we accept them anyway (§5.2).
    directives.set(name.trim().toLowerCase(), value.trim().replace(/^"(.*)"$/, '$1'));
  }
  for (const name of ['max-age', 's-maxage']) {
    const value = directives.get(name);
    if (value !== undefined && DELTA_SECONDS.test(value)) return Number(value);
  }
  return undefined;
}

export function readCacheHints(headers: Headers, now: number = Date.now()): CacheHints {
  return {
    retryAfterMs: parseRetryAfter(headers.get('retry-after'), now),
    maxAgeSeconds: parseMaxAge(headers.get('cache-control')),
  };
}
