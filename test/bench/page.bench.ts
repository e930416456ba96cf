/**
 * Status page benchmark (`npm run bench:page`): prints figures, asserts nothing. The busy newsroom of
 * test/support/busy-claims.ts — the six default claims, 200 pieces of evidence each with real headlines and
 * links, the history a daily judgement gives them — measured two ways:
 *
 * (a) render: the page model in memory → HTML (renderStatusPage, charts included), median of 15 runs; the
 *     page's size as HTML and gzip-compressed (what a browser receives), and the charts' share of it.
 * (b) served: the same evidence written through the real ledger into a fresh prefix of a real Redis (one
 *     recordPoll and one derive per claim per day, as the pipeline does), then GET / from the daemon's own
 *     HTTP server on 127.0.0.1:0 — median of 15 requests each with and without `Accept-Encoding: gzip`,
 *     and the Redis read alone (readStatusPage), warm and with the ledger's evidence cache empty.
 *
 * Targets (issue 15): the page under 300 KB for six claims with 200 evidence items each; rendered in under
 * 200 ms on the server.
 */
import { request } from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { openRuntime } from '../../src/app/open.js';
import { DAY_MS, evidenceTime } from '../../src/claims/index.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/load.js';
import { NEW_FEED_HEALTH } from '../../src/feeds/state/index.js';
import { startHttpServer } from '../../src/http/server.js';
import { renderStatusPage } from '../../src/http/status-page-html.js';
import { readStatusPage } from '../../src/http/status-page-model.js';
import { createLogger } from '../../src/log.js';
import { feedView } from '../../src/views/views.js';
import { BUSY_NOW, busyClaims, busyPageModel } from '../support/busy-claims.js';
import { testRedis } from '../support/redis.js';
import { fmt, machineInfo, median, projectRoot, timeMedian, verdict } from './measure.js';

const ROOT = projectRoot(import.meta.dirname);
const PER_CLAIM = 200;
const RUNS = 15;
const TARGET_KB = 300;
const TARGET_MS = 200;
const KB = 1024;

const config = loadConfig(path.join(ROOT, 'config'));
const feeds = config.feeds.map((feed) => feedView(feed, NEW_FEED_HEALTH));

console.log(`policy-watch status page benchmark — ${machineInfo()}`);
const model = busyPageModel(config, feeds, PER_CLAIM);
const evidence = model.claims.reduce((sum, claim) => sum + claim.evidence.length, 0);
const changes = model.claims.reduce((sum, claim) => sum + claim.history.length, 0);
const headline =
  model.claims.flatMap((c) => c.evidence).reduce((sum, e) => sum + e.title.length, 0) / evidence;
const link =
  model.claims.flatMap((c) => c.evidence).reduce((sum, e) => sum + (e.link ?? '').length, 0) / evidence;
console.log(
  `newsroom: ${model.claims.length} claims · ${evidence} evidence items (headlines ${fmt(headline, 0)} characters and links ${fmt(link, 0)} on average) · ${changes} status changes`,
);

// (a) render
let html = '';
const render = timeMedian(
  () => {
    html = renderStatusPage(model);
  },
  { warmups: 3, runs: RUNS },
);
const bytes = Buffer.byteLength(html);
const gzipped = gzipSync(html).length;
const charts = [...html.matchAll(/<svg class="pwc".*?<\/svg>/gs)].reduce(
  (sum, [svg]) => sum + Buffer.byteLength(svg),
  0,
);
console.log(
  `(a) render: ${fmt(render.medianMs)} ms median (min ${fmt(Math.min(...render.runsMs))}, max ${fmt(Math.max(...render.runsMs))}) · page ${fmt(bytes / KB)} KB as HTML, ${fmt(gzipped / KB)} KB gzip · charts ${fmt(charts / KB)} KB of the HTML (${fmt((100 * charts) / bytes, 0)} %)`,
);

