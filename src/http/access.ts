/**
 * Where the daemon's HTTP side listens and who may read it (DESIGN.md "Interfaces"):
 * - PW_HTTP_HOST: the address to bind, 127.0.0.1 unless set — the API shows every claim, its evidence and
 *   the feeds' health, so reaching it from elsewhere is a decision (docker-compose sets 0.0.0.0).
 * - PW_HTTP_TOKEN: when set, every path but the probes and /metrics needs `Authorization: Bearer <token>`,
 *   compared in constant time (both sides hashed to the same length first, then timingSafeEqual).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { PolicyWatchError } from '../errors.js';

export const DEFAULT_HTTP_HOST = '127.0.0.1';

/** Paths an orchestrator or Prometheus reads without a token. */
const OPEN_PATHS = new Set(['healthz', 'readyz', 'metrics']);

export function httpHostFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.PW_HTTP_HOST?.trim();
  return raw ? raw : DEFAULT_HTTP_HOST;
}

export function httpTokenFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env.PW_HTTP_TOKEN?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < 16) {
    throw new PolicyWatchError(
      'CONFIG_INVALID',
      'PW_HTTP_TOKEN must be at least 16 characters (a random token, e.g. openssl rand -hex 32)',
    );
  }
  return raw;
}

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
