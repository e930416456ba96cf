/**
 * End-to-end benchmark (`npm run bench`, which builds dist/ first): from an item's first appearance in a
 * feed to its signed webhook arriving at a subscriber. 1,000 local feeds × 20 items (pipeline-feeds.ts,
 * served by a child process that records when it first served each feed) plus 1,000 feeds of items that
 * match no claim, the default claims (config/claims.yaml) with `settle_seconds: 1` for every claim so the
 * status changes arrive within the run, one receiver subscribed to claim.status_changed and
 * claim.evidence_added that verifies every signature (src/replay/receiver.ts), and 1 then 3 real
 * daemon processes (e2e-daemons.ts, compiled) on a real Redis (REDIS_URL) under a fresh PW_PREFIX per run
 * (e2e-run.ts says what each run does and how it counts).
 *
 * Prints, per run: last evidence recorded, last webhook, feed→webhook p50/p99, Redis commands per matching
 * and per non-matching item, peak RSS per daemon; then the changes per claim of both runs side by side,
 * and PASS/MISS per target (e2e-report.ts). Deletes every key under each prefix. PW_BENCH_FEEDS (default
 * 1000) shrinks the run for a quick check of the script; the targets are for 1,000.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { loadConfig, type PolicyWatchConfig } from '../../src/config/load.js';
import { parseFeed } from '../../src/feeds/index.js';
import { firstSightings } from '../../src/feeds/state/index.js';
import { compileMatcher } from '../../src/match/index.js';
import { evidenceFor, identityOf } from '../../src/pipeline/evidence-for.js';
import { describeRedis } from '../../src/redis/connection.js';
import { newWebhookSecret, startWebhookReceiver } from '../../src/replay/receiver.js';
import { secretEnvName, webhooksYaml } from '../support/webhooks-yaml.js';
import { defaultClaims } from './claims.js';
import { cleanupsOnExit } from './cleanups.js';
import { DAEMON_MAIN } from './e2e-daemons.js';
import { report, reportChanges, reportTargets } from './e2e-report.js';
import { EVIDENCE_ADDED, feedId, pairKey, type RunFigures, runOnce, STATUS_CHANGED } from './e2e-run.js';
import { startE2eFeedServer } from './e2e-server.js';
import { fmt, machineInfo } from './measure.js';
import { buildFeedSet } from './pipeline-feeds.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FEEDS = Number(process.env.PW_BENCH_FEEDS ?? 1_000);
const ITEMS_PER_FEED = 20;
const SETTLE_SECONDS = 1;
const MB = 1024 * 1024;

const cleanups = cleanupsOnExit();

/**
 * Every (claim, link) the pipeline will record, found as jobs/poll-feed.ts finds it: each served feed parsed,
 * its items identified (story key, and the title + source alias), each story taken once per feed
 * (firstSightings: items of one feed with one title are one story), and matched.
 */
async function expectedEvidence(config: PolicyWatchConfig, baseMs: number): Promise<Set<string>> {
  const set = buildFeedSet({
    feeds: FEEDS,
    plainFeeds: 0,
    itemsPerFeed: ITEMS_PER_FEED,
    baseMs,
    ...defaultClaims(ROOT),
  });
  const matcher = compileMatcher(config.claims, config.lexicon);
  const pairs = new Set<string>();
  for (const doc of set.main) {
    const feed = config.feeds.find((candidate) => candidate.id === feedId(doc.path));
    if (!feed) throw new Error(`no feed configured for ${doc.path}`);
    const parsed = await parseFeed(doc.body.toString('utf8'), { url: feed.url });
    const identified = parsed.items.map((item) => ({ item, ...identityOf(item, feed) }));
    const identities = ({ item, aliasKey }: (typeof identified)[number]) =>
      aliasKey ? [item.storyKey, aliasKey] : [item.storyKey];
    const fresh = firstSightings(identified, identities, new Set(identified.flatMap(identities)));
    for (const { item } of fresh) {
      for (const evidence of evidenceFor(item, feed, matcher, new Date(baseMs))) {
        pairs.add(pairKey(evidence.claim, item.link));
      }
    }
  }
  return pairs;
}

/** config/claims.yaml with every claim's settle_seconds set to `seconds`; returns the claim ids. */
function writeClaims(configDir: string, seconds: number): string[] {
  const doc = parse(readFileSync(path.join(ROOT, 'config/claims.yaml'), 'utf8')) as {
    claims: Array<Record<string, unknown>>;
  };
  for (const claim of doc.claims) claim.settle_seconds = seconds;
  writeFileSync(path.join(configDir, 'claims.yaml'), stringify(doc));
  return doc.claims.map((claim) => String(claim.id));
}

