/**
 * The JSON API over a prefix the news-day replay filled: every endpoint answers the same objects the CLI's
 * `--json` prints for the same data (DESIGN.md "Interfaces"); lists as `{items, next}`, filtered by
 * `?status=` and `?since=`, paged by `?limit=` and the `next` link, and an unknown parameter is a 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsCommand } from '../../src/cli/commands/claims.js';
import { evidenceCommand } from '../../src/cli/commands/evidence.js';
import { feedsCommand } from '../../src/cli/commands/feeds.js';
import { historyCommand } from '../../src/cli/commands/history.js';
import type { ClaimConfig } from '../../src/config/claims-schema.js';
import type { ClaimView, FeedView } from '../../src/views/views.js';
import { captureIo } from '../support/capture-io.js';
import { FEED_IDS } from '../support/news-replay.js';
import { type ServedReplay, serveReplay } from './served-replay.js';

let served: ServedReplay;
let claims: ClaimConfig[];

beforeAll(async () => {
  served = await serveReplay('http-api');
  await served.replay.runScenario();
  claims = served.replay.runtime.config.claims;
});

afterAll(async () => {
  await served?.close();
});

/** What `policy-watch <command> --json` prints, one parsed object per line. */
function itemsOf<T = unknown>(body: unknown): T[] {
  return (body as { items: T[] }).items;
}

async function cliJson(run: (io: ReturnType<typeof captureIo>) => Promise<unknown>): Promise<unknown[]> {
  const io = captureIo();
  await run(io);
  return io.json();
}

