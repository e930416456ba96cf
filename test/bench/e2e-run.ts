/**
 * One run of the end-to-end benchmark with N daemons, on a fresh PW_PREFIX, in two phases:
 *
 * 1. main: one scheduled poll per main feed (1,000 × 20 items), all enqueued at once as the scheduler's
 *    ticks enqueue them (removed on completion, as in production); the phase ends when the receiver holds every expected evidence_added event and, after it, the queues have drained and no
 *    request has arrived for a while: the status changes (settle_seconds 1) are in.
 * 2. non-matching: one scheduled poll per feed of items that match no claim, to price such an item on the
 *    same daemons at the same scale; ends when every such feed was served and the queues have drained.
 *
 * Redis calls per phase: INFO commandstats Δ (the whole server) minus the background rate measured with
 * the daemons up and idle, 2 s before and 2 s after the phases (other engineers share the server). Waiting
 * reads the receiver's memory and the feed server's record over IPC; only the drain checks (getJobCounts,
 * every 250 ms at the end of a phase) talk to Redis.
 * Outside the counts: when each poll finished and what it recorded (the poll queue's event stream, read
 * after phase 1), the claims' histories, and the daemons' memory.
 */
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import type { PollResult } from '../../jobs/poll-feed.js';
import { enqueuePoll } from '../../jobs/poll-feed.js';
import { openRuntime, type Runtime } from '../../src/app/open.js';
import type { PolicyWatchConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/log.js';
import { jobIds } from '../../src/queue/names.js';
import type { ReceivedRequest, WebhookReceiver } from '../../src/replay/receiver.js';
import { deleteKeys } from '../support/redis.js';
import { type DaemonMemory, startDaemons } from './e2e-daemons.js';
import type { E2eFeedServer } from './e2e-server.js';
import { commandStats, type StatsDelta, statsDelta } from './pipeline-redis.js';
import { type ClaimChanges, readChanges } from './pipeline-report.js';

export const EVIDENCE_ADDED = 'claim.evidence_added';
export const STATUS_CHANGED = 'claim.status_changed';
const RUN_TIMEOUT_MS = 180_000;

export const feedId = (urlPath: string) => `bench-${urlPath.slice(urlPath.lastIndexOf('/') + 1, -4)}`;
/** `https://news.example.test/m17-3` → `/feed/m17.xml`, the feed that carried the item (pipeline-feeds.ts). */
const feedPathOfLink = (link: string | null | undefined) => {
  const name = /\/(m\d+)-\d+$/.exec(link ?? '')?.[1];
  return name ? `/feed/${name}.xml` : undefined;
};
export const pairKey = (claim: string, link: string | null | undefined) => `${claim} ${link ?? ''}`;

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

export interface PhaseCalls {
  calls: StatsDelta;
  ms: number;
  /** calls.total minus the background rate × ms. */
  net: number;
}

export interface RunFigures {
  daemons: number;
  /** Phase 1, from the first poll enqueued: when the last poll that recorded evidence finished, ms. */
  lastEvidenceMs: number;
  /** Phase 1, from the first poll enqueued: the last webhook of any kind, and the last status change. */
  lastWebhookMs: number;
  lastStatusWebhookMs: number;
  items: number;
  plainItems: number;
  expected: number;
  /** Items that match at least one claim (distinct links among the expected pairs). */
  matchingItems: number;
  evidenceEvents: number;
  statusEvents: number;
  requests: number;
  rejected: number;
  missing: number;
  unexpected: number;
  /** Feed first served → its evidence webhook arrived, ms, sorted. */
  latenciesMs: number[];
  directions: Map<string, number>;
  main: PhaseCalls;
  plain: PhaseCalls;
  /** Server-wide calls/s with the daemons up and idle (other clients, blocked workers): before and after the
   * phases, 2 s each, and their mean, which is subtracted. */
  idleRates: [number, number];
  idleCallsPerSecond: number;
  memory: DaemonMemory[];
  claims: ClaimChanges[];
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RunContext {
  root: string;
  config: PolicyWatchConfig;
  configDir: string;
  server: E2eFeedServer;
  receiver: WebhookReceiver;
  expected: Set<string>;
  env: NodeJS.ProcessEnv;
  itemsPerFeed: number;
  rssSampleMs: number;
}

/**
 * When each poll of `paths` finished and what it returned, from the poll queue's event stream: scheduled
 * polls are removed on completion (jobs/poll-feed.ts), but BullMQ's `completed` event keeps the return
 * value, and its stream id is the server's clock in ms. Read after phase 1, outside its counts.
 */
async function pollsFinished(runtime: Runtime, paths: readonly string[], slot: number) {
  const ids = new Set(
    paths.map((urlPath) => jobIds.poll({ feedId: feedId(urlPath), slot, reason: 'schedule' })),
  );
  const entries = await runtime.redis.xrange(runtime.queues.poll.keys.events as string, '-', '+');
  const finished: Array<{ at: number; result: PollResult }> = [];
  for (const [id, fields] of entries) {
    const field = (name: string) => fields[fields.indexOf(name) + 1];
    if (field('event') !== 'completed' || !ids.has(field('jobId') ?? '')) continue;
    finished.push({
      at: Number(id.split('-')[0]),
      result: JSON.parse(field('returnvalue') ?? '{}') as PollResult,
    });
  }
  return finished;
}

export async function runOnce(daemons: number, context: RunContext): Promise<RunFigures> {
  const { server, receiver, expected } = context;
  const prefix = `pwbench-e2e-${randomBytes(4).toString('hex')}`;
  const logger = createLogger({ destination: pino.destination('/dev/null') });
  const runtime = await openRuntime({ config: context.config, prefix, logger, connectionRole: 'producer' });
  receiver.requests.length = 0;
  receiver.deliveries.length = 0;
  await server.takeFirstServed();
  const group = startDaemons({
    root: context.root,
    count: daemons,
    configDir: context.configDir,
    prefix,
    env: context.env,
    sampleMs: context.rssSampleMs,
  });
  let memory: DaemonMemory[] | undefined;
  try {
    await group.ready(
      runtime.queues,
      runtime.config.webhooks.map((webhook) => webhook.id),
      60_000,
    );
    const idleRate = async () => {
      const before = await commandStats(runtime.redis);
      await sleep(2_000);
      return statsDelta(before, await commandStats(runtime.redis)).total / 2;
    };
    const idleBefore = await idleRate();

    // Phase 1: the main feeds.
    let statsBefore = await commandStats(runtime.redis);
    group.resetPeaks();
    const started = Date.now();
    const enqueue = (paths: readonly string[], slot: number) =>
      Promise.all(
        paths.map((urlPath) =>
          enqueuePoll(runtime.queues, { feedId: feedId(urlPath), slot, reason: 'schedule' }),
        ),
      );
    await enqueue(server.ready.paths, started);
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
    let seenCount = 0;
    let grewAt = Date.now();
    while (Date.now() < deadline) {
      scan();
      if ([...expected].every((key) => evidenceSeen.has(key))) break;
      if (receiver.requests.length > seenCount) [seenCount, grewAt] = [receiver.requests.length, Date.now()];
      // Something expected will not come (the report says MISSING): stop once nothing is left to run.
      if (Date.now() - grewAt > 3_000 && (await drained(runtime))) break;
      await sleep(20);
    }
    // Then the tail: derivations at the end of each 1 s settle window and their status_changed webhooks.
    let lastCount = -1;
    while (Date.now() < deadline) {
      const count = receiver.requests.length;
      if (count === lastCount && (await drained(runtime))) break;
      lastCount = count;
      await sleep(250);
    }
    scan();
    const main = {
      calls: statsDelta(statsBefore, await commandStats(runtime.redis)),
      ms: Date.now() - started,
    };
    const firstServed = await server.takeFirstServed();
    const requests = [...receiver.requests];
    const polls = await pollsFinished(runtime, server.ready.paths, started);

    // Phase 2: the non-matching feeds.
    statsBefore = await commandStats(runtime.redis);
    const plainStarted = Date.now();
    await enqueue(server.ready.plainPaths, plainStarted);
    const served = new Set<string>();
    while (served.size < server.ready.plainPaths.length && Date.now() < plainStarted + RUN_TIMEOUT_MS) {
      await sleep(100);
      for (const [urlPath] of await server.takeFirstServed()) served.add(urlPath);
    }
    while (!(await drained(runtime)) && Date.now() < plainStarted + RUN_TIMEOUT_MS) await sleep(250);
    const plain = {
      calls: statsDelta(statsBefore, await commandStats(runtime.redis)),
      ms: Date.now() - plainStarted,
    };
    // The shared server's background varies: the rate idle before and after the phases, averaged.
    const idleAfter = await idleRate();
    memory = await group.stop();
    const idleCallsPerSecond = (idleBefore + idleAfter) / 2;
    const net = (phase: { calls: StatsDelta; ms: number }): PhaseCalls => ({
      ...phase,
      net: Math.max(0, phase.calls.total - (idleCallsPerSecond * phase.ms) / 1000),
    });

    const recordedAt = polls.filter((poll) => poll.result.recorded > 0).map((poll) => poll.at);
    const claims = await readChanges(runtime);

    const at = (type: string) =>
      requests.filter((request) => payloadOf(request).type === type).map((request) => request.at);
    const latenciesMs: number[] = [];
    let evidenceEvents = 0;
    const directions = new Map<string, number>();
    for (const request of requests) {
      const payload = payloadOf(request);
      if (!request.verified || payload.type !== EVIDENCE_ADDED) continue;
      evidenceEvents++;
      const direction = payload.data?.evidence?.direction ?? '?';
      directions.set(direction, (directions.get(direction) ?? 0) + 1);
      const servedAt = firstServed.get(feedPathOfLink(payload.data?.evidence?.link) ?? '');
      if (servedAt !== undefined) latenciesMs.push(request.at - servedAt);
    }
    const statusAt = at(STATUS_CHANGED);
    return {
      daemons,
      lastEvidenceMs: recordedAt.length > 0 ? Math.max(...recordedAt) - started : Number.NaN,
      lastWebhookMs: Math.max(started, ...requests.map((request) => request.at)) - started,
      lastStatusWebhookMs: statusAt.length > 0 ? Math.max(...statusAt) - started : Number.NaN,
      items: firstServed.size * context.itemsPerFeed,
      plainItems: served.size * context.itemsPerFeed,
      expected: expected.size,
      matchingItems: new Set([...expected].map((key) => key.slice(key.indexOf(' ') + 1))).size,
      evidenceEvents,
      statusEvents: statusAt.length,
      requests: requests.length,
      rejected: requests.filter((request) => !request.verified).length,
      missing: [...expected].filter((key) => !evidenceSeen.has(key)).length,
      unexpected: [...evidenceSeen].filter((key) => !expected.has(key)).length,
      latenciesMs: latenciesMs.sort((a, b) => a - b),
      directions,
      main: net(main),
      plain: net(plain),
      idleCallsPerSecond,
      idleRates: [idleBefore, idleAfter],
      memory,
      claims,
    };
  } finally {
    if (!memory) await group.stop();
    await deleteKeys(runtime.redis, runtime.keys.pattern);
    await runtime.close();
  }
}
