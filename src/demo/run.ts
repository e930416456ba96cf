/**
 * The demo, start to end: find Redis, serve the replay's feeds and a webhook receiver on 127.0.0.1, run
 * the real pipeline day by day under a ManualClock, then print the per-claim timeline and the delivery
 * totals. Everything it opens is registered with `cleanups` as it opens, so the caller can undo it
 * however the run ends, in the order that keeps the user's Redis clean (the pipeline closes before its
 * keys are deleted). On abort it stops at the next step: it never races the cleanups.
 * Returns the exit code: 0 when every change was delivered and verified once.
 */

import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { pino } from 'pino';
import type { StatusChangedData } from '../alerts/index.js';
import { changeId } from '../claims/index.js';
import { ManualClock } from '../clock.js';
import { readEnv, readRedisTopology } from '../config/env.js';
import { CLAIMS_FILE, loadLexiconOf } from '../config/load.js';
import { packageRoot } from '../config/package-root.js';
import { createLogger } from '../log.js';
import { createKeys } from '../redis/keys.js';
import { startFeedServer } from '../replay/feed-server.js';
import { newWebhookSecret, startWebhookReceiver, type WebhookReceiver } from '../replay/receiver.js';
import { collectChart, DEMO_CHART_CLAIM, writeChart } from './chart.js';
import { type Cleanups, deleteKeys } from './cleanup.js';
import { demoConfig, demoWebhook, loadClaims, replayFeeds } from './config.js';
import { findRedis, noRedisMessage } from './find-redis.js';
import { type DemoPipeline, openPipeline } from './pipeline.js';
import { type ProgressStream, progressLine, progressText } from './progress.js';
import { dayInstant, loadReplay } from './replay.js';
import { servedFeeds, storyPage } from './rss.js';
import { serveStatusPage } from './serve.js';
import { type ClaimTimeline, timelineLines, totalsLine } from './timeline.js';

export const REPLAY_FILE = 'config/replay/us-china-2025.yaml';
/** How long one day's deliveries may take to arrive; they take milliseconds on a healthy machine. */
const DELIVERY_TIMEOUT_MS = 20_000;

/** The webhook's body: the demo subscribes to claim.status_changed only. */
interface StatusChanged {
  type: string;
  data: StatusChangedData;
}

export interface DemoIO {
  out: ProgressStream;
  err: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C: the run stops at the next step and leaves the cleanups to the caller. */
  signal: AbortSignal;
}

export interface DemoOptions {
  /** Write the DEMO_CHART_CLAIM's timeline chart here, as a standalone SVG (chart.ts). */
  chart?: string | undefined;
  /**
   * After the report, serve the status page over the demo's Redis on 127.0.0.1 at this port (0: any free
   * one) until Ctrl-C; `onServing` hears the page's URL.
   */
  serve?: { port: number; onServing(url: string): void } | undefined;
}

