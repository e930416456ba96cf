/**
 * Three `policy-watch start` processes against one Redis and one prefix, polling the replayed feeds every
 * 2 seconds (`*\/2 * * * * *`). Each tick of each replica enqueues the same job id per (feed, slot), so
 * each feed is fetched once per slot; every job is idempotent, so each change is written once. Midway the
 * newsroom publishes the rest of the news flow, so the replicas race on new evidence too. SIGTERM drains
 * each process and it exits 0.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRuntime, type Runtime } from '../../src/app/open.js';
import type { ChangeRecord } from '../../src/claims/index.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger, LOG_EVENTS } from '../../src/log.js';
import {
  dayInstant,
  LAST_DAY,
  NEWS_SCRIPT,
  type NewsServer,
  REPLAY_FEEDS,
  removeConfigDir,
  type ScriptDay,
  startNewsServer,
  writeReplayConfig,
} from '../support/news-replay.js';
import {
  type DaemonProcess,
  killAllDaemons,
  type LogLine,
  spawnDaemon,
} from '../support/news-replay-daemon.js';
import { type TestRedis, testRedis } from '../support/redis.js';

const SLOT_MS = 2_000;
const POLL_EVENTS: string[] = [LOG_EVENTS.feedPolled, LOG_EVENTS.feedNotModified, LOG_EVENTS.feedFailed];
const EVIDENCE_TOTAL = 20;

let redis: TestRedis;
let server: NewsServer;
let configDir: string;
let runtime: Runtime;
let newsroomDay: ScriptDay;

beforeEach(async () => {
  redis = await testRedis('replicas');
  const shift = Date.now() - dayInstant(LAST_DAY).getTime();
  newsroomDay = NEWS_SCRIPT.days[5] as ScriptDay; // June 23: the first half of the news flow
  server = await startNewsServer({
    now: () => new Date(dayInstant(newsroomDay).getTime() + shift),
    shiftMs: shift,
  });
  configDir = writeReplayConfig(server, { schedule: '*/2 * * * * *', timeoutMs: 5_000, settleSeconds: 2 });
  runtime = await openRuntime({
    config: loadConfig(configDir),
    prefix: redis.prefix,
    logger: createLogger({ level: 'silent' }),
  });
});

afterEach(async () => {
  await killAllDaemons();
  await runtime.close();
  await server.close();
  await redis.cleanup();
  removeConfigDir(configDir);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function evidenceCount(): Promise<number> {
  let total = 0;
  for (const claim of runtime.config.claims) {
    total += await redis.redis.hlen(runtime.keys.claimEvidence(claim.id));
  }
  return total;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    sleep(ms).then(() => {
      throw new Error(`${what} took longer than ${ms} ms`);
    }),
  ]);
}

/** (feed, slot) of every poll that reached the feed server, from all replicas' logs. */
function fetchesLogged(daemons: DaemonProcess[]): Array<{ daemon: string; line: LogLine }> {
  return daemons.flatMap((daemon) =>
    daemon.lines
      .filter((line) => line.event !== undefined && POLL_EVENTS.includes(line.event))
      .map((line) => ({ daemon: daemon.name, line })),
  );
}

function changeKey(change: ChangeRecord): string {
  return JSON.stringify([change.from, change.to, [...change.evidence].sort()]);
}

describe('policy-watch start', () => {
  describe('when three daemons run against one Redis with a 2-second schedule', () => {
    it('fetches each feed at most once per slot, writes each change once and exits 0 on SIGTERM', async () => {
      const startedAt = Date.now();
      const daemons = ['a', 'b', 'c'].map((name) => spawnDaemon({ name, prefix: redis.prefix, configDir }));
      await withTimeout(
        Promise.all(daemons.map((daemon) => daemon.started)),
        40_000,
        'starting three daemons',
      );

      // Let them poll the first half a few times, then publish the rest of the news flow.
      await sleep(2 * SLOT_MS);
      newsroomDay = LAST_DAY;
      await waitFor(
        'all evidence to be recorded',
        async () => (await evidenceCount()) === EVIDENCE_TOTAL,
        30_000,
      );
      await sleep(2 * SLOT_MS); // a couple of 304 rounds after the last change, and two settle windows

      for (const daemon of daemons) daemon.child.kill('SIGTERM');
      const exits = await withTimeout(
        Promise.all(daemons.map((daemon) => daemon.exited)),
        30_000,
        'draining',
      );
      const stoppedAt = Date.now();
      expect(exits).toEqual(daemons.map(() => ({ code: 0, signal: null })));
      for (const daemon of daemons) {
        expect(daemon.lines.some((line) => line.event === LOG_EVENTS.daemonStopped)).toBe(true);
      }

      // Once per slot: every request the server saw is one poll in one replica's log, with its own slot.
      const fetches = fetchesLogged(daemons);
      expect(fetches.filter(({ line }) => line.event === LOG_EVENTS.feedFailed)).toEqual([]);
      const slots = fetches.map(({ line }) => `${line.feedId}@${line.slot}`);
      expect(new Set(slots).size).toBe(slots.length);
      const possibleSlots = Math.ceil((stoppedAt - startedAt) / SLOT_MS) + 1;
      for (const feed of REPLAY_FEEDS) {
        const logged = fetches.filter(({ line }) => line.feedId === feed.id);
        expect(server.hits(feed.role)).toBe(logged.length);
        expect(logged.length).toBeGreaterThanOrEqual(3);
        expect(logged.length).toBeLessThanOrEqual(possibleSlots);
        for (const { line } of logged) expect((line.slot ?? 1) % SLOT_MS).toBe(0);
      }

      // Once per change: every history is 1, 2, 3 … with no entry written twice.
      const counts: Record<string, number> = {};
      for (const claim of runtime.config.claims) {
        const history = await runtime.ledger.getHistory(claim.id);
        const state = await runtime.ledger.getState(claim.id);
        expect(history.map((change) => change.seq)).toEqual(history.map((_, index) => index + 1));
        expect(new Set(history.map(changeKey)).size).toBe(history.length);
        history.forEach((change, index) => {
          expect(change.from).toBe(index === 0 ? 'open' : history[index - 1]?.to);
        });
        expect(state.seq).toBe(history.length);
        expect(state.status).toBe(history.at(-1)?.to ?? 'open');
        counts[claim.id] = (await runtime.ledger.getEvidence(claim.id)).length;
      }
      expect(counts).toEqual({
        'rare-earths': 6,
        'chinese-students': 4,
        'trade-talks': 6,
        'tariff-truce': 0,
        'tech-controls': 2,
        'leader-visits': 2,
      });
      const statuses = await runtime.ledger.listStates(runtime.config.claims.map((claim) => claim.id));
      expect(Object.fromEntries(statuses.map((state) => [state.claim, state.status]))).toEqual({
        'rare-earths': 'advancing',
        'chinese-students': 'quiet',
        'trade-talks': 'confirmed',
        'tariff-truce': 'open',
        'tech-controls': 'advancing',
        'leader-visits': 'open',
      });
    }, 120_000);
  });
});
