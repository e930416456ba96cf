/**
 * The bundled replay (config/replay/us-china-2025.yaml) against the default claims, without Redis: each
 * item is served the way the demo serves it (RSS from src/demo/rss.ts, parsed by the real parser) and
 * matched the way poll-feed matches it (evidenceFor), and must get exactly the directions its `expect`
 * names. A claim edit that changes what the demo shows fails here first, naming the item.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLexiconOf } from '../../src/config/load.js';
import { packageRoot } from '../../src/config/package-root.js';
import { loadClaims, replayFeeds } from '../../src/demo/config.js';
import { dayInstant, itemsAsOf, loadReplay, parseReplay, type ReplayItem } from '../../src/demo/replay.js';
import { renderRss } from '../../src/demo/rss.js';
import { REPLAY_FILE } from '../../src/demo/run.js';
import { parseFeed } from '../../src/feeds/index.js';
import { compileMatcher } from '../../src/match/index.js';
import { evidenceFor } from '../../src/pipeline/evidence-for.js';

const ROOT = packageRoot();
const replay = loadReplay(path.join(ROOT, REPLAY_FILE));
const claims = loadClaims(path.join(ROOT, 'config/claims.yaml'));
const matcher = compileMatcher(claims, loadLexiconOf(path.join(ROOT, 'config')));
const ORIGIN = 'http://127.0.0.1:9';
const feeds = replayFeeds(replay, ORIGIN);

/** claim → direction for every item, as the pipeline sees it on the first day that lists it. */
async function directionsByItem(): Promise<Map<string, Record<string, string>>> {
  const found = new Map<string, Record<string, string>>();
  for (const day of replay.days) {
    for (const feed of replay.feeds) {
      const resolved = feeds.find((candidate) => candidate.id === feed.id);
      if (!resolved) throw new Error(`no resolved feed ${feed.id}`);
      const listed = itemsAsOf(replay, feed.id, dayInstant(day));
      const parsed = await parseFeed(renderRss(feed, listed, ORIGIN), { url: resolved.url });
      for (const item of parsed.items) {
        const key = item.link?.split('/').pop() ?? '';
        if (found.has(key)) continue;
        const matches = evidenceFor(item, resolved, matcher, dayInstant(day));
        found.set(key, Object.fromEntries(matches.map((evidence) => [evidence.claim, evidence.direction])));
      }
    }
  }
  return found;
}

function sorted(record: Record<string, string>): Array<[string, string]> {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1));
}

describe('the bundled replay', () => {
  it('spans June to November 2025 in 25–40 days and 60–120 items over four feeds', () => {
    expect(replay.days[0]?.date).toMatch(/^2025-06-/);
    expect(replay.days.at(-1)?.date).toMatch(/^2025-11-/);
    expect(replay.days.length).toBeGreaterThanOrEqual(25);
    expect(replay.days.length).toBeLessThanOrEqual(40);
    expect(replay.items.length).toBeGreaterThanOrEqual(60);
    expect(replay.items.length).toBeLessThanOrEqual(120);
    expect(replay.feeds.map((feed) => [feed.aggregator, feed.weight ?? 1, feed.language])).toEqual([
      [false, 1, 'en'],
      [true, 1, 'en'],
      [false, 2, 'en'],
      [false, 1, 'zh-CN'],
    ]);
  });

  it('sweeps at least once a week', () => {
    const start = Date.parse(replay.days[0]?.date ?? '');
    const sweeps = [start, ...replay.days.filter((day) => day.sweep).map((day) => Date.parse(day.date))];
    const gaps = sweeps.slice(1).map((at, index) => (at - (sweeps[index] ?? at)) / 86_400_000);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(8);
  });

  it('has progress and setback items for every default claim', () => {
    for (const claim of claims) {
      const directions = replay.items.map((item) => item.expect[claim.id]);
      expect(directions, claim.id).toContain('progress');
      expect(directions, claim.id).toContain('setback');
    }
  });

  it('gives each item exactly the directions its `expect` names', async () => {
    const found = await directionsByItem();
    const wrong = replay.items
      .map((item: ReplayItem) => ({
        key: item.key,
        title: item.title,
        expected: item.expect,
        got: found.get(item.key),
      }))
      .filter(({ expected, got }) => JSON.stringify(sorted(expected)) !== JSON.stringify(sorted(got ?? {})));
    expect(wrong).toEqual([]);
  });

  describe('when the file breaks a rule the schema cannot say', () => {
    const base = {
      title: 't',
      feeds: [{ id: 'wire', path: '/w', title: 'W', source: 'Wire' }],
      days: [{ date: '2025-06-05' }],
      items: [{ published: '2025-06-05T10:00:00Z', feed: 'wire', title: 'x', summary: 'y' }],
    };
    const cases: Array<[string, unknown, RegExp]> = [
      ['an unknown feed', { ...base, items: [{ ...base.items[0], feed: 'nope' }] }, /unknown feed "nope"/],
      [
        'days out of order',
        { ...base, days: [{ date: '2025-06-05' }, { date: '2025-06-01' }] },
        /does not follow/,
      ],
      [
        'an item no day lists',
        { ...base, items: [{ ...base.items[0], published: '2025-07-01T10:00:00Z' }] },
        /listed on no replay day/,
      ],
      [
        'a publisher on a plain feed',
        { ...base, items: [{ ...base.items[0], publisher: 'P' }] },
        /only aggregator/,
      ],
    ];
    it.each(cases)('rejects %s', (_name, value, message) => {
      expect(() => parseReplay(JSON.stringify(value))).toThrow(message);
    });
  });
});