async function waitForDeliveries(
  receiver: WebhookReceiver,
  pipeline: DemoPipeline,
  expected: number,
): Promise<void> {
  const deadline = Date.now() + DELIVERY_TIMEOUT_MS;
  while (receiver.distinctIds().length < expected) {
    if (Date.now() > deadline) {
      throw new Error(
        `${receiver.distinctIds().length} of ${expected} alerts arrived within ${DELIVERY_TIMEOUT_MS} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await pipeline.alertsSettled(DELIVERY_TIMEOUT_MS);
}

async function readTimelines(pipeline: DemoPipeline): Promise<ClaimTimeline[]> {
  const { config, ledger } = pipeline.runtime;
  return Promise.all(
    config.claims.map(async (claim) => ({
      id: claim.id,
      title: claim.title,
      status: (await ledger.getState(claim.id)).status,
      history: await ledger.getHistory(claim.id),
    })),
  );
}

export async function runDemo(io: DemoIO, cleanups: Cleanups, options: DemoOptions = {}): Promise<number> {
  const say = (line = '') => io.out.write(`${line}\n`);
  const { signal } = io;
  const redis = await findRedis(io.env);
  if (!redis) {
    io.err.write(`${noRedisMessage(readRedisTopology(io.env))}\n`);
    return 1;
  }
  cleanups.add('redis-server', () => redis.stop());
  signal.throwIfAborted();
  const keys = createKeys(`pw-demo-${randomBytes(4).toString('hex')}`);
  cleanups.add('demo keys', async () => {
    try {
      const removed = await deleteKeys(redis.target, keys.pattern);
      say(`Removed the demo's ${removed} Redis keys (prefix ${keys.prefix}); nothing else was touched.`);
    } catch (error) {
      // A private server stopped by the same Ctrl-C takes its keys with it.
      if (!redis.private) throw error;
    }
  });

  const root = packageRoot();
  const replay = loadReplay(path.join(root, REPLAY_FILE));
  const claims = loadClaims(path.join(root, 'config', CLAIMS_FILE));
  const { days } = replay;
  const [first] = days;
  if (!first) throw new Error(`${REPLAY_FILE} has no days`);
  const clock = new ManualClock(dayInstant(first));
  const feeds = await startFeedServer({
    feeds: servedFeeds(replay, () => clock.now()),
    page: (pathname) => storyPage(replay, pathname),
  });
  cleanups.add('feed server', () => feeds.close());
  signal.throwIfAborted();
  const secret = newWebhookSecret();
  const receiver = await startWebhookReceiver({ secret });
  cleanups.add('webhook receiver', () => receiver.close());
  signal.throwIfAborted();
  const config = demoConfig({
    claims,
    feeds: replayFeeds(replay, feeds.origin),
    webhook: demoWebhook(receiver.url, secret),
    dir: path.join(root, 'config'),
    lexicon: loadLexiconOf(path.join(root, 'config')),
  });
  const level = readEnv('LOG_LEVEL', io.env) ?? 'warn';
  const logger = createLogger({ level, destination: pino.destination({ dest: 2, sync: true }) });
  const pipeline = await openPipeline({
    config,
    redisTarget: redis.target,
    prefix: keys.prefix,
    clock,
    logger,
  });
  cleanups.add('pipeline', () => pipeline.close());
  signal.throwIfAborted();

  say(`policy-watch demo: ${replay.title}`);
  say(
    `Replaying ${replay.items.length} headlines from ${replay.feeds.length} feeds over ${days.length} days (${first.date} → ${days.at(-1)?.date}) through the real pipeline.`,
  );
  say(`Redis: ${redis.description}; the demo's keys live under ${keys.prefix} and are removed at the end.`);
  say(`Feeds served at ${feeds.origin}, signed alerts verified at ${receiver.url}.`);
  say();

  const chartClaim = config.claims.find((claim) => claim.id === DEMO_CHART_CLAIM);
  const chart = options.chart && chartClaim ? collectChart(pipeline, chartClaim) : undefined;
  const progress = progressLine(io.out);
  let items = 0;
  // By change id: the jobs' own reports of what they changed.
  const changes = new Set<string>();
  for (const [index, day] of days.entries()) {
    signal.throwIfAborted();
    const outcome = await pipeline.runDay(day);
    items += outcome.newItems;
    for (const change of outcome.changes) changes.add(changeId(change.claim, change.seq));
    await waitForDeliveries(receiver, pipeline, changes.size);
    await chart?.afterDay();
    progress.update(
      progressText({
        index: index + 1,
        days: days.length,
        date: day.date,
        items,
        changes: changes.size,
        delivered: receiver.deliveries.length,
        swept: outcome.swept,
      }),
    );
  }
  progress.done();

  const timelines = await readTimelines(pipeline);
  const alerts = receiver.deliveries.map((delivery) => (delivery.payload as StatusChanged).data);
  for (const line of timelineLines(timelines, alerts)) say(line);
  const recorded = timelines.reduce((sum, claim) => sum + claim.history.length, 0);
  const totals = {
    changes: recorded,
    delivered: receiver.deliveries.length,
    uniqueIds: receiver.distinctIds().length,
    rejected: receiver.requests.filter((request) => !request.verified).length,
  };
  const fresh = feeds.answered(200);
  const notModified = feeds.answered(304);
  say();
  say(
    `${fresh + notModified} feed polls: ${fresh} answered with new content, ${notModified} with 304 Not Modified.`,
  );
  say(totalsLine(totals));
  const consistent =
    recorded === changes.size &&
    totals.delivered === recorded &&
    totals.uniqueIds === recorded &&
    totals.rejected === 0;
  if (!consistent)
    io.err.write(`the deliveries do not match the ${changes.size} changes the jobs reported\n`);
  if (chart && options.chart) {
    writeChart(options.chart, await chart.render());
    say(`Wrote the ${DEMO_CHART_CLAIM} timeline chart to ${options.chart}.`);
  }
  if (options.serve) await serveStatusPage(pipeline.runtime, options.serve, cleanups, signal);
  return consistent ? 0 : 1;
}
