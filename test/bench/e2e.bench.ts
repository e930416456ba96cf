/**
 * End-to-end benchmark (`npm run bench`, issue 5 item 5): from an item's first appearance in a feed to its
 * signed webhook arriving at a subscriber. 1,000 local feeds × 20 items (pipeline-feeds.ts, served by a
 * child process that records when it first served each feed), the default claims (config/claims.yaml), one
 * receiver subscribed to claim.status_changed and claim.evidence_added that verifies every signature
 * (test/support/webhook-receiver.ts), and 1 then 3 real daemon processes (e2e-daemons.ts) on a real Redis
 * (REDIS_URL) under a fresh PW_PREFIX per run. Each run enqueues one manual poll per feed and ends when the
 * receiver holds every expected evidence_added event — one per (claim, story) the matcher finds in the
 * served items, computed here the way evidence-for.ts does — and the queues have drained.
 *
 * Figures, no targets (issue 5 sets none): items/s, feed→webhook p50/p99, Redis calls per item
 * (INFO commandstats Δ, the whole server), peak RSS per daemon. Deletes every key under each prefix.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { stringify } from 'yaml';
import { enqueuePoll } from '../../jobs/poll-feed.js';
import { loadConfig, type PolicyWatchConfig } from '../../src/config/load.js';
import { parseFeed } from '../../src/feeds/parse.js';
import { createLogger } from '../../src/log.js';
import { compileMatcher } from '../../src/match/index.js';
import { describeRedisUrl } from '../../src/redis/connection.js';
import { matchInputOf } from '../../src/runtime/evidence-for.js';
import { openRuntime, type Runtime } from '../../src/runtime/open.js';
import { readClaimViews } from '../../src/runtime/read-views.js';
import { deleteKeys } from '../support/redis.js';
import {
  newWebhookSecret,
  type ReceivedRequest,
  secretEnvName,
  startWebhookReceiver,
  type WebhookReceiver,
  webhooksYaml,
} from '../support/webhook-receiver.js';
import { defaultClaims } from './claims.js';
import { cleanupsOnExit } from './cleanups.js';
import { type DaemonMemory, startDaemons } from './e2e-daemons.js';
import { type E2eFeedServer, startE2eFeedServer } from './e2e-server.js';
import { fmt, machineInfo } from './measure.js';
import { buildFeedSet } from './pipeline-feeds.js';
import { commandStats, type StatsDelta, statsDelta } from './pipeline-redis.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FEEDS = 1_000;
const ITEMS_PER_FEED = 20;
const RSS_SAMPLE_MS = 100;
const RUN_TIMEOUT_MS = 180_000;
const MB = 1024 * 1024;
const EVIDENCE_ADDED = 'claim.evidence_added';
const STATUS_CHANGED = 'claim.status_changed';

const cleanups = cleanupsOnExit();

const feedId = (urlPath: string) => `bench-${path.basename(urlPath, '.xml')}`;
/** `https://news.example.test/m17-3` → `/feed/m17.xml`, the feed that carried the item (pipeline-feeds.ts). */
const feedPathOfLink = (link: string | null | undefined) => {
  const name = /\/(m\d+)-\d+$/.exec(link ?? '')?.[1];
  return name ? `/feed/${name}.xml` : undefined;
};
const pairKey = (claim: string, link: string | null | undefined) => `${claim} ${link ?? ''}`;

/** Every (claim, link) the pipeline will record: the served items parsed and matched as poll-feed does. */
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
    const parsed = await parseFeed(doc.body.toString('utf8'), { url: `http://127.0.0.1${doc.path}` });
    for (const item of parsed.items) {
      for (const match of matcher.match(matchInputOf(item))) pairs.add(pairKey(match.claim, item.link));
    }
  }
  return pairs;
}

interface Payload {
  type?: string;
  data?: { claim?: { id?: string }; evidence?: { link?: string | null; direction?: string } };
}

