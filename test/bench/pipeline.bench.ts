/**
 * Pipeline benchmark (`npm run bench:pipeline`, compiled with tsconfig.bench.json and run by node as the
 * daemon runs from dist/, so its memory is the daemon's and not tsx's): the real pipeline end to end — BullMQ workers from
 * src/queue/workers.ts with their default concurrency, the jobs in jobs/, a real Redis (REDIS_URL) under a
 * fresh PW_PREFIX — polling 1,000 feeds of 20 items from one local HTTP server, with the default claims
 * (config/claims.yaml, settle_seconds as configured: 60) and one webhook subscribed to every event, so each
 * poll queues its alert jobs as it would in production. Prints figures and a PASS/MISS per target; asserts
 * nothing. Deletes every key under its prefixes at the end, failure or not.
 *
 * 1. cycle 1: one scheduled poll per feed, until every poll is done. A poll records its evidence in one
 *    script, so "last evidence recorded" is when the last poll that recorded evidence finished.
 * 2. derivations: the derive-status jobs cycle 1 queued (one per claim and settle window, delayed to the
 *    window's end) are promoted at once and waited for, instead of waiting out the 60 s window; each still
 *    derives as of its window's end, with all of the cycle's evidence committed (pipeline-report.ts says
 *    why Queue.promoteJobs and not src/operator/settle-now.ts). Prints the changes per claim.
 * 3. non-matching items: 1,000 more feeds whose items match no claim, polled alone under MONITOR, to price
 *    one such item on this run's keys at the same scale.
 * 4. cycle 2: the same 1,000 feeds again; every answer is 304 Not Modified.
 * 5. attribution (pipeline-attribution.ts): cycle 1 again on a fresh prefix under MONITOR, its derivations,
 *    then the delivery of its alerts; every command counted into its pipeline step. Gives the commands per
 *    matching item and the per-poll breakdown. Not timed. The alerts worker runs only here: in 1–4 the
 *    alert jobs are queued and left for the cleanup (`npm run bench` delivers them, end to end).
 *
 * Logs go at LOG_LEVEL (default info) into pipeline-timeline.ts's sink, which keeps when each poll's stages
 * ended and drops the text. PW_BENCH_CONCURRENCY="poll=32,derive-status=2" overrides the workers' default
 * concurrency, for profiling. PW_HEAP_GROWING_PERCENT works as for the daemon (0: V8's default heap growth).
 * PW_BENCH_FEEDS (default 1000) shrinks the run for a quick check of the script; the targets are for 1,000.
 * PW_BENCH_CPU_PROFILE=<file> writes a CPU profile of cycle 1 (pipeline-profile.ts); it slows that cycle.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { applyHeapPolicy } from '../../src/app/heap-policy.js';
import { openRuntime } from '../../src/app/open.js';
import { pipelineProcessors } from '../../src/app/processors.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/log.js';
import type { PipelineQueue } from '../../src/queue/names.js';
import { createWorkers } from '../../src/queue/workers.js';
import { connectRedis } from '../../src/redis/connection.js';
import { newWebhookSecret, startWebhookReceiver } from '../../src/replay/receiver.js';
import { deleteKeys } from '../support/redis.js';
import { secretEnvName, webhooksYaml } from '../support/webhooks-yaml.js';
import { cleanupsOnExit } from './cleanups.js';
import { fmt, machineInfo, projectRoot } from './measure.js';
import { processorsWithoutAlerts, runAttribution } from './pipeline-attribution.js';
import {
  reportBreakdown,
  reportServerWideSplit,
  reportStages,
  reportTargets,
  splitCalls,
} from './pipeline-breakdown.js';
import { trackJobs } from './pipeline-cycle.js';
import { profiled } from './pipeline-profile.js';
import { commandStats, countSentCommands, statsDelta } from './pipeline-redis.js';
import {
  describeChanges,
  measureCycle,
  measureDerivations,
  readChanges,
  reportCycle,
  reportDerivations,
} from './pipeline-report.js';
import { sampleRss } from './pipeline-rss.js';
import { startFeedServer } from './pipeline-server.js';
import { timelineSink } from './pipeline-timeline.js';

const ROOT = projectRoot(import.meta.dirname);
const FEEDS = Number(process.env.PW_BENCH_FEEDS ?? 1_000);
const PLAIN_FEEDS = FEEDS;
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

// The daemon's heap policy (src/app/heap-policy.ts), applied as `policy-watch start` applies it.
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

  // One subscriber to every event, as an operator with one webhook has: polls queue their alert jobs.
  const secret = newWebhookSecret();
  const secretEnv = secretEnvName('bench-pipeline');
  process.env[secretEnv] = secret;
  const receiver = await startWebhookReceiver({ secret });
  cleanups.push({ name: 'receiver', run: () => receiver.close() });

  const configDir = mkdtempSync(path.join(os.tmpdir(), 'pw-bench-pipeline-'));
  cleanups.push({ name: 'config dir', run: async () => rmSync(configDir, { recursive: true, force: true }) });
  copyFileSync(path.join(ROOT, 'config/claims.yaml'), path.join(configDir, 'claims.yaml'));
  const feedId = (urlPath: string) => `bench-${path.basename(urlPath, '.xml')}`;
  // Each feed is its own publisher, as in `npm run bench`: with the default source (the URL's host) all
  // feeds would be one source, stories with one title would be one story, and no claim would lean.
  const feeds = [...ready.main, ...ready.plain].map((urlPath) => ({
    id: feedId(urlPath),
    url: `${server.origin}${urlPath}`,
    source: `Publisher ${feedId(urlPath)}`,
  }));
  writeFileSync(path.join(configDir, 'feeds.yaml'), stringify({ feeds }));
  writeFileSync(
    path.join(configDir, 'webhooks.yaml'),
    webhooksYaml([
      {
        id: 'bench',
        url: receiver.url,
        secretEnv,
        events: ['claim.status_changed', 'claim.evidence_added'],
        timeoutMs: 10_000,
      },
    ]),
  );
  const config = loadConfig(configDir);
  const settle = [...new Set(config.claims.map((claim) => claim.settle_seconds))].join(', ');
  console.log(
    `claims: ${config.claims.length} (config/claims.yaml), settle_seconds ${settle} · webhook: one, subscribed ` +
      `to claim.evidence_added and claim.status_changed at a local receiver`,
  );

  const prefix = `pwbench-pipeline-${randomBytes(4).toString('hex')}`;
  const timeline = timelineSink();
  const logger = createLogger({ destination: timeline.stream });
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
  const workerOptions = { concurrency: concurrencyOverride(process.env.PW_BENCH_CONCURRENCY) };
  const processors = processorsWithoutAlerts(pipelineProcessors(runtime));
  const workers = createWorkers(runtime.bullConnection, runtime.keys, processors, workerOptions);
  cleanups.push({ name: 'workers', run: () => workers.close() });
  for (const worker of workers.workers) worker.on('error', (error) => console.error('worker error:', error));
  const tracker = trackJobs(workers.workers);
  await Promise.all(workers.workers.map((worker) => worker.waitUntilReady()));
  const concurrency = workers.workers.map((worker) => `${worker.name} ×${worker.concurrency}`).join(', ');
  const origin = process.env.PW_BENCH_CONCURRENCY ? 'PW_BENCH_CONCURRENCY' : 'src/queue/workers.ts defaults';
  console.log(
    `pipeline: prefix ${prefix}, workers ${concurrency} (${origin}); no alerts worker until phase 5`,
  );

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

  const context = { runtime, tracker, server, statsRedis, sent, rss, timeline };
  const mainIds = ready.main.map(feedId);
  const cycleSlot = Date.now();
  const cycle1 = await profiled(process.env.PW_BENCH_CPU_PROFILE, () =>
    measureCycle(context, 'cycle 1 (new feeds)', mainIds, cycleSlot),
  );
  reportCycle(cycle1);
  if (cycle1.items !== ready.mainItems) {
    console.log(`  WARNING: ${fmt(cycle1.items, 0)} items parsed of ${fmt(ready.mainItems, 0)} served`);
  }
  const derivations = await measureDerivations(context, cycle1.jobs.deriveJobIds);
  const changes = await readChanges(runtime);
  reportDerivations(derivations, changes);
  const plain = await measureCycle(context, 'non-matching items only', ready.plain.map(feedId), cycleSlot, {
    monitor: true,
  });
  reportCycle(plain);
  const cycle2 = await measureCycle(context, 'cycle 2 (unchanged, 304)', mainIds, cycleSlot + 60_000);
  reportCycle(cycle2);
  reportStages(cycle1);
  const retries = tracker.retries();

  // The timed phases are over: their workers stop, and the attribution phase runs on its own prefix.
  await workers.close();
  const attribution = await runAttribution({
    context,
    config,
    prefix: `${prefix}-b`,
    feedIds: mainIds,
    slot: cycleSlot,
    workerOptions,
    cleanups,
  });
  const split = splitCalls(plain, attribution);
  reportBreakdown(plain, attribution, split);
  reportServerWideSplit({ cycle1, derivations, plain });
  const same = describeChanges(attribution.claims) === describeChanges(changes);
  console.log(
    `  changes per claim in the attribution run: ${describeChanges(attribution.claims)} ` +
      `(${same ? 'the same as' : 'NOT the same as'} the timed run's)`,
  );
  reportTargets({ cycle1, derivations, plain, cycle2 }, split, retries);
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
