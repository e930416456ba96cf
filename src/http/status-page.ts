/**
 * GET / : the status page an analyst opens instead of reading JSON, rendered on the server from the same
 * views the JSON API answers (status-page-model.ts, status-page-html.ts). One HTML document with its style
 * and script inline, no build step. The Content-Security-Policy allows exactly that inline script and
 * style (by hash), requests to this origin, and nothing else.
 *
 * While Redis is away (or does not answer in time) the page still comes, with status 503 and the reason
 * in place of the claims, so a reader learns why rather than getting a JSON error.
 */
import { createHash } from 'node:crypto';
import { toRedisAwareError } from '../redis/connection-error.js';
import { redisNotReady, withDeadline } from './deadline.js';
import type { Reply } from './reply.js';
import { renderStatusPage } from './status-page-html.js';
import { type PageDeps, readStatusPage, type StatusPageModel, statusFilterOf } from './status-page-model.js';
import { STATUS_PAGE_SCRIPT } from './status-page-script.js';
import { STATUS_PAGE_STYLE } from './status-page-style.js';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

export const STATUS_PAGE_CSP = [
  "default-src 'none'",
  `script-src ${sha256(STATUS_PAGE_SCRIPT)}`,
  `style-src ${sha256(STATUS_PAGE_STYLE)}`,
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  // The status filter is a plain GET form back to this page, so it works without JavaScript.
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

async function readModel(
  deps: PageDeps,
  timeoutMs: number,
  statusFilter?: string[],
): Promise<StatusPageModel> {
  const now = deps.clock.now().toISOString();
  const away = redisNotReady(deps.redis);
  if (away) return { now, claims: [], feeds: [], problem: away };
  try {
    return await withDeadline(readStatusPage(deps, statusFilter), timeoutMs, 'reading the ledger');
  } catch (thrown) {
    const error = toRedisAwareError(thrown);
    if (error.code !== 'REDIS_UNAVAILABLE') throw thrown;
    return { now, claims: [], feeds: [], problem: error.message };
  }
}

export async function statusPageReply(
  deps: PageDeps,
  timeoutMs: number,
  query?: URLSearchParams,
): Promise<Reply> {
  const model = await readModel(deps, timeoutMs, query && statusFilterOf(query));
  return {
    status: model.problem ? 503 : 200,
    contentType: 'text/html; charset=utf-8',
    body: renderStatusPage(model),
    headers: { 'content-security-policy': STATUS_PAGE_CSP },
  };
}
