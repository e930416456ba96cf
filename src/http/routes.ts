/**
 * The route table and the request-target parser. A path is matched segment by segment (`:name` takes any
 * one segment); percent-encoding is decoded per segment, so a claim id can never smuggle a `/`. Reads are
 * GET and HEAD; the one write (an analyst's dismissal) is POST. Another method on a known path is a 405,
 * any method on an unknown one a 404.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { PipelineDeps } from '../app/deps.js';
import type { Metrics } from '../metrics/metrics.js';
import { getClaim, getEvidence, getHistory, listClaims, listFeeds } from './api.js';
import { getChangesAtom } from './changes-route.js';
import { postDismiss } from './dismiss.js';
import { healthz, readyz } from './probes.js';
import type { Reply } from './reply.js';
import { statusPageReply } from './status-page.js';

export type HttpDeps = PipelineDeps & { metrics: Metrics };

export interface RouteContext {
  deps: HttpDeps;
  params: Record<string, string>;
  /** Why the workers cannot take jobs, or undefined when they run; absent for a role without workers. */
  workers: (() => string | undefined) | undefined;
  /** Why the scheduler is not ticking, or undefined when it is; absent for a role without one. */
  scheduler: (() => string | undefined) | undefined;
  redisTimeoutMs: number;
  /** Whether PW_HTTP_TOKEN is set: writes are refused without one (access.ts lets everyone in then). */
  tokenSet: boolean;
  /** The request body as text (POST), at most MAX_BODY_BYTES. */
  body(): Promise<string>;
  /** The target's path (decoded segments joined by `/`) and query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

export interface Route {
  pattern: readonly string[];
  /** @defaultValue READ_METHODS */
  methods?: readonly string[];
  /** The handler reads from Redis: refused at once while Redis is away, and bounded by the deadline. */
  readsRedis: boolean;
  handle(context: RouteContext): Promise<Reply> | Reply;
}

export const READ_METHODS = ['GET', 'HEAD'] as const;

export const ROUTES: readonly Route[] = [
  {
    pattern: [],
    readsRedis: false, // it reads Redis itself, and answers a page that says why when Redis is away
    handle: ({ deps, redisTimeoutMs, query }) => statusPageReply(deps, redisTimeoutMs, query),
  },
  { pattern: ['healthz'], readsRedis: false, handle: () => healthz() },
  { pattern: ['changes.atom'], readsRedis: true, handle: (context) => getChangesAtom(context) },
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
  {
    pattern: ['api', 'claims'],
    readsRedis: true,
    handle: ({ deps, path, query }) => listClaims(deps, { path, query }),
  },
  {
    pattern: ['api', 'claims', ':id'],
    readsRedis: true,
    handle: ({ deps, params }) => getClaim(deps, params.id),
  },
  {
    pattern: ['api', 'claims', ':id', 'history'],
    readsRedis: true,
    handle: ({ deps, params, path, query }) => getHistory(deps, params.id, { path, query }),
  },
  {
    pattern: ['api', 'claims', ':id', 'evidence'],
    readsRedis: true,
    handle: ({ deps, params, path, query }) => getEvidence(deps, params.id, { path, query }),
  },
  {
    pattern: ['api', 'feeds'],
    readsRedis: true,
    handle: ({ deps, path, query }) => listFeeds(deps, { path, query }),
  },
  {
    pattern: ['api', 'claims', ':id', 'evidence', ':eid', 'dismiss'],
    methods: ['POST'],
    readsRedis: true,
    handle: (context) => postDismiss(context),
  },
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

/** The request target's query parameters; none when the target will not parse as a URL. */
export function queryOf(target: string): URLSearchParams {
  try {
    return new URL(target, 'http://localhost').searchParams;
  } catch {
    return new URLSearchParams();
  }
}
