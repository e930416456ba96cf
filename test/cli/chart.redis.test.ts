/**
 * `policy-watch chart CLAIM [--out FILE]` against a real Redis: the standalone SVG of the claim's timeline,
 * whose bands are `history`'s changes in order and whose marks are `evidence`'s records, one each — the
 * picture and the CLI never disagree. Written to a file (one line saying so) or to standard output.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedger, type Ledger } from '../../src/claims/index.js';
import { runCli } from '../../src/cli/program.js';
import { ManualClock } from '../../src/clock.js';
import type { ClaimConfig } from '../../src/config/claims-schema.js';
import { loadConfig } from '../../src/config/load.js';
import type { ChangeView, EvidenceView } from '../../src/views/views.js';
import { allMarks, bandStatuses, lane } from '../chart/svg-reading.js';
import { evidence, NOW } from '../claims/evidence-factory.js';
import { captureIo } from '../support/capture-io.js';
import { type TestRedis, testRedis } from '../support/redis.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CONFIG = ['--config', path.join(ROOT, 'config')];
const RARE_EARTHS = loadConfig(path.join(ROOT, 'config')).claims.find(
  (claim) => claim.id === 'rare-earths',
) as ClaimConfig;
const ENV_KEYS = ['PW_PREFIX', 'REDIS_URL', 'LOG_LEVEL'] as const;

let t: TestRedis;
let ledger: Ledger;
let dir: string;
let savedEnv: Record<string, string | undefined>;

beforeEach(async () => {
  savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
  t = await testRedis('cli-chart');
  process.env.PW_PREFIX = t.prefix;
  process.env.LOG_LEVEL = 'silent';
  ledger = createLedger({ redis: t.redis, keys: t.keys, clock: new ManualClock(NOW) });
  dir = mkdtempSync(path.join(tmpdir(), 'pw-chart-'));
  // advancing on two sources, then contested when two setbacks arrive.
  for (const record of [
    evidence('progress', 'reuters', 9),
    evidence('progress', 'apnews', 8),
    evidence('neutral', 'xinhua', 6),
    evidence('setback', 'bloomberg', 2),
    evidence('setback', 'cnbc', 1, { weight: 2 }),
  ]) {
    await ledger.recordEvidence(RARE_EARTHS, record);
  }
});

afterEach(async () => {
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  await t.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...args: string[]) {
  const io = captureIo();
  const code = await runCli([...CONFIG, ...args], io);
  return { code, io };
}

describe('policy-watch chart', () => {
  describe('with --out FILE', () => {
    it('writes the standalone SVG and says what it holds in one line', async () => {
      const file = path.join(dir, 'rare-earths.svg');
      const { code, io } = await cli('chart', 'rare-earths', '--out', file);
      expect(code).toBe(0);
      expect(io.stderr).toEqual([]);
      expect(io.stdout).toHaveLength(1);
      expect(io.stdout[0]).toMatch(
        new RegExp(
          `^${file}: rare-earths, 2 status changes, 5 evidence items, as of \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC$`,
        ),
      );
      const svg = readFileSync(file, 'utf8');
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="pwc" /);
      expect(svg.endsWith('</svg>\n')).toBe(true);
      expect(svg).toContain(`>${RARE_EARTHS.title}</text>`);
    });

    it('draws the bands of `history` in order and one mark per record of `evidence`', async () => {
      const file = path.join(dir, 'chart.svg');
      expect((await cli('chart', 'rare-earths', '--out', file)).code).toBe(0);
      const svg = readFileSync(file, 'utf8');
      const history = (await cli('history', 'rare-earths', '--json')).io.json() as ChangeView[];
      const records = (await cli('evidence', 'rare-earths', '--json')).io.json() as EvidenceView[];
      expect(history.map((change) => change.to)).toEqual(['advancing', 'contested']);
      expect(bandStatuses(svg)).toEqual(['open', 'advancing', 'contested']);
      expect(allMarks(svg)).toHaveLength(records.length);
      expect(lane(svg, 'above')).toHaveLength(2);
      expect(lane(svg, 'below')).toHaveLength(2);
      expect(lane(svg, 'neutral')).toHaveLength(1);
      expect(
        allMarks(svg)
          .map((mark) => mark.href)
          .sort(),
      ).toEqual(records.map((record) => record.link).sort());
    });

    it('exits 1 with one line when the file cannot be written', async () => {
      const { code, io } = await cli('chart', 'rare-earths', '--out', path.join(dir, 'missing', 'chart.svg'));
      expect(code).toBe(1);
      expect(io.stderr).toHaveLength(1);
      expect(io.stderr[0]).toMatch(/^policy-watch: cannot write .*missing\/chart\.svg: ENOENT/);
      expect(io.stdout).toEqual([]);
    });
  });

  describe('without --out', () => {
    it('prints the SVG on standard output', async () => {
      const { code, io } = await cli('chart', 'rare-earths');
      expect(code).toBe(0);
      expect(io.stdout).toHaveLength(1);
      expect(io.stdout[0]).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>$/);
      expect(bandStatuses(io.stdout[0] ?? '')).toEqual(['open', 'advancing', 'contested']);
    });
  });
});