try {
  console.log(
    `policy-watch end-to-end benchmark — ${machineInfo()} · ${(os.totalmem() / MB / 1024) | 0} GB RAM`,
  );
  const baseMs = Date.now();
  const server = await startE2eFeedServer({
    root: ROOT,
    baseMs,
    feeds: FEEDS,
    plainFeeds: FEEDS,
    itemsPerFeed: ITEMS_PER_FEED,
  });
  cleanups.push({ name: 'feed server', run: () => server.close() });

  const secret = newWebhookSecret();
  const secretEnv = secretEnvName('bench');
  process.env[secretEnv] = secret;
  const receiver = await startWebhookReceiver({ secret });
  cleanups.push({ name: 'receiver', run: () => receiver.close() });

  const configDir = mkdtempSync(path.join(os.tmpdir(), 'pw-bench-e2e-'));
  cleanups.push({ name: 'config dir', run: async () => rmSync(configDir, { recursive: true, force: true }) });
  const claimIds = writeClaims(configDir, SETTLE_SECONDS);
  // Each feed is its own publisher: with the default source (the URL's host) all 1,000 would be one source,
  // no claim would reach min_sources, and no status would ever change.
  const feeds = [...server.ready.paths, ...server.ready.plainPaths].map((urlPath) => ({
    id: feedId(urlPath),
    url: `${server.origin}${urlPath}`,
    source: `Publisher ${feedId(urlPath)}`,
  }));
  // A schedule that does not fire during the run; the daemons run no scheduler anyway (e2e-daemons.ts).
  writeFileSync(
    path.join(configDir, 'feeds.yaml'),
    stringify({ defaults: { schedule: '0 0 1 1 *' }, feeds }),
  );
  writeFileSync(
    path.join(configDir, 'webhooks.yaml'),
    webhooksYaml([
      {
        id: 'bench',
        url: receiver.url,
        secretEnv,
        events: [STATUS_CHANGED, EVIDENCE_ADDED],
        timeoutMs: 10_000,
        retry: { attempts: 8, base_delay_ms: 500, max_delay_ms: 5_000 },
      },
    ]),
  );
  const config = loadConfig(configDir);
  const settle = config.claims.map((claim) => `${claim.id} ${claim.settle_seconds}`).join(', ');
  const expected = await expectedEvidence(config, baseMs);
  const { ready } = server;
  console.log(
    `feeds: ${fmt(ready.paths.length, 0)} × ${ITEMS_PER_FEED} items (${fmt(ready.items, 0)} items, ` +
      `${fmt(ready.bytes / MB, 2)} MB of RSS 2.0) + ${fmt(ready.plainPaths.length, 0)} feeds of non-matching items ` +
      `(${fmt(ready.plainItems, 0)}), from one http server (child process) at ${server.origin}`,
  );
  console.log(
    `claims: ${claimIds.length} (config/claims.yaml) with settle_seconds: ${SETTLE_SECONDS} written for every claim ` +
      `and read back as: ${settle}`,
  );
  console.log(
    `expected: ${fmt(expected.size, 0)} evidence_added events = matching (claim, story) pairs · receiver ` +
      `${receiver.url} (verifies every signature) · daemons: node ${DAEMON_MAIN} start --role worker`,
  );
  console.log(`redis: ${describeRedis()} (INFO commandstats is server-wide: other clients count too)`);

  const env = { ...process.env, [secretEnv]: secret };
  const context = {
    root: ROOT,
    config,
    configDir,
    server,
    receiver,
    expected,
    env,
    itemsPerFeed: ITEMS_PER_FEED,
    rssSampleMs: 100,
  };
  const runs: RunFigures[] = [];
  for (const daemons of [1, 3]) {
    const run = await runOnce(daemons, context);
    report(run);
    runs.push(run);
  }
  reportTargets(runs, reportChanges(runs));
} catch (error) {
  console.error('benchmark failed:', error);
  process.exitCode = 1;
} finally {
  await cleanups.run();
  setTimeout(() => {
    console.error('still open after cleanup:', process.getActiveResourcesInfo().join(', '));
    process.exit(process.exitCode ?? 1);
  }, 5_000).unref();
}
