/**
 * The recent items archive on a real Redis: a poll's new items are kept once (a re-run of the poll adds
 * nothing), the oldest polls go first when the cap is passed or they fall behind the horizon, and an
 * archived item matches as the live item did.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  archivedItem,
  archivePoll,
  archiveSize,
  feedItemOf,
  readArchive,
} from '../../src/archive/archive.js';
import type { FeedItem } from '../../src/feeds/index.js';
import { type TestRedis, testRedis } from '../support/redis.js';

let redis: TestRedis;

beforeEach(async () => {
  redis = await testRedis('archive');
});

afterEach(async () => {
  await redis.cleanup();
});

const DAY = 86_400_000;
const T0 = Date.parse('2025-07-01T12:00:00Z');
const feed = { id: 'wire', source: 'Reuters', weight: 1 };

const item = (n: number): FeedItem => ({
  id: `item-${n}`,
  storyKey: `url:https://news.example/${n}`,
  title: `Story ${n}`,
  link: `https://news.example/${n}`,
  summary: `<p>Body of story <b>${n}</b> &amp; more</p>`,
  categories: [],
});

const poll = (key: string, atMs: number, items: FeedItem[]) => ({ pollKey: key, feed, atMs, items });

describe('the recent items archive', () => {
  it('keeps a poll once, however often the poll runs', async () => {
    const settings = { days: 30, maxItems: 100 };
    await archivePoll(redis.redis, redis.keys, settings, poll('p1', T0, [item(1), item(2)]));
    await archivePoll(redis.redis, redis.keys, settings, poll('p1', T0, [item(1), item(2)]));

    expect(await archiveSize(redis.redis, redis.keys)).toBe(2);
    const [stored] = await readArchive(redis.redis, redis.keys, 0);
    expect(stored).toMatchObject({ pollKey: 'p1', feedId: 'wire', source: 'Reuters', weight: 1, atMs: T0 });
    expect(stored?.items.map((archived) => [archived.id, archived.body])).toEqual([
      ['item-1', 'Body of story 1 & more'],
      ['item-2', 'Body of story 2 & more'],
    ]);
  });

  it('drops the oldest polls past the cap, and polls behind the horizon', async () => {
    const settings = { days: 2, maxItems: 5 };
    await archivePoll(redis.redis, redis.keys, settings, poll('p1', T0, [item(1), item(2)]));
    await archivePoll(redis.redis, redis.keys, settings, poll('p2', T0 + 1_000, [item(3), item(4)]));
    await archivePoll(redis.redis, redis.keys, settings, poll('p3', T0 + 2_000, [item(5), item(6)]));
    expect((await readArchive(redis.redis, redis.keys, 0)).map((stored) => stored.pollKey)).toEqual([
      'p2',
      'p3',
    ]);
    expect(await archiveSize(redis.redis, redis.keys)).toBe(4);

    await archivePoll(redis.redis, redis.keys, settings, poll('p4', T0 + 3 * DAY, [item(7)]));
    // Age is the sweep's to trim (a call without items); a poll only enforces the cap.
    expect(await archiveSize(redis.redis, redis.keys)).toBe(5);
    await archivePoll(redis.redis, redis.keys, settings, poll('', T0 + 3 * DAY, []));
    expect((await readArchive(redis.redis, redis.keys, 0)).map((stored) => stored.pollKey)).toEqual(['p4']);
    expect(await archiveSize(redis.redis, redis.keys)).toBe(1);
    expect(await readArchive(redis.redis, redis.keys, T0 + 4 * DAY)).toEqual([]);
  });

  it('keeps nothing with archive_max_items 0', async () => {
    await archivePoll(redis.redis, redis.keys, { days: 30, maxItems: 0 }, poll('p1', T0, [item(1)]));
    expect(await archiveSize(redis.redis, redis.keys)).toBe(0);
    expect(await readArchive(redis.redis, redis.keys, 0)).toEqual([]);
  });

  it('gives back an item the matcher reads as it read the live one', () => {
    const live = { ...item(9), content: 'More text', publisher: 'AP' };
    const back = feedItemOf(archivedItem(live));
    expect(back).toMatchObject({ id: live.id, storyKey: live.storyKey, title: live.title, publisher: 'AP' });
    expect(back.summary).toBe('Body of story 9 & more \nMore text');
  });
});
