/**
 * Pipeline benchmark (`npm run bench:pipeline`, compiled with tsconfig.bench.json and run by node as the
 * daemon runs from dist/, so its memory is the daemon's and not tsx's): the real pipeline end to end — BullMQ workers from
 * src/queue/workers.ts with their default concurrency, the jobs in jobs/, a real Redis (REDIS_URL) under a
 * fresh PW_PREFIX — polling 1,000 feeds of 20 items from one local HTTP server. Prints figures and a
 * PASS/MISS per target; asserts nothing. Deletes every key under its prefix at the end, failure or not.
 *
 * 1. cycle 1: one scheduled poll per feed, until every poll and every evidence job they produced is done.
 * 2. non-matching items: 1,000 more feeds whose items match no claim, polled alone, to price one such item
 *    at the same scale (with few feeds, the 32 poll workers' last empty fetches weigh on few items).
 * 3. cycle 2: the same 1,000 feeds again; every answer is 304 Not Modified.
 *
 * Logs go at LOG_LEVEL (default info) to /dev/null: serialized as a daemon would, but not shown.
 * PW_BENCH_CONCURRENCY="poll=32,evidence=4" overrides the workers' default concurrency, for profiling.
 * PW_HEAP_GROWING_PERCENT works as for the daemon (0: V8's default heap growth, to compare).
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/log.js';
import type { PipelineQueue } from '../../src/queue/names.js';
import { createWorkers } from '../../src/queue/workers.js';
import { bullConnection, connectRedis } from '../../src/redis/connection.js';
import { applyHeapPolicy } from '../../src/runtime/heap-policy.js';
import { openRuntime } from '../../src/runtime/open.js';
import { pipelineProcessors } from '../../src/runtime/processors.js';
import { deleteKeys } from '../support/redis.js';
import { cleanupsOnExit } from './cleanups.js';
import { fmt, machineInfo, projectRoot } from './measure.js';
import { trackJobs } from './pipeline-cycle.js';
import { commandStats, countSentCommands, statsDelta } from './pipeline-redis.js';
import { type CycleFigures, measureCycle, reportCycle, reportTargets, sampleRss } from './pipeline-report.js';
import { startFeedServer } from './pipeline-server.js';

const ROOT = projectRoot(import.meta.dirname);
const FEEDS = 1_000;
const PLAIN_FEEDS = 1_000;
const ITEMS_PER_FEED = 20;

function concurrencyOverride(spec: string | undefined): Partial<Record<PipelineQueue, number>> | undefined {
  if (!spec) return undefined;
  return Object.fromEntries(
    spec
      .split(',')
      .map((pair) => pair.split('=').map((part) => part.trim()))
      .map(([name, n]) => [name, Number(n)]),
  );
}

const cleanups = cleanupsOnExit();

// The daemon's heap policy (src/runtime/heap-policy.ts), applied as `policy-watch start` applies it.
const heapGrowingPercent = applyHeapPolicy();
const rss = sampleRss(50);
const sent = countSentCommands();
try {
  console.log(`policy-watch pipeline benchmark — ${machineInfo()}`);
  console.log(
    `heap policy: PW_HEAP_GROWING_PERCENT=${heapGrowingPercent}${heapGrowingPercent === 0 ? " (V8's default)" : ''}`,
  );
  const server = await startFeedServer({
    root: ROOT,
    baseMs: Date.now(),
    feeds: FEEDS,
    plainFeeds: PLAIN_FEEDS,
    itemsPerFeed: ITEMS_PER_FEED,
  });
  cleanups.push({ name: 'feed server', run: () => server.close() });
  const { ready } = server;
  console.log(
    `feeds: ${fmt(ready.main.length, 0)} × ${ITEMS_PER_FEED} items (${fmt(ready.mainItems, 0)} items, ` +
      `${fmt(ready.mainBytes / 1024 / 1024, 2)} MB of RSS 2.0, ${fmt(ready.mainMatching, 0)} = ` +
      `${fmt((100 * ready.mainMatching) / ready.mainItems)} % matching the default claims) + ${ready.plain.length} feeds ` +
      `of non-matching items, from one http server (child process) at ${server.origin}`,
  );

  const configDir = mkdtempSync(path.join(os.tmpdir(), 'pw-bench-pipeline-'));
  cleanups.push({ name: 'config dir', run: async () => rmSync(configDir, { recursive: true, force: true }) });
  copyFileSync(path.join(ROOT, 'config/claims.yaml'), path.join(configDir, 'claims.yaml'));
  const feedId = (urlPath: string) => `bench-${path.basename(urlPath, '.xml')}`;
  const feeds = [...ready.main, ...ready.plain].map((urlPath) => ({
    id: feedId(urlPath),
    url: `${server.origin}${urlPath}`,
  }));
  writeFileSync(path.join(configDir, 'feeds.yaml'), stringify({ feeds }));
  const config = loadConfig(configDir);

  const prefix = `pwbench-pipeline-${randomBytes(4).toString('hex')}`;
  const logger = createLogger({ destination: pino.destination('/dev/null') });
  const runtime = await openRuntime({ config, prefix, logger });
  cleanups.push({
    name: 'redis keys',
    run: async () => {
      await deleteKeys(runtime.redis, runtime.keys.pattern);
      await runtime.close();
    },
  });
  const statsRedis = await connectRedis('producer');
  cleanups.push({ name: 'stats connection', run: () => statsRedis.quit() });
  const workers = createWorkers(bullConnection(runtime.redisUrl), runtime.keys, pipelineProcessors(runtime), {
    concurrency: concurrencyOverride(process.env.PW_BENCH_CONCURRENCY),
  });
  cleanups.push({ name: 'workers', run: () => workers.close() });
  for (const worker of workers.workers) worker.on('error', (error) => console.error('worker error:', error));
  const tracker = trackJobs(workers.workers);
  await Promise.all(workers.workers.map((worker) => worker.waitUntilReady()));
  const concurrency = workers.workers.map((worker) => `${worker.name} ×${worker.concurrency}`).join(', ');
  const origin = process.env.PW_BENCH_CONCURRENCY ? 'PW_BENCH_CONCURRENCY' : 'src/queue/workers.ts defaults';
  console.log(`pipeline: prefix ${prefix}, workers ${concurrency} (${origin})`);

  const idleBefore = await commandStats(statsRedis);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const idle = statsDelta(idleBefore, await commandStats(statsRedis));
  console.log(
    `Redis before the cycles: ${fmt(idle.total, 0)} calls/s (other clients of the shared server + our idle workers)`,
  );
  console.log(
    'Redis calls = INFO commandstats Δ: the whole server, BullMQ included, every redis.call inside a',
  );
  console.log(
    '  Lua script counted; "sent" = commands this process wrote (a script once; the round-trip view).',
  );

  const context = { runtime, tracker, server, statsRedis, sent, rss };
  const mainIds = ready.main.map(feedId);
  const cycleSlot = Date.now();
  const figures: CycleFigures[] = [];
  const cycle1 = await measureCycle(context, 'cycle 1 (new feeds)', mainIds, cycleSlot);
  figures.push(cycle1);
  reportCycle(cycle1);
  if (cycle1.items !== ready.mainItems) {
    console.log(`  WARNING: ${fmt(cycle1.items, 0)} items parsed of ${fmt(ready.mainItems, 0)} served`);
  }
  const plainIds = ready.plain.map(feedId);
  figures.push(
    await measureCycle(context, 'non-matching items only', plainIds, cycleSlot, { monitor: true }),
  );
  reportCycle(figures[1] as CycleFigures);
  figures.push(await measureCycle(context, 'cycle 2 (unchanged, 304)', mainIds, cycleSlot + 60_000));
  reportCycle(figures[2] as CycleFigures);
  reportTargets(figures, tracker.retries());
} catch (error) {
  console.error('benchmark failed:', error);
  process.exitCode = 1;
} finally {
  sent.restore();
  await cleanups.run();
  rss.stop();
  // Everything is closed by now; if a handle still holds the process, name it instead of hanging.
  setTimeout(() => {
    console.error('still open after cleanup:', process.getActiveResourcesInfo().join(', '));
    process.exit(process.exitCode ?? 1);
  }, 5_000).unref();
}
