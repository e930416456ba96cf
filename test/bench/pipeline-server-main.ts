/**
 * The feed server of the pipeline benchmark, run as its own process (pipeline-server.ts forks it) so its
 * CPU and memory do not count as the pipeline's. One node:http server on 127.0.0.1:0 serving every
 * document of pipeline-feeds.ts, with `ETag` and `304 Not Modified` for a matching `If-None-Match`.
 *
 * argv: <repository root> <baseMs> <feeds> <plainFeeds> <itemsPerFeed>
 * IPC out: `ready` once listening (port, paths, counts); `counts` in answer to `counts`.
 * Exits when the parent disconnects, so a crashed benchmark leaves no server behind.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultClaims } from './claims.js';
import { buildFeedSet, type FeedDocument } from './pipeline-feeds.js';
import type { ServerCounts, ServerReady } from './pipeline-server.js';

const [root = '.', baseMs, feeds, plainFeeds, itemsPerFeed] = process.argv.slice(2);
const set = buildFeedSet({
  feeds: Number(feeds),
  plainFeeds: Number(plainFeeds),
  itemsPerFeed: Number(itemsPerFeed),
  baseMs: Number(baseMs),
  ...defaultClaims(root),
});
const byPath = new Map<string, FeedDocument>([...set.main, ...set.plain].map((doc) => [doc.path, doc]));
const counts: ServerCounts = { ok: 0, notModified: 0, notFound: 0, connections: 0, bytes: 0 };

/** True when any entity tag of the header equals ours (weak comparison, RFC 9110 §13.1.2). */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*');
}

const server = createServer((req, res) => {
  const doc = byPath.get(req.url ?? '');
  if (!doc) {
    counts.notFound++;
    res.writeHead(404).end();
    return;
  }
  if (matchesEtag(req.headers['if-none-match'], doc.etag)) {
    counts.notModified++;
    res.writeHead(304, { etag: doc.etag }).end();
    return;
  }
  counts.ok++;
  counts.bytes += doc.body.length;
  res
    .writeHead(200, {
      'content-type': 'application/rss+xml; charset=utf-8',
      'content-length': doc.body.length,
      etag: doc.etag,
    })
    .end(doc.body);
});
server.on('connection', () => counts.connections++);

server.listen(0, '127.0.0.1', () => {
  const ready: ServerReady = {
    type: 'ready',
    port: (server.address() as AddressInfo).port,
    main: set.main.map((doc) => doc.path),
    plain: set.plain.map((doc) => doc.path),
    mainItems: set.main.reduce((sum, doc) => sum + doc.items, 0),
    mainMatching: set.mainMatching,
    mainBytes: set.main.reduce((sum, doc) => sum + doc.body.length, 0),
  };
  process.send?.(ready);
});

process.on('message', (message: { type?: string }) => {
  if (message.type === 'counts') process.send?.({ type: 'counts', counts: { ...counts } });
});
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close();
  process.exit(0);
});
