/**
 * The end-to-end benchmark's feed server, run as its own process (e2e-server.ts forks it) so its CPU and
 * memory count neither as the daemons' nor as the receiver's. It serves the documents of pipeline-feeds.ts
 * (the pipeline benchmark's feeds, same seed, same bytes: the main feeds and the non-matching ones) and records when it FIRST answered each path with
 * a body: that is when the feed's items first appeared, the start of the feed→webhook latency.
 *
 * argv: <repository root> <baseMs> <feeds> <plainFeeds> <itemsPerFeed>
 * IPC in: `served` → answers `served` with [path, ms of first 200] and forgets them (the next run starts
 * clean). IPC out: `ready` once listening. Exits when the parent disconnects.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultClaims } from './claims.js';
import type { E2eServerReady } from './e2e-server.js';
import { buildFeedSet, type FeedDocument } from './pipeline-feeds.js';

const [root = '.', baseMs, feeds, plainFeeds, itemsPerFeed] = process.argv.slice(2);
const set = buildFeedSet({
  feeds: Number(feeds),
  plainFeeds: Number(plainFeeds),
  itemsPerFeed: Number(itemsPerFeed),
  baseMs: Number(baseMs),
  ...defaultClaims(root),
});
const byPath = new Map<string, FeedDocument>([...set.main, ...set.plain].map((doc) => [doc.path, doc]));
let firstServed = new Map<string, number>();

const server = createServer((req, res) => {
  const doc = byPath.get(req.url ?? '');
  if (!doc) {
    res.writeHead(404).end();
    return;
  }
  if (!firstServed.has(doc.path)) firstServed.set(doc.path, Date.now());
  res
    .writeHead(200, {
      'content-type': 'application/rss+xml; charset=utf-8',
      'content-length': doc.body.length,
      etag: doc.etag,
    })
    .end(doc.body);
});

server.listen(0, '127.0.0.1', () => {
  const ready: E2eServerReady = {
    type: 'ready',
    port: (server.address() as AddressInfo).port,
    paths: set.main.map((doc) => doc.path),
    plainPaths: set.plain.map((doc) => doc.path),
    items: set.main.reduce((sum, doc) => sum + doc.items, 0),
    plainItems: set.plain.reduce((sum, doc) => sum + doc.items, 0),
    matching: set.mainMatching,
    bytes: set.main.reduce((sum, doc) => sum + doc.body.length, 0),
  };
  process.send?.(ready);
});

process.on('message', (message: { type?: string }) => {
  if (message.type !== 'served') return;
  process.send?.({ type: 'served', served: [...firstServed] });
  firstServed = new Map();
});
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close();
  process.exit(0);
});
