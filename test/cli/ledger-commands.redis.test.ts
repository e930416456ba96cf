import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedger, evidenceRef, type Ledger } from '../../src/claims/index.js';
import { runCli } from '../../src/cli/program.js';
import { ManualClock } from '../../src/clock.js';
import type { ClaimConfig } from '../../src/config/claims-schema.js';
import { loadConfig } from '../../src/config/load.js';
import { writeFeedHealth } from '../../src/feeds/state/index.js';
import { evidence, NOW } from '../claims/evidence-factory.js';
import { captureIo } from '../support/capture-io.js';
import { type TestRedis, testRedis } from '../support/redis.js';

// The commands read PW_PREFIX, REDIS_URL and LOG_LEVEL from the environment (DESIGN.md), so the tests in
// this file set them per test and run one after another.
const ROOT = path.resolve(import.meta.dirname, '../..');
const CONFIG_DIR = path.join(ROOT, 'config');
const CONFIG = ['--config', CONFIG_DIR];
const RARE_EARTHS = loadConfig(CONFIG_DIR).claims.find((claim) => claim.id === 'rare-earths') as ClaimConfig;
const ENV_KEYS = ['PW_PREFIX', 'REDIS_URL', 'LOG_LEVEL'] as const;

let t: TestRedis;
let ledger: Ledger;
let savedEnv: Record<string, string | undefined>;

beforeEach(async () => {
  savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
  t = await testRedis('cli');
  process.env.PW_PREFIX = t.prefix;
  process.env.LOG_LEVEL = 'silent';
  ledger = createLedger({ redis: t.redis, keys: t.keys, clock: new ManualClock(NOW) });
});

afterEach(async () => {
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  await t.cleanup();
});

/** Two distinct sources reporting progress: the claim goes open → advancing (seq 1). */
async function seedAdvancing(): Promise<void> {
  await ledger.recordEvidence(RARE_EARTHS, evidence('progress', 'reuters', 3));
  await ledger.recordEvidence(RARE_EARTHS, evidence('progress', 'apnews', 1));
}

async function cli(...args: string[]) {
  const io = captureIo();
  const code = await runCli([...CONFIG, ...args], io);
  return { code, io };
}

const headers = (line: string | undefined) => line?.split(/\s{2,}/);

describe('policy-watch claims', () => {
  describe('with --json', () => {
    it('prints one line per configured claim with tally and last change', async () => {
      await seedAdvancing();
      const { code, io } = await cli('claims', '--json');
      expect(code).toBe(0);
      const lines = io.json() as Array<Record<string, unknown>>;
      expect(lines.map((line) => line.id)).toEqual([
        'rare-earths',
        'chinese-students',
        'trade-talks',
        'tariff-truce',
        'tech-controls',
        'leader-visits',
      ]);
      expect(lines[0]).toEqual({
        id: 'rare-earths',
        title: RARE_EARTHS.title,
        status: 'advancing',
        seq: 1,
        tally: { progress: 2, setback: 0, sources: 2 },
        lastChange: {
          claim: 'rare-earths',
          seq: 1,
          from: 'open',
          to: 'advancing',
          at: NOW.toISOString(),
          trigger: 'evidence',
          tally: { progress: 2, setback: 0, sources: 2 },
          evidence: expect.any(Array),
          note: expect.any(String),
        },
        reason: expect.any(String),
        updatedAt: NOW.toISOString(),
      });
      expect(lines[1]).toMatchObject({
        status: 'open',
        seq: 0,
        tally: null,
        lastChange: null,
        updatedAt: null,
      });
    });
  });

  describe('without --json', () => {
    it('prints a table with the last change as date and from→to', async () => {
      await seedAdvancing();
      const { code, io } = await cli('claims');
      expect(code).toBe(0);
      expect(headers(io.stdout[0])).toEqual(['CLAIM', 'STATUS', 'P', 'S', 'SOURCES', 'LAST CHANGE', 'TITLE']);
      expect(io.stdout[1]).toMatch(/^rare-earths\s+advancing\s+2\s+0\s+2\s+2025-07-01 open→advancing\s+/);
      expect(io.stdout).toHaveLength(7);
    });
  });
});

