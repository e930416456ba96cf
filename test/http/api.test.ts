/**
 * The JSON API over a prefix the news-day replay filled: every endpoint answers the same objects the CLI's
 * `--json` prints for the same data (DESIGN.md "Interfaces"), as arrays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsCommand } from '../../src/cli/commands/claims.js';
import { evidenceCommand } from '../../src/cli/commands/evidence.js';
import { feedsCommand } from '../../src/cli/commands/feeds.js';
import { historyCommand } from '../../src/cli/commands/history.js';
import type { ClaimConfig } from '../../src/config/claims-schema.js';
import type { ClaimView, FeedView } from '../../src/runtime/views.js';
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
async function cliJson(run: (io: ReturnType<typeof captureIo>) => Promise<unknown>): Promise<unknown[]> {
  const io = captureIo();
  await run(io);
  return io.json();
}

describe('the JSON API', () => {
  describe('GET /api/claims', () => {
    it('answers 200 with the array of `claims --json` lines, in config order', async () => {
      const { status, body, response } = await served.json('/api/claims');
      expect(status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(body).toEqual(await cliJson((io) => claimsCommand(served.replay.runtime, { json: true }, io)));
      expect((body as ClaimView[]).map((claim) => claim.id)).toEqual(claims.map((claim) => claim.id));
    });

    it("carries the replay's final statuses and last changes", async () => {
      const body = (await served.json('/api/claims')).body as ClaimView[];
      const byId = Object.fromEntries(body.map((claim) => [claim.id, claim]));
      expect(byId['trade-talks']?.status).toBe('confirmed');
      expect(byId['trade-talks']?.lastChange).toMatchObject({ seq: 2, from: 'advancing', to: 'confirmed' });
      expect(byId['tariff-truce']).toMatchObject({ status: 'open', seq: 0, lastChange: null });
    });
  });

  describe('GET /api/claims/:id', () => {
    it('answers each claim as the same object /api/claims lists', async () => {
      const all = (await served.json('/api/claims')).body as ClaimView[];
      for (const claim of all) {
        const { status, body } = await served.json(`/api/claims/${claim.id}`);
        expect({ id: claim.id, status }).toEqual({ id: claim.id, status: 200 });
        expect(body).toEqual(claim);
      }
    });
  });

  describe('GET /api/claims/:id/history', () => {
    it('answers the array of `history CLAIM --json` lines for every claim', async () => {
      for (const claim of claims) {
        const { status, body } = await served.json(`/api/claims/${claim.id}/history`);
        const cli = await cliJson((io) => historyCommand(served.replay.runtime, claim, { json: true }, io));
        expect({ claim: claim.id, status, body }).toEqual({ claim: claim.id, status: 200, body: cli });
      }
      const rareEarths = (await served.json('/api/claims/rare-earths/history')).body as unknown[];
      expect(rareEarths).toHaveLength(3);
      expect(rareEarths[0]).toMatchObject({ claim: 'rare-earths', seq: 1, from: 'open', to: 'advancing' });
    });

    it('answers [] for a claim that never changed', async () => {
      expect((await served.json('/api/claims/tariff-truce/history')).body).toEqual([]);
    });
  });

  describe('GET /api/claims/:id/evidence', () => {
    it('answers the array of `evidence CLAIM --json` lines for every claim, newest first', async () => {
      for (const claim of claims) {
        const { status, body } = await served.json(`/api/claims/${claim.id}/evidence`);
        const cli = await cliJson((io) => evidenceCommand(served.replay.runtime, claim, { json: true }, io));
        expect({ claim: claim.id, status, body }).toEqual({ claim: claim.id, status: 200, body: cli });
      }
      expect((await served.json('/api/claims/rare-earths/evidence')).body).toHaveLength(6);
    });
  });

  describe('GET /api/feeds', () => {
    it('answers the array of `feeds --json` lines, every feed healthy after the replay', async () => {
      const { status, body } = await served.json('/api/feeds');
      expect(status).toBe(200);
      expect(body).toEqual(await cliJson((io) => feedsCommand(served.replay.runtime, { json: true }, io)));
      const feeds = body as FeedView[];
      expect(feeds.map((feed) => feed.id)).toEqual(FEED_IDS);
      for (const feed of feeds) expect(feed).toMatchObject({ consecutiveFailures: 0, lastError: null });
    });
  });

  describe('when a path has a query string, a trailing slash or doubled slashes', () => {
    it.each([
      ['a query string', '/api/claims?pretty=1'],
      ['a trailing slash', '/api/claims/'],
      ['doubled slashes', '//api//claims'],
      ['a percent-encoded segment', '/api/%63laims'],
    ])('answers the same list for %s', async (_name, path) => {
      const expected = (await served.json('/api/claims')).body;
      expect((await served.json(path)).body).toEqual(expected);
    });
  });
});
