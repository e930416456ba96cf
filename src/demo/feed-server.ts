/**
 * The replay's feeds over HTTP: each feed's path answers RSS 2.0 listing the items published by the
 * simulated clock's `now`, newest first, so items accumulate as the replay's days advance. Every answer
 * carries an ETag (a hash of the body) and `If-None-Match` with an unchanged body gets 304, so the
 * pipeline's conditional GET is exercised. `/story/<key>` answers a short text page for each item's link.
 */
import { createHash } from 'node:crypto';
import { type LocalServer, serveLocal } from '../replay/local-server.js';
import { itemsAsOf, type Replay } from './replay.js';
import { renderRss } from './rss.js';

export interface FeedServer extends LocalServer {
  /** Feed requests answered so far, by status (200, 304). */
  answered: Map<number, number>;
}

function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
}

export async function startFeedServer(replay: Replay, now: () => Date): Promise<FeedServer> {
  const answered = new Map<number, number>();
  const count = (status: number) => answered.set(status, (answered.get(status) ?? 0) + 1);
  let origin = '';
  const server = await serveLocal((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    const story = /^\/story\/(item-\d+)$/.exec(pathname)?.[1];
    const item = story ? replay.items.find((candidate) => candidate.key === story) : undefined;
    if (item) {
      const text = `${item.title}\n${item.publisher ?? item.feed}, ${item.published}\n\n${item.summary}\n\n(Replayed by the policy-watch demo, written in our own words.)\n`;
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
      return;
    }
    const feed = replay.feeds.find((candidate) => candidate.path === pathname);
    if (!feed) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const body = renderRss(feed, itemsAsOf(replay, feed.id, now()), origin);
    const etag = etagOf(body);
    if (req.headers['if-none-match'] === etag) {
      count(304);
      res.writeHead(304, { etag }).end();
      return;
    }
    count(200);
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(body);
  });
  origin = server.origin;
  return { ...server, answered };
}
