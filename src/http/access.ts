/**
 * Where the daemon's HTTP side listens and who may read it (DESIGN.md "Interfaces"):
 * - PW_HTTP_HOST: the address to bind, 127.0.0.1 unless set — the API shows every claim, its evidence and
 *   the feeds' health, so reaching it from elsewhere is a decision (docker-compose sets 0.0.0.0).
 * - PW_HTTP_TOKEN: when set, every path but the probes and /metrics needs `Authorization: Bearer <token>`,
 *   compared in constant time (both sides hashed to the same length first, then timingSafeEqual).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Paths an orchestrator or Prometheus reads without a token. */
const OPEN_PATHS = new Set(['healthz', 'readyz', 'metrics']);

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Whether a request for `segments` may be answered: no token configured, an open path, or the right token. */
export function authorized(
  token: string | undefined,
  segments: readonly string[],
  headers: IncomingHttpHeaders,
): boolean {
  if (token === undefined) return true;
  if (segments.length === 1 && OPEN_PATHS.has(segments[0] ?? '')) return true;
  const header = headers.authorization ?? '';
  const presented = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? '';
  return timingSafeEqual(digest(presented), digest(token));
}
