import { afterEach, describe, expect, it } from 'vitest';
import { FETCH_DEFAULTS } from '../../../src/config/feeds-schema.js';
import { feedBodyProblem } from '../../../src/feeds/decode/body-check.js';
import { decodeFeedBody } from '../../../src/feeds/decode/decode.js';
import { FEED_ACCEPT, fetchFeed } from '../../../src/feeds/fetch/fetch.js';
import type { FetchOutcome } from '../../../src/feeds/types.js';
import { freePort, type Handler, type LocalServer, serveLocal } from '../../../src/replay/local-server.js';

const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(handler: Handler): Promise<LocalServer> {
  server = await serveLocal(handler);
  return server;
}

function failure(outcome: FetchOutcome) {
  if (outcome.kind !== 'failed') throw new Error(`expected a failure, got ${outcome.kind}`);
  return outcome;
}

describe('fetchFeed', () => {
  describe('when the server answers 200', () => {
    it('returns the body, validators and caching hints', async () => {
      const { origin } = await start((_req, res) => {
        res.writeHead(200, {
          'content-type': 'application/rss+xml; charset=utf-8',
          etag: '"v1"',
          'last-modified': 'Thu, 05 Jun 2025 12:00:00 GMT',
          'cache-control': 'public, max-age=300',
        });
        res.end(RSS);
      });
      const outcome = await fetchFeed({ url: `${origin}/feed.xml` });
      expect(outcome).toMatchObject({
        kind: 'fetched',
        url: `${origin}/feed.xml`,
        status: 200,
        contentType: 'application/rss+xml; charset=utf-8',
        etag: '"v1"',
        lastModified: 'Thu, 05 Jun 2025 12:00:00 GMT',
        maxAgeSeconds: 300,
        retryAfterMs: undefined,
      });
      if (outcome.kind !== 'fetched') return;
      expect(Buffer.from(outcome.body).toString('utf8')).toBe(RSS);
    });

    it('sends the feed-first Accept, the User-Agent and Accept-Encoding', async () => {
      const started = await start((_req, res) => res.end(RSS));
      await fetchFeed({ url: `${started.origin}/` });
      expect(started.requests[0]?.headers).toMatchObject({
        'user-agent': FETCH_DEFAULTS.userAgent,
        accept: FEED_ACCEPT,
        'accept-encoding': 'gzip, deflate, br',
      });
      expect(started.requests[0]?.headers).not.toHaveProperty('if-none-match');
    });
  });

  describe('when the request carries validators', () => {
    const conditional: Handler = (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"', 'cache-control': 'max-age=60' });
        return res.end();
      }
      if (req.headers['if-modified-since'] === 'Thu, 05 Jun 2025 12:00:00 GMT') {
        res.writeHead(304);
        return res.end();
      }
      res.writeHead(200, { etag: '"v1"' });
      res.end(RSS);
    };

    it('returns not-modified on a 304 to If-None-Match', async () => {
      const started = await start(conditional);
      const outcome = await fetchFeed({ url: `${started.origin}/`, etag: '"v1"' });
      expect(outcome).toMatchObject({ kind: 'not-modified', etag: '"v1"', maxAgeSeconds: 60 });
      expect(started.requests[0]?.headers['if-none-match']).toBe('"v1"');
    });

    it('keeps the request validators when the 304 repeats none (Last-Modified)', async () => {
      const started = await start(conditional);
      const lastModified = 'Thu, 05 Jun 2025 12:00:00 GMT';
      const outcome = await fetchFeed({ url: `${started.origin}/`, etag: '"old"', lastModified });
      expect(outcome).toMatchObject({ kind: 'not-modified', etag: '"old"', lastModified });
      expect(started.requests[0]?.headers['if-modified-since']).toBe(lastModified);
    });
  });

  describe('when the server asks us to slow down', () => {
    it.each([
      { status: 429, retryAfter: '120', min: 120_000, max: 120_000 },
      { status: 503, retryAfter: 'in-90-seconds', min: 80_000, max: 90_000 },
    ])(
      'returns FETCH_RATE_LIMITED with retryAfterMs for $status',
      async ({ status, retryAfter, min, max }) => {
        const { origin } = await start((_req, res) => {
          const value =
            retryAfter === 'in-90-seconds' ? new Date(Date.now() + 90_000).toUTCString() : retryAfter;
          res.writeHead(status, { 'retry-after': value });
          res.end('slow down');
        });
        const outcome = failure(await fetchFeed({ url: `${origin}/` }));
        expect(outcome.error.code).toBe('FETCH_RATE_LIMITED');
        expect(outcome.status).toBe(status);
        expect(outcome.retryAfterMs).toBeGreaterThanOrEqual(min);
        expect(outcome.retryAfterMs).toBeLessThanOrEqual(max);
      },
    );
  });

  describe('when the server answers another error status', () => {
    it.each([
      { status: 500, likelyPermanent: false },
      { status: 404, likelyPermanent: true },
      { status: 408, likelyPermanent: false },
    ])('returns FETCH_HTTP_ERROR for $status', async ({ status, likelyPermanent }) => {
      const { origin } = await start((_req, res) => {
        res.writeHead(status);
        res.end('error page');
      });
      const outcome = failure(await fetchFeed({ url: `${origin}/feed?token=s3cret` }));
      expect(outcome.error.code).toBe('FETCH_HTTP_ERROR');
      expect(outcome.status).toBe(status);
      expect(outcome.error.details).toMatchObject({ status, likelyPermanent, host: new URL(origin).host });
      expect(outcome.error.message).toContain(`HTTP ${status}`);
      expect(outcome.error.message).toContain(new URL(origin).host);
      expect(outcome.error.message).not.toContain('s3cret');
    });
  });

  describe('when the server redirects', () => {
    // /hop/N redirects to /hop/N-1 (alternating absolute and relative Locations); /hop/0 is the feed.
    const chain: Handler = (req, res) => {
      const left = Number(req.url?.split('/')[2] ?? 0);
      if (left === 0) return res.end(RSS);
      const location = left % 2 === 0 ? `http://${req.headers.host}/hop/${left - 1}` : `../hop/${left - 1}`;
      res.writeHead(left % 3 === 0 ? 301 : 307, { location });
      res.end();
    };

    it('follows a chain of 3, relative Locations included, and reports the final URL', async () => {
      const started = await start(chain);
      const outcome = await fetchFeed({ url: `${started.origin}/hop/3` });
      expect(outcome).toMatchObject({ kind: 'fetched', url: `${started.origin}/hop/0`, status: 200 });
      expect(started.requests.map((r) => r.url)).toEqual(['/hop/3', '/hop/2', '/hop/1', '/hop/0']);
    });

    it('follows exactly 5', async () => {
      const started = await start(chain);
      expect((await fetchFeed({ url: `${started.origin}/hop/5` })).kind).toBe('fetched');
    });

    it('stops at the 6th with FETCH_TOO_MANY_REDIRECTS, without requesting it', async () => {
      const started = await start(chain);
      const outcome = failure(await fetchFeed({ url: `${started.origin}/hop/6` }));
      expect(outcome.error.code).toBe('FETCH_TOO_MANY_REDIRECTS');
      expect(started.requests).toHaveLength(6);
    });

    it('refuses a redirect to a non-http scheme with FETCH_BAD_URL', async () => {
      const { origin } = await start((_req, res) => {
        res.writeHead(302, { location: 'ftp://example.com/feed.xml' });
        res.end();
      });
      expect(failure(await fetchFeed({ url: `${origin}/` })).error.code).toBe('FETCH_BAD_URL');
    });
  });

  describe('when the URL is not fetchable', () => {
    it.each(['ftp://example.com/feed.xml', 'not a url', 'file:///etc/passwd'])(
      'returns FETCH_BAD_URL for %s without a request',
      async (url) => {
        const outcome = failure(await fetchFeed({ url }));
        expect(outcome.error.code).toBe('FETCH_BAD_URL');
      },
    );
  });

  describe('when nothing listens on the port', () => {
    it('returns FETCH_NETWORK naming the host and ECONNREFUSED', async () => {
      const port = await freePort();
      const outcome = failure(await fetchFeed({ url: `http://127.0.0.1:${port}/feed?key=abc` }));
      expect(outcome.error.code).toBe('FETCH_NETWORK');
      expect(outcome.error.message).toContain(`127.0.0.1:${port}`);
      expect(outcome.error.message).toContain('ECONNREFUSED');
      expect(outcome.error.message).not.toContain('key=abc');
      expect(outcome.error.details).toMatchObject({ cause: 'ECONNREFUSED' });
    });
  });

  describe("when the caller's signal aborts", () => {
    it('returns FETCH_NETWORK marked as aborted', async () => {
      const { origin } = await start(() => {
        // Never answers: only the caller's abort can end the fetch.
      });
      const caller = new AbortController();
      setTimeout(() => caller.abort(), 50);
      const outcome = failure(
        await fetchFeed({ url: `${origin}/`, signal: caller.signal, timeoutMs: 20_000 }),
      );
      expect(outcome.error.code).toBe('FETCH_NETWORK');
      expect(outcome.error.details).toMatchObject({ aborted: true });
      expect(outcome.durationMs).toBeLessThan(10_000);
    });
  });

  describe('when the body is not a feed (fetch → decode → body check)', () => {
    it.each([
      {
        name: 'an HTML page',
        body: '\n<!DOCTYPE html><html><body>Login</body></html>',
        type: 'text/html',
        code: 'FEED_HTML',
      },
      { name: 'an empty body', body: '', type: 'application/rss+xml', code: 'FEED_EMPTY' },
      { name: 'whitespace only', body: ' \n\n ', type: 'text/xml', code: 'FEED_EMPTY' },
    ])('reports $code for $name', async ({ body, type, code }) => {
      const { origin } = await start((_req, res) => {
        res.writeHead(200, { 'content-type': type });
        res.end(body);
      });
      const outcome = await fetchFeed({ url: `${origin}/` });
      if (outcome.kind !== 'fetched') throw new Error(`expected fetched, got ${outcome.kind}`);
      const problem = feedBodyProblem(decodeFeedBody(outcome.body, outcome.contentType), outcome.contentType);
      expect(problem?.code).toBe(code);
    });
  });
});
