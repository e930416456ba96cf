/**
 * Recent items archive and backtest benchmark (`npm run bench:archive`), on a real Redis (REDIS_URL) under
 * fresh prefixes that are deleted afterwards:
 *
 *   memory    ARCHIVE_ITEMS items archived the way poll-feed archives them (polls of 20 new items, titles
 *             cycled from the news-day replay with a serial number, links unique; bodies from the labeled
 *             set's 600 real-story summaries: 30 % one summary, 50 % ~600 characters, 20 % past the
 *             archived 2,000), then MEMORY USAGE (all samples) of the archive's keys → bytes per item.
 *   backtest  BACKTEST_ITEMS items over ten days (one poll of 20 items every ~3 hours per feed, a third of
 *             the stories on the claims' topics) and a sweep noted every 10 minutes, then runBacktest with
 *             the shipped config, three runs, median.
 *
 * Targets (issue "The analyst in the loop"): 100,000 items in ≤ 100 MB; a backtest over ≥ 1,000 items in
 * ≤ 2 s.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openRuntime, type Runtime } from '../../src/app/open.js';
import { archivePoll } from '../../src/archive/archive.js';
import { noteSweep } from '../../src/archive/sweeps.js';
import { runBacktest } from '../../src/backtest/run.js';
import { loadConfig } from '../../src/config/load.js';
import type { FeedItem } from '../../src/feeds/index.js';
import { createLogger } from '../../src/log.js';
import { describeRedis } from '../../src/redis/connection.js';
import { NEWS_SCRIPT, REPO_ROOT } from '../support/news-replay.js';
import { cleanupsOnExit } from './cleanups.js';
import { fmt, machineInfo, verdict } from './measure.js';

const ARCHIVE_ITEMS = Number(process.env.BENCH_ARCHIVE_ITEMS ?? 100_000);
const BACKTEST_ITEMS = Number(process.env.BENCH_BACKTEST_ITEMS ?? 1_200);
const PER_POLL = 20;
const DAY = 86_400_000;
const START = Date.parse('2025-06-05T00:00:00Z');
const NOISE = [
  'Markets steady as investors await inflation data',
  'Central bank holds rates, signals patience on cuts',
  'Heatwave grips southern Europe as temperatures climb',
  'Tech shares rally after strong quarterly earnings',
];

/** Real-story summaries (the labeled set, English and Chinese), as prose that does not repeat within a poll. */
const SUMMARIES = readFileSync(path.join(REPO_ROOT, 'test/fixtures/eval/stories.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => (JSON.parse(line) as { summary?: string }).summary ?? '')
  .filter(Boolean);

/** 30 % one summary (~150–300 characters, as Google News gives), 50 % ~600, 20 % longer than the archive keeps. */
function bodyOf(n: number): string {
  const length = n % 10 < 3 ? 0 : n % 10 < 8 ? 600 : 2_600;
  let text = '';
  for (let i = (n * 7) % SUMMARIES.length; text.length <= length; i = (i + 1) % SUMMARIES.length) {
    text += `${SUMMARIES[i]} `;
    if (length === 0) break;
  }
  return text.trim();
}

function itemAt(n: number, onTopic: boolean): FeedItem {
  const script = NEWS_SCRIPT.items[n % NEWS_SCRIPT.items.length];
  const title = onTopic && script ? script.title : `${NOISE[n % NOISE.length]} (${n})`;
  const body = bodyOf(n);
  return {
    id: `bench-${n}`,
    storyKey: `url:https://news.example/story/${n}`,
    title: onTopic ? `${title} (${n})` : title,
    link: `https://news.example/story/${n}`,
    summary: `<p>${body}</p>`,
    published: new Date(START + n * 60_000).toISOString(),
    categories: [],
  };
}

async function fill(runtime: Runtime, items: number, spanMs: number, onTopicEvery: number): Promise<void> {
  const polls = Math.ceil(items / PER_POLL);
  const feeds = runtime.config.feeds;
  for (let p = 0; p < polls; p++) {
    const feed = feeds[p % feeds.length];
    if (!feed) throw new Error('the config has no feeds');
    const batch = Array.from({ length: Math.min(PER_POLL, items - p * PER_POLL) }, (_, i) => {
      const n = p * PER_POLL + i;
      return itemAt(n, n % onTopicEvery === 0);
    });
    const atMs = START + Math.floor((p / polls) * spanMs);
    await archivePoll(runtime.redis, runtime.keys, runtime.config.archive, {
      pollKey: `poll-${p}`,
      feed,
      atMs,
      items: batch,
    });
  }
}

async function open(label: string): Promise<Runtime> {
  const config = loadConfig(path.join(REPO_ROOT, 'config'));
  config.archive = { days: 365, maxItems: 10_000_000 };
  return openRuntime({
    config,
    prefix: `pwbench-${label}-${randomBytes(3).toString('hex')}`,
    logger: createLogger({ level: 'silent' }),
  });
}

async function dropKeys(runtime: Runtime): Promise<void> {
  const keys = await runtime.redis.keys(`{${runtime.keys.prefix}}:*`);
  for (let i = 0; i < keys.length; i += 500) await runtime.redis.del(...keys.slice(i, i + 500));
}

async function main(): Promise<void> {
  const cleanups = cleanupsOnExit();
  console.log(`${machineInfo()} · redis ${describeRedis()}`);

  const memory = await open('archive');
  cleanups.push({ name: 'archive runtime', run: () => memory.close() });
  cleanups.push({ name: 'archive keys', run: () => dropKeys(memory) });
  const filling = performance.now();
  await fill(memory, ARCHIVE_ITEMS, 30 * DAY, 3);
  const fillMs = performance.now() - filling;
  let bytes = 0;
  for (const key of [memory.keys.archivePolls, memory.keys.archiveItems, memory.keys.archiveCounts]) {
    bytes += Number(await memory.redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
  }
  const mb = bytes / 1_048_576;
  console.log(
    `memory: ${ARCHIVE_ITEMS.toLocaleString('en')} items in ${Math.ceil(ARCHIVE_ITEMS / PER_POLL).toLocaleString('en')} polls: ` +
      `${fmt(mb, 1)} MB (${fmt(bytes / ARCHIVE_ITEMS, 0)} bytes per item) · archived in ${fmt(fillMs / 1_000, 1)} s`,
  );

  const backtest = await open('backtest');
  cleanups.push({ name: 'backtest runtime', run: () => backtest.close() });
  cleanups.push({ name: 'backtest keys', run: () => dropKeys(backtest) });
  await fill(backtest, BACKTEST_ITEMS, 10 * DAY, 3);
  for (let at = START; at <= START + 10 * DAY; at += 10 * 60_000) {
    await noteSweep(backtest.redis, backtest.keys, at, 365);
  }
  const runs: number[] = [];
  let report: Awaited<ReturnType<typeof runBacktest>> | undefined;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    report = await runBacktest(backtest);
    runs.push(performance.now() - started);
  }
  const median = [...runs].sort((a, b) => a - b)[1] ?? Number.NaN;
  const changes = report?.claims.reduce((sum, claim) => sum + claim.draft.length, 0) ?? 0;
  const gained = report?.claims.reduce((sum, claim) => sum + claim.gains.length, 0) ?? 0;
  console.log(
    `backtest: ${report?.items} items in ${report?.polls} polls over 10 days, 1,441 sweeps noted · ` +
      `${gained} evidence items, ${changes} status changes drawn · median ${fmt(median / 1_000, 2)} s ` +
      `(runs ${runs.map((ms) => fmt(ms / 1_000, 2)).join(' / ')} s)`,
  );
  console.log(
    `targets: 100,000 items ≤ 100 MB ${verdict(ARCHIVE_ITEMS >= 100_000 && mb <= 100)} · ` +
      `backtest of ≥ 1,000 items ≤ 2 s ${verdict((report?.items ?? 0) >= 1_000 && median <= 2_000)}`,
  );
  await cleanups.run();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