describe('policy-watch history', () => {
  it('prints the change records oldest first in the DESIGN shape', async () => {
    await seedAdvancing();
    const { code, io } = await cli('history', 'rare-earths', '--json');
    expect(code).toBe(0);
    const [change, ...rest] = io.json() as Array<Record<string, unknown>>;
    expect(rest).toEqual([]);
    expect(Object.keys(change ?? {})).toEqual([
      'claim',
      'seq',
      'from',
      'to',
      'at',
      'trigger',
      'tally',
      'evidence',
      'note',
    ]);
    expect(change).toMatchObject({ seq: 1, from: 'open', to: 'advancing', trigger: 'evidence' });
    expect(change?.evidence).toEqual(['rare-earths:apnews-progress-1d', 'rare-earths:reuters-progress-3d']);
  });

  it('prints a table without --json', async () => {
    await seedAdvancing();
    const { io } = await cli('history', 'rare-earths');
    expect(headers(io.stdout[0])).toEqual(['SEQ', 'AT', 'FROM → TO', 'TRIGGER', 'P/S/SOURCES', 'NOTE']);
    expect(io.stdout[1]).toMatch(/^1\s+2025-07-01 12:00\s+open → advancing\s+evidence\s+2\/0\/2\s+/);
  });
});

describe('policy-watch evidence', () => {
  it('prints the evidence newest first', async () => {
    await seedAdvancing();
    const { code, io } = await cli('evidence', 'rare-earths', '--json');
    expect(code).toBe(0);
    const lines = io.json() as Array<Record<string, unknown>>;
    expect(lines.map((line) => line.id)).toEqual([
      'rare-earths:apnews-progress-1d',
      'rare-earths:reuters-progress-3d',
    ]);
    expect(lines[0]).toEqual({
      id: 'rare-earths:apnews-progress-1d',
      ref: evidenceRef('rare-earths:apnews-progress-1d'),
      claim: 'rare-earths',
      title: 'apnews on rare earths (progress)',
      link: 'https://apnews.example.test/apnews-progress-1d',
      source: 'apnews',
      feedId: 'apnews-feed',
      published: '2025-06-30T12:00:00.000Z',
      firstSeenAt: '2025-06-30T12:10:00.000Z',
      direction: 'progress',
      weight: 1,
      score: 1,
      terms: ['rare earth*', 'china'],
      dismissed: null,
    });
  });

  it('prints a table without --json', async () => {
    await seedAdvancing();
    const { io } = await cli('evidence', 'rare-earths');
    expect(headers(io.stdout[0])).toEqual(['REF', 'PUBLISHED', 'DIRECTION', 'SOURCE', 'TITLE', 'TERMS']);
    expect(io.stdout[1]).toMatch(/^[0-9a-f]{8}\s+2025-06-30\s+progress\s+apnews\s+apnews on rare earths/);
  });
});

