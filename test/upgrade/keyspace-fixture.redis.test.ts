/**
 * The 0.1.0 keyspace fixture (test/fixtures/upgrade/README.md) loaded under a fresh prefix and read with
 * this release's own readers: the ledger for history, evidence and state, the alert cursors as the
 * dispatcher reads them, `policy-watch dlq list` for the dead letters and BullMQ for the jobs still queued.
 * The numbers are the fixture's: a regenerated fixture that tells another story fails here first.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ClaimStatus, createLedger, type Ledger } from '../../src/claims/index.js';
import { runCli } from '../../src/cli/program.js';
import { systemClock } from '../../src/clock.js';
import { createQueues, type Queues } from '../../src/queue/queues.js';
import { captureIo } from '../support/capture-io.js';
import {
  type DumpedKey,
  dumpKeyspace,
  type KeyspaceSummary,
  loadKeyspace,
  readKeyspaceFile,
} from '../support/keyspace-fixture.js';
import { REPO_ROOT } from '../support/news-replay.js';
import { type TestRedis, testBullConnection, testRedis } from '../support/redis.js';

const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/upgrade/keyspace-0.1.0.json');
const CONFIG_DIR = path.join(REPO_ROOT, 'config');
const ENV_KEYS = ['PW_PREFIX', 'LOG_LEVEL'] as const;

/** seq, from, to, trigger, day of the change: every change record the session wrote. */
const HISTORY: Record<string, [number, ClaimStatus, ClaimStatus, string, string][]> = {
  'rare-earths': [
    [1, 'open', 'advancing', 'evidence', '2025-06-11'],
    [2, 'advancing', 'contested', 'evidence', '2025-06-20'],
    [3, 'contested', 'advancing', 'evidence', '2025-07-20'],
  ],
  'chinese-students': [
    [1, 'open', 'advancing', 'evidence', '2025-06-06'],
    [2, 'advancing', 'contested', 'evidence', '2025-06-23'],
    [3, 'contested', 'stalled', 'sweep', '2025-07-08'],
    [4, 'stalled', 'quiet', 'sweep', '2025-07-20'],
  ],
  'trade-talks': [
    [1, 'open', 'advancing', 'evidence', '2025-06-06'],
    [2, 'advancing', 'confirmed', 'evidence', '2025-07-03'],
  ],
  'tech-controls': [[1, 'open', 'advancing', 'evidence', '2025-07-15']],
  'leader-visits': [
    [1, 'open', 'quiet', 'sweep', '2025-06-27'],
    [2, 'quiet', 'open', 'evidence', '2025-07-15'],
    [3, 'open', 'advancing', 'operator', '2025-07-21'],
  ],
};

let t: TestRedis;
let summary: KeyspaceSummary;
let savedEnv: Record<string, string | undefined>;

beforeEach(async () => {
  savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
  t = await testRedis('upgrade');
  summary = await loadKeyspace(t.redis, FIXTURE, t.prefix);
});

afterEach(async () => {
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  await t.cleanup();
});

const withoutTtl = ({ ttlMs: _ttl, ...entry }: DumpedKey) => entry;

function ledger(): Ledger {
  return createLedger({ redis: t.redis, keys: t.keys, clock: systemClock });
}

async function withQueues<T>(use: (queues: Queues) => Promise<T>): Promise<T> {
  const queues = createQueues(testBullConnection(), t.keys);
  try {
    return await use(queues);
  } finally {
    await queues.close();
  }
}

/** 0.1.0's queues by their names then: poll, evidence and alerts are this release's legacy queues. */
function queueOf(queues: Queues, name: 'poll' | 'evidence' | 'sweep' | 'alerts') {
  if (name === 'sweep') return queues.sweep;
  if (name === 'alerts') return queues.alerts.legacy();
  return queues.legacy(name);
}

