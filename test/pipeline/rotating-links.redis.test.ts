/**
 * Story identity (DESIGN.md: "a story whose link changes on every poll but whose title and source do not
 * is still one story"): a feed that puts a fresh path into every item's link on every request — as some
 * CMSs and link shorteners do — polled 45 times adds each story once, and so derives its claims once.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRuntime, type Runtime } from '../../src/app/open.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/log.js';
import { pollNow } from '../../src/operator/poll-now.js';
import { type LocalServer, serveLocal } from '../../src/replay/local-server.js';
import { escapeXml as xml } from '../../src/text/escape-xml.js';
import { REPO_ROOT } from '../support/news-replay.js';
import { type TestRedis, testRedis } from '../support/redis.js';

/** Three headlines the default claims match: rare earth shipments, export licences, Chinese students. */
const STORIES = [
  {
    title: 'US-bound rare earth magnet shipments from China jump 660% in June as curbs ease',
    source: 'Trading Economics',
  },
  { title: 'China approves more rare earth export licences for US carmakers', source: 'Reuters' },
  { title: 'Harvard welcomes back Chinese students after visa pause is lifted', source: 'SCMP' },
];

let t: TestRedis;
let server: LocalServer;
let configDir: string;
let runtime: Runtime;
let requests = 0;

beforeEach(async () => {
  t = await testRedis('rotating');
  requests = 0;
  server = await serveLocal((_req, res) => {
    requests++;
    const items = STORIES.map(
      (story, i) =>
        `<item><title>${xml(story.title)}</title><link>https://cms.example/r/${requests}-${i}/story-${i}</link>` +
        `<pubDate>Mon, 07 Jul 2025 0${i}:00:00 GMT</pubDate><source url="https://x.example/">${xml(story.source)}</source></item>`,
    );
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(
      `<?xml version="1.0"?><rss version="2.0"><channel><title>cms</title>${items.join('')}</channel></rss>`,
    );
  });
  configDir = mkdtempSync(path.join(tmpdir(), 'pw-rotating-'));
  writeFileSync(path.join(configDir, 'claims.yaml'), readClaims());
  writeFileSync(
    path.join(configDir, 'feeds.yaml'),
    `feeds:\n  - id: cms\n    url: "${server.origin}/feed.rss"\n    aggregator: true\n`,
  );
  runtime = await openRuntime({
    config: loadConfig(configDir),
    prefix: t.prefix,
    clock: new ManualClock('2025-07-07T12:00:00.000Z'),
    logger: createLogger({ level: 'silent' }),
  });
});

afterEach(async () => {
  await runtime.close();
  await server.close();
  rmSync(configDir, { recursive: true, force: true });
  await t.cleanup();
});

function readClaims(): string {
  return readFileSync(path.join(REPO_ROOT, 'config/claims.yaml'), 'utf8');
}

describe('a feed that rotates its link paths', () => {
  it('adds each story once over 45 polls', async () => {
    const clock = runtime.clock as ManualClock;
    const unseen: number[] = [];
    const recorded: number[] = [];
    for (let i = 0; i < 45; i++) {
      const done = await pollNow(runtime, { feedIds: ['cms'], wait: true, timeoutMs: 20_000 });
      const result = done.polls?.[0]?.result;
      unseen.push(result?.unseen ?? -1);
      recorded.push(result?.recorded ?? -1);
      clock.advance(10_000);
    }

    expect(requests).toBe(45);
    expect(unseen).toEqual([3, ...Array(44).fill(0)]);
    const first = recorded[0] ?? 0;
    expect(first).toBeGreaterThanOrEqual(3);
    expect(recorded.slice(1)).toEqual(Array(44).fill(0));
    let evidence = 0;
    for (const claim of runtime.config.claims) {
      const records = await runtime.ledger.getEvidence(claim.id);
      evidence += records.length;
      expect(new Set(records.map((r) => r.aliasKey)).size).toBe(records.length);
      expect((await runtime.ledger.getHistory(claim.id)).length).toBeLessThanOrEqual(1);
    }
    expect(evidence).toBe(first);
  });
});