describe('policy-watch feeds', () => {
  beforeEach(async () => {
    await writeFeedHealth(t.redis, t.keys, 'gnews-rare-earths', {
      lastPollAt: '2025-07-01T12:00:00.000Z',
      lastSuccessAt: '2025-07-01T08:00:00.000Z',
      lastErrorAt: '2025-07-01T12:00:00.000Z',
      lastError: { code: 'FETCH_HTTP_ERROR', message: 'HTTP 503 Service Unavailable' },
      consecutiveFailures: 2,
      nextPollAt: '2025-07-01T12:04:00.000Z',
      lastOutcome: 'failed',
      itemsSeen: 40,
    });
  });

  it('prints one health line per configured feed, URLs without their query string', async () => {
    const { code, io } = await cli('feeds', '--json');
    expect(code).toBe(0);
    const lines = io.json() as Array<Record<string, unknown>>;
    expect(lines).toHaveLength(loadConfig(CONFIG_DIR).feeds.length);
    expect(lines[0]).toEqual({
      id: 'gnews-rare-earths',
      url: 'https://news.google.com/rss/search',
      source: 'Google News',
      schedule: expect.any(String),
      lastPollAt: '2025-07-01T12:00:00.000Z',
      lastSuccessAt: '2025-07-01T08:00:00.000Z',
      lastOutcome: 'failed',
      consecutiveFailures: 2,
      lastError: { code: 'FETCH_HTTP_ERROR', message: 'HTTP 503 Service Unavailable' },
      nextPollAt: '2025-07-01T12:04:00.000Z',
      itemsSeen: 40,
    });
    expect(lines[1]).toMatchObject({ lastOutcome: null, consecutiveFailures: 0, lastError: null });
    for (const line of lines) expect(line.url).not.toMatch(/[?#]/);
  });

  it('prints a table without --json', async () => {
    const { io } = await cli('feeds');
    expect(headers(io.stdout[0])).toEqual([
      'FEED',
      'OUTCOME',
      'FAILURES',
      'LAST SUCCESS',
      'NEXT POLL',
      'LAST ERROR',
    ]);
    expect(io.stdout[1]).toMatch(
      /^gnews-rare-earths\s+failed\s+2\s+2025-07-01 08:00\s+2025-07-01 12:04\s+FETCH_HTTP_ERROR: HTTP 503/,
    );
    expect(io.stdout[2]).toMatch(/^gnews-chinese-students\s+never polled\s+0\s+-\s+on schedule\s+-$/);
  });
});

describe('policy-watch resolve', () => {
  describe('when the status changes', () => {
    it('records an operator change that history shows', async () => {
      await seedAdvancing();
      const note = 'Commerce confirmed licences were issued';
      const resolved = await cli('resolve', 'rare-earths', '--status', 'confirmed', '--note', note, '--json');
      expect(resolved.code).toBe(0);
      expect(resolved.io.json()).toEqual([
        expect.objectContaining({ claim: 'rare-earths', seq: 2, from: 'advancing', to: 'confirmed', note }),
      ]);

      const history = await cli('history', 'rare-earths', '--json');
      const changes = history.io.json() as Array<Record<string, unknown>>;
      expect(changes.map((change) => [change.seq, change.trigger, change.to])).toEqual([
        [1, 'evidence', 'advancing'],
        [2, 'operator', 'confirmed'],
      ]);
      expect((await ledger.getState('rare-earths')).status).toBe('confirmed');
    });

    it('prints one readable line without --json', async () => {
      const { code, io } = await cli(
        'resolve',
        'rare-earths',
        '--status',
        'refuted',
        '--note',
        'Beijing said no',
      );
      expect(code).toBe(0);
      expect(io.stdout).toEqual(['rare-earths: open → refuted (seq 1, operator): Beijing said no']);
    });
  });

  describe('when the claim already has the status', () => {
    it('writes nothing, says so and exits 0', async () => {
      const { code, io } = await cli('resolve', 'rare-earths', '--status', 'open', '--note', 'still open');
      expect(code).toBe(0);
      expect(io.stdout).toEqual(['claim rare-earths is already open; nothing changed']);
      expect(await ledger.getHistory('rare-earths')).toEqual([]);
    });
  });

  describe('when the input is wrong', () => {
    it.each([
      {
        name: 'an invalid status',
        args: ['rare-earths', '--status', 'done', '--note', 'x'],
        line: 'policy-watch: "done" is not a status; valid statuses: open, advancing, stalled, contested, quiet, confirmed, refuted',
      },
      {
        name: 'an empty note',
        args: ['rare-earths', '--status', 'confirmed', '--note', '  '],
        line: 'policy-watch: --note must say why the status changes (it is kept in the history)',
      },
    ])('exits 2 with one line for $name', async ({ args, line }) => {
      const { code, io } = await cli('resolve', ...args);
      expect(code).toBe(2);
      expect(io.stderr).toEqual([line]);
      expect(await ledger.getHistory('rare-earths')).toEqual([]);
    });

    it('exits 2 when --status or --note is missing', async () => {
      expect((await cli('resolve', 'rare-earths', '--note', 'x')).code).toBe(2);
      expect((await cli('resolve', 'rare-earths', '--status', 'open')).code).toBe(2);
    });
  });
});

describe('every claim command', () => {
  describe('when the claim is unknown', () => {
    it.each([
      ['history', 'nope'],
      ['evidence', 'nope'],
      ['chart', 'nope'],
      ['resolve', 'nope', '--status', 'confirmed', '--note', 'x'],
    ])('%s exits 2 naming it and the known ids', async (...args) => {
      const { code, io } = await cli(...args);
      expect(code).toBe(2);
      expect(io.stderr).toEqual([
        'policy-watch: unknown claim "nope"; known claims: rare-earths, chinese-students, trade-talks, ' +
          'tariff-truce, tech-controls, leader-visits',
      ]);
      expect(io.stdout).toEqual([]);
    });
  });
});

describe('every Redis command', () => {
  describe('when Redis cannot be reached', () => {
    it.each([
      ['claims'],
      ['feeds', '--json'],
      ['history', 'rare-earths'],
      ['evidence', 'rare-earths'],
      ['chart', 'rare-earths'],
      ['resolve', 'rare-earths', '--status', 'confirmed', '--note', 'x'],
    ])('%s exits 1 with one line and no password', async (...args) => {
      process.env.REDIS_URL = 'redis://ops:hunter2@127.0.0.1:1';
      const { code, io } = await cli(...args);
      expect(code).toBe(1);
      expect(io.stderr).toHaveLength(1);
      expect(io.stderr[0]).toMatch(/^policy-watch: cannot reach Redis at 127\.0\.0\.1:1: /);
      expect(io.stderr[0]).not.toContain('hunter2');
      expect(io.stdout).toEqual([]);
    });
  });

  describe('when the config is invalid', () => {
    it('exits 2 and reports it as check-config does', async () => {
      const io = captureIo();
      const code = await runCli(['--config', path.join(ROOT, 'test/fixtures'), 'claims'], io);
      expect(code).toBe(2);
      expect(io.stderr.at(-1)).toBe('policy-watch: config has 2 problem(s); nothing was started');
    });
  });
});