describe('the JSON API', () => {
  describe('GET /api/claims', () => {
    it('answers 200 with the `claims --json` lines as items, in config order', async () => {
      const { status, body, response } = await served.json('/api/claims');
      expect(status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const cli = await cliJson((io) => claimsCommand(served.replay.runtime, { json: true }, io));
      expect(body).toEqual({ items: cli, next: null });
      expect(itemsOf<ClaimView>(body).map((claim) => claim.id)).toEqual(claims.map((claim) => claim.id));
    });

    it("carries the replay's final statuses and last changes", async () => {
      const body = itemsOf<ClaimView>((await served.json('/api/claims')).body);
      const byId = Object.fromEntries(body.map((claim) => [claim.id, claim]));
      expect(byId['trade-talks']?.status).toBe('confirmed');
      expect(byId['trade-talks']?.lastChange).toMatchObject({ seq: 2, from: 'advancing', to: 'confirmed' });
      expect(byId['tariff-truce']).toMatchObject({ status: 'open', seq: 0, lastChange: null });
    });
  });

  describe('GET /api/claims/:id', () => {
    it('answers each claim as the same object /api/claims lists', async () => {
      const all = itemsOf<ClaimView>((await served.json('/api/claims')).body);
      for (const claim of all) {
        const { status, body } = await served.json(`/api/claims/${claim.id}`);
        expect({ id: claim.id, status }).toEqual({ id: claim.id, status: 200 });
        expect(body).toEqual(claim);
      }
    });
  });

  describe('GET /api/claims/:id/history', () => {
    it('answers the `history CLAIM --json` lines as items for every claim', async () => {
      for (const claim of claims) {
        const { status, body } = await served.json(`/api/claims/${claim.id}/history`);
        const cli = await cliJson((io) => historyCommand(served.replay.runtime, claim, { json: true }, io));
        expect({ claim: claim.id, status, body }).toEqual({
          claim: claim.id,
          status: 200,
          body: { items: cli, next: null },
        });
      }
      const rareEarths = itemsOf((await served.json('/api/claims/rare-earths/history')).body);
      expect(rareEarths).toHaveLength(3);
      expect(rareEarths[0]).toMatchObject({ claim: 'rare-earths', seq: 1, from: 'open', to: 'advancing' });
    });

    it('answers no items for a claim that never changed', async () => {
      expect((await served.json('/api/claims/tariff-truce/history')).body).toEqual({ items: [], next: null });
    });
  });

  describe('GET /api/claims/:id/evidence', () => {
    it('answers the `evidence CLAIM --json` lines as items for every claim, newest first', async () => {
      for (const claim of claims) {
        const { status, body } = await served.json(`/api/claims/${claim.id}/evidence`);
        const cli = await cliJson((io) => evidenceCommand(served.replay.runtime, claim, { json: true }, io));
        expect({ claim: claim.id, status, body }).toEqual({
          claim: claim.id,
          status: 200,
          body: { items: cli, next: null },
        });
      }
      expect(itemsOf((await served.json('/api/claims/rare-earths/evidence')).body)).toHaveLength(6);
    });
  });

  describe('GET /api/feeds', () => {
    it('answers the `feeds --json` lines as items, every feed healthy after the replay', async () => {
      const { status, body } = await served.json('/api/feeds');
      expect(status).toBe(200);
      const cli = await cliJson((io) => feedsCommand(served.replay.runtime, { json: true }, io));
      expect(body).toEqual({ items: cli, next: null });
      const feeds = itemsOf<FeedView>(body);
      expect(feeds.map((feed) => feed.id)).toEqual(FEED_IDS);
      for (const feed of feeds) expect(feed).toMatchObject({ consecutiveFailures: 0, lastError: null });
    });
  });

  describe('when a path has a query string, a trailing slash or doubled slashes', () => {
    it.each([
      ['a trailing slash', '/api/claims/'],
      ['doubled slashes', '//api//claims'],
      ['a percent-encoded segment', '/api/%63laims'],
    ])('answers the same list for %s', async (_name, path) => {
      const expected = (await served.json('/api/claims')).body;
      expect((await served.json(path)).body).toEqual(expected);
    });
  });

  describe('list parameters', () => {
    it('filters claims by status, and history by the status changed to', async () => {
      const confirmed = itemsOf<ClaimView>((await served.json('/api/claims?status=confirmed')).body);
      expect(confirmed.map((claim) => claim.id)).toEqual(['trade-talks']);
      const both = itemsOf<ClaimView>((await served.json('/api/claims?status=confirmed,open')).body);
      expect(both.every((claim) => ['confirmed', 'open'].includes(claim.status))).toBe(true);
      const toAdvancing = itemsOf<{ to: string }>(
        (await served.json('/api/claims/rare-earths/history?status=advancing')).body,
      );
      expect(toAdvancing.length).toBeGreaterThan(0);
      expect(toAdvancing.every((change) => change.to === 'advancing')).toBe(true);
    });

    it('keeps evidence first seen since an instant', async () => {
      const all = itemsOf<{ firstSeenAt: string }>(
        (await served.json('/api/claims/rare-earths/evidence')).body,
      );
      const cut = [...all.map((item) => item.firstSeenAt)].sort()[Math.floor(all.length / 2)] ?? '';
      const recent = itemsOf<{ firstSeenAt: string }>(
        (await served.json(`/api/claims/rare-earths/evidence?since=${encodeURIComponent(cut)}`)).body,
      );
      expect(recent.length).toBeGreaterThan(0);
      expect(recent.length).toBeLessThan(all.length);
      expect(recent.every((item) => item.firstSeenAt >= cut)).toBe(true);
    });

    it('pages with limit and next until the list is whole', async () => {
      const whole = itemsOf<{ id: string }>((await served.json('/api/claims/rare-earths/evidence')).body);
      const seen: string[] = [];
      let next: string | null = '/api/claims/rare-earths/evidence?limit=4';
      let pages = 0;
      while (next) {
        const page = (await served.json(next)).body as { items: { id: string }[]; next: string | null };
        expect(page.items.length).toBeLessThanOrEqual(4);
        seen.push(...page.items.map((item) => item.id));
        next = page.next;
        pages += 1;
      }
      expect(pages).toBe(Math.ceil(whole.length / 4));
      expect(seen).toEqual(whole.map((item) => item.id));
    });

    it.each([
      ['an unknown parameter', '/api/claims?pretty=1', /unknown parameter pretty/],
      ['a status that is not one', '/api/claims?status=winning', /status winning is not one of/],
      ['a limit past the cap', '/api/feeds?limit=5000', /limit must be a whole number from 1 to 1000/],
      [
        'a date that is not one',
        '/api/claims/rare-earths/history?since=yesterday',
        /since "yesterday" is not a date/,
      ],
    ])('answers 400 for %s, naming it', async (_name, path, message) => {
      const { status, body } = await served.json(path);
      expect(status).toBe(400);
      expect(body).toEqual({ error: { code: 'BAD_REQUEST', message: expect.stringMatching(message) } });
    });
  });
});
