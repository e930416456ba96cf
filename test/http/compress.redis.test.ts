/**
 * Compression of the server's answers: gzip for a client that accepts it and an answer of 1 KiB or more,
 * the same bytes once decompressed, the same headers on HEAD; small answers and clients that do not ask
 * get the body as it is. Requests go through node:http, which (unlike fetch) never decompresses on its own.
 */
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { acceptsGzip, MIN_BYTES } from '../../src/http/compress.js';
import { NOW } from '../claims/evidence-factory.js';
import { type LocalServer, startLocalServer } from './local-server.js';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function send(url: string, method: string, headers: Record<string, string>): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('acceptsGzip', () => {
  it.each([
    ['a browser', 'gzip, deflate, br, zstd', true],
    ['gzip with a weight', 'br;q=1.0, GZIP;q=0.5', true],
    ['the old alias', 'x-gzip', true],
    ['any coding', '*', true],
    ['gzip refused', 'gzip;q=0, deflate', false],
    ['gzip refused after any', '*, gzip;q=0', false],
    ['gzip refused by a zero with decimals', 'gzip; q=0.000', false],
    ['only brotli', 'br', false],
    ['identity', 'identity', false],
    ['no header', undefined, false],
  ])('%s (%s) → %s', (_name, header, accepted) => {
    expect(acceptsGzip(header)).toBe(accepted);
  });
});

describe('the HTTP server', () => {
  let local: LocalServer;

  beforeAll(async () => {
    // A standing clock: the page says when it was read, and two reads must give the same bytes.
    local = await startLocalServer('http-compress', { runtime: { clock: new ManualClock(NOW) } });
  });

  afterAll(async () => {
    await local?.close();
  });

  describe('when the client accepts gzip', () => {
    it('compresses the status page, which decompresses to the page sent plain', async () => {
      const url = `${local.server.url}/`;
      const zipped = await send(url, 'GET', { 'accept-encoding': 'gzip, deflate' });
      const plain = await send(url, 'GET', {});
      expect(zipped.status).toBe(200);
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.headers.vary).toBe('accept-encoding');
      expect(Number(zipped.headers['content-length'])).toBe(zipped.body.length);
      expect(zipped.body.length).toBeLessThan(plain.body.length / 2);
      expect(gunzipSync(zipped.body).toString('utf8')).toBe(plain.body.toString('utf8'));
      expect(plain.headers['content-encoding']).toBeUndefined();
    });

    it('answers HEAD with the compressed length and no body', async () => {
      const headers = { 'accept-encoding': 'gzip' };
      const head = await send(`${local.server.url}/`, 'HEAD', headers);
      const full = await send(`${local.server.url}/`, 'GET', headers);
      expect(head.headers['content-encoding']).toBe('gzip');
      expect(head.headers['content-length']).toBe(full.headers['content-length']);
      expect(head.body.length).toBe(0);
    });

    it(`sends an answer under ${MIN_BYTES} bytes as it is`, async () => {
      const probe = await send(`${local.server.url}/healthz`, 'GET', { 'accept-encoding': 'gzip' });
      expect(probe.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(probe.body.toString('utf8'))).toEqual({ status: 'ok' });
    });
  });
});
