/**
 * The replay's feeds over HTTP, on 127.0.0.1 (local-server.ts): each feed's path answers the document its
 * `render` gives at that moment, so what a feed lists can follow a simulated clock. With `conditional`
 * (the default) every answer carries an ETag (a hash of the body) and `If-None-Match` with an unchanged
 * body gets 304, so the pipeline's conditional GET is exercised; `rotateEtags` plays a redeploy (every
 * ETag changes, the content does not). A path that is no feed gets `page`'s text, or 404.
 *
 * For tests: every request to a feed is kept in `responses` with the status it was answered, and
 * `intercept` may answer one instead of the feed (a 500, a delay, a request held open).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type LocalServer, serveLocal } from './local-server.js';

export interface ServedFeed<Key extends string = string> {
  /** How callers name the feed (a feed id, a test's role). */
  key: Key;
  path: string;
  /** The media type, without charset. */
  type: string;
  /** The document as it stands now; `origin` is the server's, for links that point back at it. */
  render(origin: string): string;
}

export interface FeedResponse<Key extends string = string> {
  feed: Key;
  /** The status answered; 0 while (or if never) answered. */
  status: number;
  /** Wall-clock arrival (ms). */
  at: number;
}

/** Answers a request instead of the feed: resolves true when it did. */
export type Intercept<Key extends string = string> = (
  feed: Key,
  req: IncomingMessage,
  res: ServerResponse,
) => boolean | Promise<boolean>;

export interface FeedServerOptions<Key extends string = string> {
  feeds: readonly ServedFeed<Key>[];
  /** ETag on every answer, 304 for an unchanged body. @defaultValue true */
  conditional?: boolean;
  /** The text/plain page for a path that is no feed (the demo's story links). @defaultValue none: 404 */
  page?: (pathname: string) => string | undefined;
  /** @defaultValue none */
  intercept?: Intercept<Key> | undefined;
}

export interface FeedServer<Key extends string = string> extends LocalServer {
  feedUrl(key: Key): string;
  /** Every request to a feed, in arrival order. */
  responses: FeedResponse<Key>[];
  /** Requests that reached the feed (any answer, 304 included). */
  hits(key: Key): number;
  /** Feed requests answered with `status`. */
  answered(status: number): number;
  rotateEtags(): void;
  intercept: Intercept<Key> | undefined;
}

export async function startFeedServer<Key extends string>(
  options: FeedServerOptions<Key>,
): Promise<FeedServer<Key>> {
  const conditional = options.conditional ?? true;
  const responses: FeedResponse<Key>[] = [];
  let etagSalt = 'v1';
  let server: FeedServer<Key> | undefined;

  const local = await serveLocal(async (req, res) => {
    // `server` is set as soon as the port is bound, before anyone knows the port.
    if (!server) return res.writeHead(503).end();
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    const feed = options.feeds.find((candidate) => candidate.path === pathname);
    if (!feed) {
      const page = options.page?.(pathname);
      if (page === undefined) return res.writeHead(404).end();
      return res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(page);
    }
    const response: FeedResponse<Key> = { feed: feed.key, status: 0, at: Date.now() };
    responses.push(response);
    if (server.intercept && (await server.intercept(feed.key, req, res))) {
      response.status = res.headersSent ? res.statusCode : 0;
      return;
    }
    const body = feed.render(server.origin);
    const type = { 'content-type': `${feed.type}; charset=utf-8` };
    if (!conditional) {
      response.status = 200;
      return res.writeHead(200, type).end(body);
    }
    const etag = `"${createHash('sha256').update(etagSalt).update(body).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      response.status = 304;
      return res.writeHead(304, { etag }).end();
    }
    response.status = 200;
    res.writeHead(200, { ...type, etag }).end(body);
  });

  const pathOf = (key: Key) => {
    const feed = options.feeds.find((candidate) => candidate.key === key);
    if (!feed) throw new Error(`no served feed ${key}`);
    return feed.path;
  };
  server = {
    ...local,
    responses,
    intercept: options.intercept,
    feedUrl: (key) => `${local.origin}${pathOf(key)}`,
    hits: (key) => responses.filter((response) => response.feed === key).length,
    answered: (status) => responses.filter((response) => response.status === status).length,
    rotateEtags: () => {
      etagSalt = `${etagSalt}+`;
    },
  };
  return server;
}