describe('the 0.1.0 keyspace fixture', () => {
  describe('when loaded under a fresh prefix', () => {
    it('dumps back to the same keys and values, every TTL counting down from the captured one', async () => {
      const fixture = readKeyspaceFile(FIXTURE);
      const again = await dumpKeyspace(t.redis, t.prefix);

      expect(again.map(withoutTtl)).toEqual(fixture.keys.map(withoutTtl));
      const expiring = fixture.keys.filter((entry) => entry.ttlMs !== null);
      expect(expiring.map((entry) => entry.key)).toEqual(
        ['alerts', 'evidence', 'poll', 'sweep'].map((queue) => `{PREFIX}:bull:${queue}:stalled-check`),
      );
      for (const [i, entry] of again.entries()) {
        const captured = fixture.keys[i]?.ttlMs ?? null;
        if (captured === null) expect(entry.ttlMs).toBeNull();
        else expect(entry.ttlMs).toBeGreaterThan(0);
        if (captured !== null) expect(entry.ttlMs).toBeLessThanOrEqual(captured);
      }
    });

    it('summarizes 177 keys: five claims with history, evidence and alert cursors, tariff-truce untouched', () => {
      expect(summary).toEqual({
        keys: 177,
        claims: {
          'chinese-students': { status: 'quiet', history: 4, evidence: 4, alerted: 4 },
          'leader-visits': { status: 'advancing', history: 3, evidence: 2, alerted: 3 },
          'rare-earths': { status: 'advancing', history: 3, evidence: 6, alerted: 3 },
          'tech-controls': { status: 'advancing', history: 1, evidence: 2, alerted: 1 },
          'trade-talks': { status: 'confirmed', history: 2, evidence: 7, alerted: 2 },
        },
      });
    });

    it('reads every change record back with the ledger, oldest first, and the state at the last seq', async () => {
      for (const [claimId, expected] of Object.entries(HISTORY)) {
        const history = await ledger().getHistory(claimId);
        expect(
          history.map((change) => [
            change.seq,
            change.from,
            change.to,
            change.trigger,
            change.at.slice(0, 10),
          ]),
          claimId,
        ).toEqual(expected);
        const state = await ledger().getState(claimId);
        expect([state.status, state.seq], claimId).toEqual([expected.at(-1)?.[2], expected.length]);
      }
      const operator = (await ledger().getHistory('leader-visits'))[2];
      expect(operator?.note).toBe(
        'Both governments confirmed an autumn date for the visit (operator review).',
      );
      expect(operator?.evidence).toEqual([]);
      const contested = (await ledger().getHistory('rare-earths'))[1];
      expect(contested?.tally).toEqual({ progress: 2, setback: 2, sources: 3 });
      expect(await ledger().getHistory('tariff-truce')).toEqual([]);
      expect((await ledger().getState('tariff-truce')).status).toBe('open');
    });

    it('reads each claim evidence newest first, and every change cites evidence the claim holds', async () => {
      const rareEarths = await ledger().getEvidence('rare-earths');
      expect(rareEarths.map((record) => [record.published, record.direction, record.source])).toEqual([
        ['2025-07-20T08:00:00Z', 'progress', 'Bloomberg'],
        ['2025-07-15T09:00:00Z', 'progress', 'Reuters'],
        ['2025-06-20T09:00:00Z', 'setback', 'CNBC'],
        ['2025-06-11T09:00:00Z', 'progress', 'Reuters'],
        ['2025-06-06T08:00:00Z', 'progress', 'Bloomberg'],
        ['2025-06-05T09:00:00Z', 'setback', 'Reuters'],
      ]);
      const confirms = (await ledger().getEvidence('trade-talks')).filter(
        (record) => record.direction === 'confirms',
      );
      expect(confirms.map((record) => record.source)).toEqual(['Xinhua', 'Reuters']);
      for (const claimId of Object.keys(HISTORY)) {
        const held = new Set((await ledger().getEvidence(claimId)).map((record) => record.id));
        expect(held.size, claimId).toBe(summary.claims[claimId]?.evidence);
        for (const change of await ledger().getHistory(claimId)) {
          expect(
            change.evidence.filter((id) => !held.has(id)),
            `${claimId}:${change.seq}`,
          ).toEqual([]);
        }
      }
    });

    it('keeps each alert cursor at the claim last seq: every change was handed to the alert queue', async () => {
      for (const [claimId, expected] of Object.entries(HISTORY)) {
        expect(await t.redis.get(t.keys.claimAlerted(claimId)), claimId).toBe(String(expected.length));
      }
      expect(await t.redis.get(t.keys.claimAlerted('tariff-truce'))).toBeNull();
    });

    it('lists the three deliveries of the last day as dead letters, each refused once with HTTP 400', async () => {
      process.env.PW_PREFIX = t.prefix;
      process.env.LOG_LEVEL = 'silent';
      const io = captureIo();
      expect(await runCli(['--config', CONFIG_DIR, 'dlq', 'list', '--json'], io)).toBe(0);
      const letters = (io.json() as { eventId: string }[]).sort((a, b) => a.eventId.localeCompare(b.eventId));
      expect(letters).toEqual(
        [
          ['chinese-students:4', 'claim.status_changed'],
          ['rare-earths:3', 'claim.status_changed'],
          ['rare-earths:evidence:6154019dc782f062', 'claim.evidence_added'],
        ].map(([eventId, eventType]) => ({
          jobId: expect.stringMatching(/^alert-newsroom-[0-9a-f]{32}$/),
          webhookId: 'newsroom',
          eventId,
          eventType,
          attempts: 1,
          failedReason: expect.stringMatching(
            /^webhook newsroom at 127\.0\.0\.1:\d+ answered HTTP 400 Bad Request$/,
          ),
          failedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          lastAttempt: expect.objectContaining({
            attempt: 1,
            outcome: 'dead',
            httpStatus: 400,
            bodyStart: 'receiver answered 400',
          }),
        })),
      );
    });

    it('keeps the refused operator alert delayed and the scheduled poll waiting, beside the finished jobs', async () => {
      await withQueues(async (queues) => {
        const [delayed, ...moreDelayed] = await queues.alerts.legacy().getDelayed();
        expect(moreDelayed).toEqual([]);
        expect(delayed?.data.event.id).toBe('leader-visits:3');
        expect(delayed?.attemptsMade).toBe(1);
        expect(delayed?.opts.attempts).toBe(8);
        expect(await delayed?.getState()).toBe('delayed');

        const waiting = await queueOf(queues, 'poll').getWaiting();
        expect(waiting.map((job) => [job.id, job.data])).toEqual([
          [
            'poll-reuters-china-1753089300000',
            { feedId: 'reuters-china', slot: 1753089300000, reason: 'schedule' },
          ],
        ]);

        const states = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;
        const counts = Object.fromEntries(
          await Promise.all(
            (['poll', 'evidence', 'sweep', 'alerts'] as const).map(async (name) => [
              name,
              await queueOf(queues, name).getJobCounts(...states),
            ]),
          ),
        );
        expect(counts).toEqual({
          poll: { waiting: 1, active: 0, delayed: 0, completed: 33, failed: 0 },
          evidence: { waiting: 0, active: 0, delayed: 0, completed: 21, failed: 0 },
          sweep: { waiting: 0, active: 0, delayed: 0, completed: 4, failed: 0 },
          alerts: { waiting: 0, active: 0, delayed: 1, completed: 30, failed: 3 },
        });
      });
    });
  });

  describe('when the prefix already holds keys', () => {
    it('refuses to load over them', async () => {
      await expect(loadKeyspace(t.redis, FIXTURE, t.prefix)).rejects.toThrow(/already holds keys/);
    });
  });
});
