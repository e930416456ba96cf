/**
 * The route table and the request-target parser. A path is matched segment by segment (`:name` takes any
 * one segment); percent-encoding is decoded per segment, so a claim id can never smuggle a `/`. Only GET
 * and HEAD exist: another method on a known path is a 405, any method on an unknown one a 404.
 */
import type { Metrics } from '../metrics/metrics.js';
import type { PipelineDeps } from '../runtime/deps.js';
import { getClaim, getEvidence, getHistory, listClaims, listFeeds } from './api.js';
import { healthz, readyz } from './probes.js';
import type { Reply } from './reply.js';
import { statusPageReply } from './status-page.js';

export type HttpDeps = Pick<
  PipelineDeps,
  'config' | 'ledger' | 'redis' | 'keys' | 'queues' | 'logger' | 'clock'
> & {
  metrics: Metrics;
};

export interface RouteContext {
  deps: HttpDeps;
  params: Record<string, string>;
  /** Why the workers cannot take jobs, or undefined when they run; absent for a role without workers. */
  workers: (() => string | undefined) | undefined;
  /** Why the scheduler is not ticking, or undefined when it is; absent for a role without one. */
  scheduler: (() => string | undefined) | undefined;
  redisTimeoutMs: number;
}

export interface Route {
  pattern: readonly string[];
  /** The handler reads from Redis: refused at once while Redis is away, and bounded by the deadline. */
  readsRedis: boolean;
  handle(context: RouteContext): Promise<Reply> | Reply;
}

export const ALLOWED_METHODS = ['GET', 'HEAD'] as const;

export const ROUTES: readonly Route[] = [
  {
    pattern: [],
    readsRedis: false, // it reads Redis itself, and answers a page that says why when Redis is away
    handle: ({ deps, redisTimeoutMs }) => statusPageReply(deps, redisTimeoutMs),
  },
  { pattern: ['healthz'], readsRedis: false, handle: () => healthz() },
  {
    pattern: ['readyz'],
    readsRedis: false, // it reports Redis being away instead of failing with it
    handle: ({ deps, workers, scheduler, redisTimeoutMs }) =>
      readyz({ redis: deps.redis, workers, scheduler, timeoutMs: redisTimeoutMs }),
  },
  {
    pattern: ['metrics'],
    readsRedis: false, // the scrape-time gauges bound their own reads; the rest needs no Redis
    handle: async ({ deps }) => {
      const { contentType, body } = await deps.metrics.render();
      return { status: 200, contentType, body };
    },
  },
  { pattern: ['api', 'claims'], readsRedis: true, handle: ({ deps }) => listClaims(deps) },
  {
    pattern: ['api', 'claims', ':id'],
    readsRedis: true,
    handle: ({ deps, params }) => getClaim(deps, params.id),
  },
  {
    pattern: ['api', 'claims', ':id', 'history'],
    readsRedis: true,
    handle: ({ deps, params }) => getHistory(deps, params.id),
  },
  {
    pattern: ['api', 'claims', ':id', 'evidence'],
    readsRedis: true,
    handle: ({ deps, params }) => getEvidence(deps, params.id),
  },
  { pattern: ['api', 'feeds'], readsRedis: true, handle: ({ deps }) => listFeeds(deps) },
];

/**
 * The decoded path segments of a request target, or undefined when its percent-encoding is broken. Empty
 * segments are dropped (`//api/claims/` is `/api/claims`); the query and fragment are ignored; an
 * absolute-form target (RFC 9112 §3.2.2) loses its scheme and authority.
 */
export function pathSegments(target: string): string[] | undefined {
  const path = target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').split(/[?#]/, 1)[0] ?? '';
  try {
    return path
      .split('/')
      .filter((segment) => segment !== '')
      .map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

export function matchRoute(
  segments: readonly string[],
): { route: Route; params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    if (route.pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = route.pattern.every((part, index) => {
      const segment = segments[index] as string;
      if (part.startsWith(':')) {
        params[part.slice(1)] = segment;
        return true;
      }
      return part === segment;
    });
    if (matches) return { route, params };
  }
  return undefined;
}
