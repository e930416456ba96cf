import type { ServerResponse } from 'node:http';
import { createGzip } from 'node:zlib';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeed } from '../../../src/feeds/fetch/fetch.js';
import type { FetchOutcome } from '../../../src/feeds/types.js';
import { type Handler, type LocalServer, serveLocal } from '../../../src/replay/local-server.js';
import { socketClosed } from '../../support/http-server.js';

const MiB = 1024 * 1024;
// Generous bounds: the machine is shared; what matters is "cut at the deadline", not "hung until the end".
const CLOSE_WITHIN_MS = 10_000;

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

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

/** Writes `total` bytes in 64 KiB chunks, honouring backpressure; resolves with what was written. */
async function stream(
  res: ServerResponse,
  total: number,
  chunk = Buffer.alloc(64 * 1024, 0x61),
): Promise<number> {
  let sent = 0;
  while (sent < total && !res.destroyed) {
    const ok = res.write(chunk);
    sent += chunk.length;
    if (!ok) await drainedOrClosed(res);
  }
  if (!res.destroyed) res.end();
  return sent;
}

async function gzipOfZeros(total: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => gzip.on('end', resolve));
  const zeros = Buffer.alloc(MiB);
  for (let written = 0; written < total; written += zeros.length) {
    if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await ended;
  return Buffer.concat(chunks);
}

describe('fetchFeed limits', () => {
  describe('when the server sends headers and then trickles one byte every 200 ms', () => {
    it('returns FETCH_TIMEOUT at the deadline and closes the socket', async () => {
      let closed: Promise<boolean> | undefined;
      const { origin } = await start((req, res) => {
        closed = socketClosed(req, CLOSE_WITHIN_MS);
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.flushHeaders();
        const timer = setInterval(() => res.write('<'), 200);
        res.on('close', () => clearInterval(timer));
      });
      const outcome = failure(await fetchFeed({ url: `${origin}/slow?sig=abc`, timeoutMs: 500 }));
      expect(outcome.error.code).toBe('FETCH_TIMEOUT');
      expect(outcome.error.message).toContain('500 ms');
      expect(outcome.error.message).not.toContain('sig=abc');
      expect(outcome.durationMs).toBeGreaterThanOrEqual(450);
      expect(outcome.durationMs).toBeLessThan(5_000);
      expect(await closed).toBe(true);
    });
  });

  describe('when the server never sends headers', () => {
    it('returns FETCH_TIMEOUT', async () => {
      const { origin } = await start(() => {});
      const outcome = failure(await fetchFeed({ url: `${origin}/`, timeoutMs: 300 }));
      expect(outcome.error.code).toBe('FETCH_TIMEOUT');
      expect(outcome.durationMs).toBeLessThan(5_000);
    });
  });

  describe('when the body is larger than maxBytes', () => {
    it('stops a 60 MB chunked body after the cap, without reading it all', async () => {
      let sent: Promise<number> | undefined;
      let closed: Promise<boolean> | undefined;
      const { origin } = await start((req, res) => {
        closed = socketClosed(req, CLOSE_WITHIN_MS);
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        sent = stream(res, 60 * MiB);
      });
      const outcome = failure(await fetchFeed({ url: `${origin}/big`, maxBytes: 5 * MiB }));
      expect(outcome.error.code).toBe('FETCH_TOO_LARGE');
      expect(outcome.error.details).toMatchObject({ maxBytes: 5 * MiB });
      expect(await closed).toBe(true);
      // Socket buffers hold a few MiB at most; the server never got near 60.
      expect(await sent).toBeLessThan(30 * MiB);
    });

    it('rejects a declared Content-Length over the cap before reading the body', async () => {
      let closed: Promise<boolean> | undefined;
      const { origin } = await start((req, res) => {
        closed = socketClosed(req, CLOSE_WITHIN_MS);
        res.writeHead(200, { 'content-length': String(10 * MiB) });
        res.write('<rss>'); // then stalls: only an early reject can finish before the deadline
      });
      const outcome = failure(await fetchFeed({ url: `${origin}/`, maxBytes: 5 * MiB, timeoutMs: 20_000 }));
      expect(outcome.error.code).toBe('FETCH_TOO_LARGE');
      expect(outcome.error.details).toMatchObject({ declaredBytes: 10 * MiB });
      expect(outcome.durationMs).toBeLessThan(10_000);
      expect(await closed).toBe(true);
    });

    it.each([
      { size: 1024, kind: 'fetched' },
      { size: 1025, kind: 'failed' },
    ])('treats a $size-byte body against a 1024-byte cap as $kind', async ({ size, kind }) => {
      const { origin } = await start((_req, res) => {
        res.writeHead(200, { 'transfer-encoding': 'chunked' });
        void stream(res, size, Buffer.alloc(size, 0x20));
      });
      expect((await fetchFeed({ url: `${origin}/`, maxBytes: 1024 })).kind).toBe(kind);
    });
  });

  describe('when the body is a gzip bomb', () => {
    let bomb: Buffer;
    beforeAll(async () => {
      bomb = await gzipOfZeros(200 * MiB);
    });

    it('caps the decompressed size and returns FETCH_TOO_LARGE', async () => {
      expect(bomb.length).toBeLessThan(1 * MiB); // the wire size is far under the cap: only decoding is big
      const { origin } = await start((_req, res) => {
        res.writeHead(200, {
          'content-type': 'application/rss+xml',
          'content-encoding': 'gzip',
          'content-length': String(bomb.length),
        });
        res.end(bomb);
      });
      const outcome = failure(await fetchFeed({ url: `${origin}/bomb`, maxBytes: 5 * MiB }));
      expect(outcome.error.code).toBe('FETCH_TOO_LARGE');
      expect(outcome.durationMs).toBeLessThan(10_000);
    });

    it('still decompresses an honest gzip body', async () => {
      const { origin } = await start(async (_req, res) => {
        const small = await gzipOfZeros(MiB);
        res.writeHead(200, { 'content-encoding': 'gzip' });
        res.end(small);
      });
      const outcome = await fetchFeed({ url: `${origin}/`, maxBytes: 5 * MiB });
      expect(outcome.kind).toBe('fetched');
      if (outcome.kind === 'fetched') expect(outcome.body.byteLength).toBe(MiB);
    });
  });
});
