/**
 * `policy-watch backtest` on the news-day replay: the real pipeline polls the scripted days on a
 * ManualClock (every new story goes into the recent items archive; each sweep notes its instant), then the
 * backtest re-matches the archive with a config directory and replays it through the ledger on a simulated
 * clock. With the live config it must draw exactly the recorded timelines and gain or lose nothing; a draft
 * that adds a claim gains the items it matches; a draft that drops a term loses them. The live keys are
 * left exactly as they were.
 */
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimBacktest } from '../../src/backtest/compare.js';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../support/capture-io.js';
import { dayInstant, NEWS_SCRIPT } from '../support/news-replay.js';
import { openReplay, type Replay } from '../support/news-replay-run.js';

let replay: Replay;
const drafts: string[] = [];
const savedPrefix = process.env.PW_PREFIX;

beforeAll(async () => {
  replay = await openReplay('backtest');
  // The scripted news spans seven weeks: keep all of it (the default keeps 30 days).
  replay.runtime.config.archive.days = 365;
  appendFileSync(path.join(replay.configDir, 'feeds.yaml'), 'archive_days: 365\n');
  for (const day of NEWS_SCRIPT.days) {
    replay.clock.set(dayInstant(day));
    await replay.pollAll();
    if (day.sweep) {
      // The daemon's sweep runs on its own schedule, not at the instant of a poll.
      replay.clock.advance(5 * 60_000);
      await replay.runSweep();
    }
  }
  process.env.PW_PREFIX = replay.redis.prefix;
}, 120_000);

afterAll(async () => {
  if (savedPrefix === undefined) delete process.env.PW_PREFIX;
  else process.env.PW_PREFIX = savedPrefix;
  for (const dir of drafts) rmSync(dir, { recursive: true, force: true });
  await replay.close();
});

function draftOf(edit: (claims: string) => string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pw-draft-'));
  drafts.push(dir);
  cpSync(replay.configDir, dir, { recursive: true });
  const file = path.join(dir, 'claims.yaml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return dir;
}

async function backtest(configDir: string, ...args: string[]): Promise<ClaimBacktest[]> {
  const io = captureIo();
  const code = await runCli(['--config', configDir, 'backtest', '--json', ...args], io);
  expect(io.stderr).toEqual([]);
  expect(code).toBe(0);
  return io.stdout.map((line) => JSON.parse(line) as ClaimBacktest);
}

/** Every live key's content (not DUMP: a hash's DUMP order moves with Redis's incremental rehashing). */
async function liveKeyDump(): Promise<string> {
  const redis = replay.redis.redis;
  const all = await redis.keys(`{${replay.redis.prefix}}:*`);
  const keys = all.filter((key) => !key.includes(':bull:')).sort();
  const contents: [string, unknown][] = [];
  for (const key of keys) {
    const type = await redis.type(key);
    if (type === 'hash') contents.push([key, Object.entries(await redis.hgetall(key)).sort()]);
    else if (type === 'zset') contents.push([key, await redis.zrange(key, 0, -1, 'WITHSCORES')]);
    else if (type === 'list') contents.push([key, await redis.lrange(key, 0, -1)]);
    else if (type === 'set') contents.push([key, (await redis.smembers(key)).sort()]);
    else contents.push([key, await redis.get(key)]);
  }
  return JSON.stringify(contents);
}

describe('backtest', () => {
  it('with the live config, draws exactly the recorded timelines, gains and loses nothing, writes nothing', async () => {
    const before = await liveKeyDump();

    const reports = await backtest(replay.configDir);

    expect(reports.map((report) => report.claim)).toEqual(
      replay.runtime.config.claims.map((claim) => claim.id),
    );
    const changed = reports.filter((report) => report.recorded.length > 0);
    expect(changed.length).toBeGreaterThanOrEqual(4);
    for (const report of reports) {
      expect({ claim: report.claim, draft: report.draft }).toEqual({
        claim: report.claim,
        draft: report.recorded,
      });
      expect(report.same).toBe(true);
      expect([report.gains, report.loses]).toEqual([[], []]);
    }
    expect(await liveKeyDump()).toBe(before);
  });

  it('shows the items a draft claim gains, beside an empty recorded timeline', async () => {
    const draft = draftOf(
      (claims) =>
        `${claims}
  - id: markets-watch
    title: Markets react
    question: Do markets move on the talks?
    origin: { quote: "Markets steady.", speaker: A wire, date: 2025-06-05 }
    topic: [["markets steady", "inflation data"]]
    signals: { progress: ["markets steady"] }
`,
    );
    const [report] = await backtest(draft, '--claim', 'markets-watch');
    expect(report?.recorded).toEqual([]);
    expect(report?.gains.map((item) => item.title)).toEqual([
      'Markets steady as investors await inflation data',
    ]);
    expect(report?.loses).toEqual([]);
  });

  it('shows the items a claim gains when the draft adds terms to it', async () => {
    const draft = draftOf((claims) =>
      claims
        .replace('going to beijing,\n        ]', 'going to beijing,\n          meets,\n        ]')
        .replace('- [trump, "特朗普", "川普"]', '- [trump, "特朗普", "川普", rubio]')
        .replace('- [xi, "习近平"]', '- [xi, "习近平", "foreign minister"]'),
    );
    const [report] = await backtest(draft, '--claim', 'leader-visits');
    expect(report?.gains.map((item) => item.title)).toEqual([
      'Secretary Rubio meets the Foreign Minister of Japan',
    ]);
    expect(report?.loses).toEqual([]);
  });

  it('shows the items a draft loses when it drops a term, and prints a table without --json', async () => {
    const draft = draftOf((claims) => claims.replace('"rare earth*",', ''));
    const [report] = await backtest(draft, '--claim', 'rare-earths');
    expect(report?.loses.length).toBeGreaterThan(0);
    expect(report?.gains).toEqual([]);

    const io = captureIo();
    expect(await runCli(['--config', draft, 'backtest', '--claim', 'rare-earths'], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toMatch(/archived item\(s\) from \d+ poll\(s\) since 2025-06-0\d/);
    expect(text).toMatch(/rare-earths — .*: (the same|a different) timeline/);
    expect(text).toContain(`loses ${report?.loses.length} item(s):`);
  });
});