function payloadOf(request: ReceivedRequest): Payload {
  try {
    return JSON.parse(request.body) as Payload;
  } catch {
    return {};
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

interface RunFigures {
  daemons: number;
  ms: number;
  items: number;
  expected: number;
  evidenceEvents: number;
  statusEvents: number;
  requests: number;
  rejected: number;
  missing: number;
  unexpected: number;
  latenciesMs: number[];
  /** evidence_added events by evidence direction. */
  directions: Map<string, number>;
  calls: StatsDelta;
  /** How long the commandstats interval was. */
  statsMs: number;
  /** Server-wide calls/s over 2 s with the daemons up and idle: other clients and blocked workers. */
  idleCallsPerSecond: number;
  memory: DaemonMemory[];
  /** Each claim's status after the run and how many changes led there (claim order). */
  finalStatuses: Array<{ id: string; status: string; changes: number }>;
}

async function drained(runtime: Runtime): Promise<boolean> {
  const counts = await Promise.all(
    [
      runtime.queues.poll,
      runtime.queues.derive,
      ...runtime.config.webhooks.map((webhook) => runtime.queues.alerts.of(webhook.id)),
    ].map((queue) => queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children')),
  );
  return counts.every((byState) => Object.values(byState).every((n) => n === 0));
}

async function runOnce(
  daemons: number,
  context: {
    config: PolicyWatchConfig;
    configDir: string;
    server: E2eFeedServer;
    receiver: WebhookReceiver;
    expected: Set<string>;
    env: NodeJS.ProcessEnv;
  },
): Promise<RunFigures> {
  const { server, receiver, expected } = context;
  const prefix = `pwbench-e2e-${randomBytes(4).toString('hex')}`;
  const logger = createLogger({ destination: pino.destination('/dev/null') });
  const runtime = await openRuntime({ config: context.config, prefix, logger, connectionRole: 'producer' });
  const dropKeys = async () => {
    await deleteKeys(runtime.redis, runtime.keys.pattern);
    await runtime.close();
  };
  receiver.requests.length = 0;
  receiver.deliveries.length = 0;
  await server.takeFirstServed();
  const group = startDaemons({
    root: ROOT,
    count: daemons,
    configDir: context.configDir,
    prefix,
    env: context.env,
    sampleMs: RSS_SAMPLE_MS,
  });
  let memory: DaemonMemory[] | undefined;
  try {
    await group.ready(
      runtime.queues,
      runtime.config.webhooks.map((webhook) => webhook.id),
      60_000,
    );
    const idleBefore = await commandStats(runtime.redis);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const idleCallsPerSecond = statsDelta(idleBefore, await commandStats(runtime.redis)).total / 2;

    const statsBefore = await commandStats(runtime.redis);
    group.resetPeaks();
    const started = Date.now();
    await Promise.all(
      server.ready.paths.map((urlPath) =>
        enqueuePoll(runtime.queues, { feedId: feedId(urlPath), slot: started, reason: 'manual' }),
      ),
    );
    // Only the receiver's memory is read while webhooks arrive: waiting adds no Redis commands.
    const evidenceSeen = new Set<string>();
    let scanned = 0;
    const deadline = started + RUN_TIMEOUT_MS;
    const scan = () => {
      for (; scanned < receiver.requests.length; scanned++) {
        const request = receiver.requests[scanned] as ReceivedRequest;
        const payload = payloadOf(request);
        if (request.verified && payload.type === EVIDENCE_ADDED) {
          evidenceSeen.add(pairKey(payload.data?.claim?.id ?? '', payload.data?.evidence?.link));
        }
      }
    };
    while (Date.now() < deadline) {
      scan();
      if ([...expected].every((key) => evidenceSeen.has(key))) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Then the tail: status changes dispatched after the last evidence, until nothing is left to send.
    let lastCount = -1;
    while (Date.now() < deadline) {
      const count = receiver.requests.length;
      if (count === lastCount && (await drained(runtime))) break;
      lastCount = count;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    scan();
    const calls = statsDelta(statsBefore, await commandStats(runtime.redis));
    const statsMs = Date.now() - started;
    memory = await group.stop();
    const finalStatuses = (await readClaimViews(runtime)).map((claim) => ({
      id: claim.id,
      status: claim.status,
      changes: claim.seq,
    }));

    const firstServed = await server.takeFirstServed();
    const requests = [...receiver.requests];
    const last = requests.reduce((max, request) => Math.max(max, request.at), started);
    const latenciesMs: number[] = [];
    let evidenceEvents = 0;
    const directions = new Map<string, number>();
    let statusEvents = 0;
    for (const request of requests) {
      if (!request.verified) continue;
      const payload = payloadOf(request);
      if (payload.type === STATUS_CHANGED) statusEvents++;
      if (payload.type !== EVIDENCE_ADDED) continue;
      evidenceEvents++;
      const direction = payload.data?.evidence?.direction ?? '?';
      directions.set(direction, (directions.get(direction) ?? 0) + 1);
      const served = firstServed.get(feedPathOfLink(payload.data?.evidence?.link) ?? '');
      if (served !== undefined) latenciesMs.push(request.at - served);
    }
    return {
      daemons,
      ms: last - started,
      items: firstServed.size * ITEMS_PER_FEED,
      expected: expected.size,
      evidenceEvents,
      statusEvents,
      requests: requests.length,
      rejected: requests.filter((request) => !request.verified).length,
      missing: [...expected].filter((key) => !evidenceSeen.has(key)).length,
      unexpected: [...evidenceSeen].filter((key) => !expected.has(key)).length,
      latenciesMs: latenciesMs.sort((a, b) => a - b),
      directions,
      calls,
      statsMs,
      idleCallsPerSecond,
      memory,
      finalStatuses,
    };
  } finally {
    if (!memory) await group.stop();
    await dropKeys();
  }
}

function report(f: RunFigures): void {
  const seconds = f.ms / 1000;
  const label = f.daemons === 1 ? '1 daemon' : `${f.daemons} daemons`;
  console.log(`\n${label} (policy-watch start --role worker):`);
  console.log(
    `  ${fmt(f.items, 0)} items served → last webhook in ${fmt(seconds, 2)} s = ${fmt(f.items / seconds, 0)} items/s ` +
      '(from the first poll enqueued)',
  );
  const dupes = f.evidenceEvents - (f.expected - f.missing + f.unexpected);
  console.log(
    `  webhooks: ${fmt(f.evidenceEvents, 0)} evidence_added of ${fmt(f.expected, 0)} expected` +
      `${f.missing > 0 ? ` (${f.missing} MISSING)` : ''}${f.unexpected > 0 ? ` (${f.unexpected} unexpected)` : ''}` +
      `${dupes > 0 ? ` (${dupes} repeats)` : ''} + ${fmt(f.statusEvents, 0)} status_changed · ` +
      `${fmt(f.requests, 0)} POSTs, ${f.rejected} failed verification`,
  );
  const directions = [...f.directions].map(([direction, n]) => `${fmt(n, 0)} ${direction}`).join(', ');
  console.log(`    evidence directions: ${directions}`);
  // Each record re-derives from the evidence committed so far, so the path (and, through "keep the current
  // status", possibly the end) depends on the order a burst commits in: worth seeing next to the count.
  const statuses = f.finalStatuses.map((c) => `${c.id} ${c.status} (${c.changes})`).join(' · ');
  console.log(`    final statuses (changes): ${statuses}`);
  if (f.latenciesMs.length > 0) {
    const l = f.latenciesMs;
    console.log(
      `  feed first served → evidence webhook arrived: p50 ${fmt(percentile(l, 50), 0)} ms · ` +
        `p99 ${fmt(percentile(l, 99), 0)} ms · max ${fmt(l.at(-1) as number, 0)} ms (n = ${fmt(l.length, 0)})`,
    );
  }
  const background = (f.idleCallsPerSecond * f.statsMs) / 1000;
  const net = Math.max(0, f.calls.total - background);
  console.log(
    `  Redis: ${fmt(net / f.items, 2)} calls/item = ${fmt(f.calls.total, 0)} calls (INFO commandstats Δ, whole ` +
      `server) − ${fmt(background, 0)} background (${fmt(f.idleCallsPerSecond, 0)} calls/s measured idle × ` +
      `${fmt(f.statsMs / 1000, 1)} s); raw ${fmt(f.calls.total / f.items, 2)}/item`,
  );
  const top = f.calls.byCommand.slice(0, 8).map(([name, calls]) => `${name} ${fmt(calls, 0)}`);
  console.log(`    top: ${top.join(' · ')}`);
  const rss = f.memory.map((m) => `${fmt(m.peakRss / MB, 0)} MB`).join(', ');
  const hwm = f.memory.map((m) => `${fmt(m.hwm / MB, 0)} MB`).join(', ');
  const idle = f.memory.map((m) => `${fmt(m.idleRss / MB, 0)} MB`).join(', ');
  const cpu = f.memory.map((m) => `${fmt(m.cpuSeconds, 1)} s`).join(', ');
  const sum = f.memory.reduce((total, m) => total + m.peakRss, 0);
  console.log(
    `  daemon peak RSS (VmRSS every ${RSS_SAMPLE_MS} ms): ${rss}` +
      `${f.memory.length > 1 ? ` (sum ${fmt(sum / MB, 0)} MB)` : ''} · idle before the run ${idle} · ` +
      `VmHWM ${hwm} · CPU ${cpu}`,
  );
}

try {
  console.log(
    `policy-watch end-to-end benchmark — ${machineInfo()} · ${(os.totalmem() / MB / 1024) | 0} GB RAM`,
  );
  const baseMs = Date.now();
  const server = await startE2eFeedServer({ root: ROOT, baseMs, feeds: FEEDS, itemsPerFeed: ITEMS_PER_FEED });
  cleanups.push({ name: 'feed server', run: () => server.close() });

  const secret = newWebhookSecret();
  const secretEnv = secretEnvName('bench');
  process.env[secretEnv] = secret;
  const receiver = await startWebhookReceiver({ secret });
  cleanups.push({ name: 'receiver', run: () => receiver.close() });

  const configDir = mkdtempSync(path.join(os.tmpdir(), 'pw-bench-e2e-'));
  cleanups.push({ name: 'config dir', run: async () => rmSync(configDir, { recursive: true, force: true }) });
  copyFileSync(path.join(ROOT, 'config/claims.yaml'), path.join(configDir, 'claims.yaml'));
  // Each feed is its own publisher: with the default source (the URL's host) all 1,000 would be one source,
  // no claim would reach min_sources, and no status would ever change.
  const feeds = server.ready.paths.map((urlPath) => ({
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
  const expected = await expectedEvidence(config, baseMs);
  const { ready } = server;
  console.log(
    `feeds: ${fmt(ready.paths.length, 0)} × ${ITEMS_PER_FEED} items (${fmt(ready.items, 0)} items, ` +
      `${fmt(ready.bytes / MB, 2)} MB of RSS 2.0) from one http server (child process) at ${server.origin}`,
  );
  console.log(
    `claims: ${config.claims.length} (config/claims.yaml) · expected: ${fmt(expected.size, 0)} evidence_added ` +
      `events = matching (claim, story) pairs · receiver ${receiver.url} (verifies every signature)`,
  );
  console.log(`redis: ${describeRedisUrl()} (INFO commandstats is server-wide: other clients count too)`);

  const env = { ...process.env, [secretEnv]: secret };
  const context = { config, configDir, server, receiver, expected, env };
  for (const daemons of [1, 3]) report(await runOnce(daemons, context));
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