// (b) served from a real Redis
function get(
  url: string,
  encoding: string | undefined,
): Promise<{ ms: number; bytes: number; status: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: encoding ? { 'accept-encoding': encoding } : {} }, (res) => {
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
      });
      res.on('end', () =>
        resolve({ ms: performance.now() - started, bytes: size, status: res.statusCode ?? 0 }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const redis = await testRedis('bench-page');
const clock = new ManualClock(BUSY_NOW);
const runtime = await openRuntime({
  config,
  prefix: redis.prefix,
  clock,
  logger: createLogger({ level: 'silent' }),
});
try {
  const busy = busyClaims(config, PER_CLAIM);
  const all = busy.flatMap((claim) => claim.evidence);
  const first = Math.min(...all.map((record) => evidenceTime(record)));
  const writeStarted = performance.now();
  for (let day = Math.floor(first / DAY_MS) * DAY_MS; day < BUSY_NOW.getTime(); day += DAY_MS) {
    const end = Math.min(day + DAY_MS, BUSY_NOW.getTime());
    clock.set(end);
    const records = all.filter((record) => evidenceTime(record) >= day && evidenceTime(record) < end);
    if (records.length > 0) await runtime.ledger.recordPoll({ pollKey: '', pollTtlSeconds: 0, records });
    for (const claim of config.claims) await runtime.ledger.derive(claim, new Date(end));
  }
  const written = await readStatusPage(runtime);
  const storedChanges = written.claims.reduce((sum, claim) => sum + claim.history.length, 0);
  const storedEvidence = written.claims.reduce((sum, claim) => sum + claim.evidence.length, 0);
  console.log(
    `(b) served: ${storedEvidence} evidence items and ${storedChanges} status changes written through the ledger in ${fmt((performance.now() - writeStarted) / 1000)} s`,
  );
  // A runtime of its own has an empty ledger cache (ledger-cache.ts): the first read decodes everything.
  const cold = await openRuntime({
    config,
    prefix: redis.prefix,
    clock,
    logger: createLogger({ level: 'silent' }),
  });
  const coldStarted = performance.now();
  await readStatusPage(cold);
  const coldMs = performance.now() - coldStarted;
  await cold.close();
  const reads: number[] = [];
  for (let i = 0; i < RUNS + 3; i++) {
    const started = performance.now();
    await readStatusPage(runtime);
    if (i >= 3) reads.push(performance.now() - started);
  }
  const server = await startHttpServer(runtime, { port: 0, host: '127.0.0.1', token: undefined });
  try {
    const url = `${server.url}/`;
    const results: Record<string, { ms: number[]; bytes: number; status: number }> = {};
    for (const [label, encoding] of [
      ['gzip', 'gzip, deflate, br'],
      ['plain', undefined],
    ] as const) {
      for (let i = 0; i < 3; i++) await get(url, encoding);
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await get(url, encoding));
      results[label] = {
        ms: runs.map((run) => run.ms),
        bytes: runs[0]?.bytes ?? 0,
        status: runs[0]?.status ?? 0,
      };
    }
    const zipped = results.gzip;
    const plain = results.plain;
    if (!zipped || !plain) throw new Error('no results');
    console.log(
      `    Redis read of every claim's state, history and evidence: ${fmt(median(reads))} ms median (${fmt(coldMs)} ms the first time, ledger cache empty)`,
    );
    console.log(
      `    GET / (HTTP ${zipped.status}) with gzip: ${fmt(median(zipped.ms))} ms median, ${fmt(zipped.bytes / KB)} KB · without: ${fmt(median(plain.ms))} ms median, ${fmt(plain.bytes / KB)} KB`,
    );
    console.log(
      `targets: page ≤ ${TARGET_KB} KB ${verdict(zipped.bytes <= TARGET_KB * KB)} as sent to a browser (${fmt(zipped.bytes / KB)} KB gzip; ${verdict(plain.bytes <= TARGET_KB * KB)} uncompressed, ${fmt(plain.bytes / KB)} KB) · render ≤ ${TARGET_MS} ms ${verdict(render.medianMs <= TARGET_MS)} (${fmt(render.medianMs)} ms; whole request ${fmt(median(zipped.ms))} ms)`,
    );
  } finally {
    await server.close();
  }
} finally {
  await runtime.close();
  await redis.cleanup();
}
