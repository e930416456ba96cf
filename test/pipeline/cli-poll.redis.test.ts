/**
 * The CLI path end to end, in process: `policy-watch poll --wait` against the replayed feeds with no daemon
 * running (the command runs the workers itself), then `claims`, `history` and `evidence` with --json.
 * The CLI runs on the system clock, so the feed server shifts the whole news flow to end now.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../support/capture-io.js';
import {
  dayInstant,
  FEED_IDS,
  LAST_DAY,
  type NewsServer,
  removeConfigDir,
  startNewsServer,
  writeReplayConfig,
} from '../support/news-replay.js';
import { type TestRedis, testRedis } from '../support/redis.js';

const CLAIM_IDS = [
  'rare-earths',
  'chinese-students',
  'trade-talks',
  'tariff-truce',
  'tech-controls',
  'leader-visits',
];

let redis: TestRedis;
let server: NewsServer;
let configDir: string;
beforeEach(async () => {
  redis = await testRedis('cli-poll');
  // The last scripted day's evening is now: every item is listed, the latest ones are hours old.
  server = await startNewsServer({
    now: () => new Date(),
    shiftMs: Date.now() - dayInstant(LAST_DAY).getTime(),
  });
  configDir = writeReplayConfig(server);
  vi.stubEnv('PW_PREFIX', redis.prefix);
  vi.stubEnv('LOG_LEVEL', 'silent');
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await server.close();
  await redis.cleanup();
  removeConfigDir(configDir);
});

async function cli(...args: string[]) {
  const io = captureIo();
  const code = await runCli(['--config', configDir, ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr, json: io.json() as Array<Record<string, unknown>> };
}

/** Everything the read commands print, per command line. */
async function readAll(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = { claims: (await cli('claims', '--json')).stdout };
  for (const claim of CLAIM_IDS) {
    out[`history ${claim}`] = (await cli('history', claim, '--json')).stdout;
    out[`evidence ${claim}`] = (await cli('evidence', claim, '--json')).stdout;
  }
  return out;
}

describe('policy-watch poll --wait', () => {
  describe('when no daemon is running', () => {
    it('polls every feed, records the evidence, and the read commands show the result', async () => {
      const poll = await cli('poll', '--wait', '--json');
      expect(poll.code).toBe(0);
      expect(
        poll.json.map((line) => [line.feedId, line.outcome, line.items, line.unseen, line.evidence]),
      ).toEqual([
        [FEED_IDS[0], 'fetched', 9, 9, 8],
        [FEED_IDS[1], 'fetched', 12, 12, 12],
        [FEED_IDS[2], 'fetched', 3, 3, 1],
      ]);

      const claims = await cli('claims', '--json');
      expect(claims.code).toBe(0);
      expect(Object.fromEntries(claims.json.map((line) => [line.id, line.status]))).toEqual({
        'rare-earths': 'advancing',
        'chinese-students': 'quiet',
        'trade-talks': 'confirmed',
        'tariff-truce': 'open',
        'tech-controls': 'advancing',
        'leader-visits': 'open',
      });

      const history = await cli('history', 'trade-talks', '--json');
      expect(history.code).toBe(0);
      const last = history.json.at(-1);
      expect(last).toMatchObject({
        claim: 'trade-talks',
        seq: history.json.length,
        to: 'confirmed',
        trigger: 'evidence',
      });
      expect(history.json.map((line) => line.seq)).toEqual(history.json.map((_, index) => index + 1));

      const evidence = await cli('evidence', 'rare-earths', '--json');
      expect(evidence.code).toBe(0);
      expect(evidence.json.map((line) => [line.source, line.direction])).toEqual([
        ['Bloomberg', 'progress'],
        ['Reuters', 'progress'],
        ['CNBC', 'setback'],
        ['Reuters', 'progress'],
        ['Bloomberg', 'progress'],
        ['Reuters', 'setback'],
      ]);
    });
  });

  describe('when the same poll runs a second time', () => {
    it('gets 304 from every feed, queues no evidence and changes nothing the read commands show', async () => {
      expect((await cli('poll', '--wait', '--json')).code).toBe(0);
      const before = await readAll();

      const again = await cli('poll', '--wait', '--json');

      expect(again.code).toBe(0);
      expect(again.json.map((line) => [line.feedId, line.outcome, line.evidence])).toEqual(
        FEED_IDS.map((id) => [id, 'not-modified', 0]),
      );
      expect(await readAll()).toEqual(before);
      expect(before['history rare-earths']?.length).toBeGreaterThan(0);
    });
  });
});
