/**
 * The server never throws on bad input: unknown paths and ids are JSON 404s, other methods JSON 405s, HEAD
 * is GET without a body, requests the HTTP parser refuses get a JSON 400/431 on the socket, and a handler
 * that fails is a logged JSON 500. After all of it the server still answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ledger } from '../../src/claims/index.js';
import { LOG_EVENTS } from '../../src/log.js';
import { captureLogs, type LogCapture } from '../support/log-capture.js';
import { type LocalServer, raw, startLocalServer } from './local-server.js';

let local: LocalServer;
let logs: LogCapture;

beforeAll(async () => {
  logs = captureLogs('info');
  local = await startLocalServer('http-bad', { logger: logs.logger });
});

afterAll(async () => {
  await local?.close();
});

const get = (path: string, init?: RequestInit) => fetch(`${local.server.url}${path}`, init);

async function expectJsonError(response: Response, status: number, code: string): Promise<void> {
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect({ status: response.status, code: body.error.code }).toEqual({ status, code });
  expect(body.error.message).toEqual(expect.any(String));
}

describe('the HTTP server on bad input', () => {
  describe('when the path or the id is unknown', () => {
    it.each([
      ['an unknown path', '/nope'],
      ['a prefix of a route', '/api'],
      ['a path under the status page', '/index.html'],
      ['an upper-case path', '/API/CLAIMS'],
      ['an unknown claim', '/api/claims/no-such-claim'],
      ["an unknown claim's history", '/api/claims/no-such-claim/history'],
      ["an unknown claim's evidence", '/api/claims/no-such-claim/evidence'],
      ['an unknown sub-resource', '/api/claims/rare-earths/votes'],
      ['a path one segment too long', '/api/claims/rare-earths/history/1'],
      ['an encoded slash inside an id', '/api/claims/rare-earths%2Fhistory'],
      ['dot segments', '/api/claims/..%2F..%2Fetc%2Fpasswd'],
      ['a NUL byte', '/api/claims/%00'],
      ['broken percent-encoding', '/api/claims/%E0%A4%A'],
      ['a percent sign without hex', '/api/claims/%ZZ'],
      ['a lone surrogate', '/api/claims/%ED%A0%80'],
      ['an id of 8,000 characters', `/api/claims/${'x'.repeat(8_000)}`],
    ])('answers a JSON 404 for %s', async (_name, path) => {
      await expectJsonError(await get(path), 404, 'NOT_FOUND');
    });
  });

  describe('when the method is not GET or HEAD', () => {
    it.each([
      ['POST', '/api/claims'],
      ['PUT', '/api/claims/rare-earths'],
      ['DELETE', '/api/claims/rare-earths/history'],
      ['PATCH', '/healthz'],
      ['OPTIONS', '/metrics'],
      ['POST', '/'],
    ])('answers %s %s with a JSON 405 naming the allowed methods', async (method, path) => {
      const response = await get(path, { method, ...(method === 'POST' ? { body: '{"x":1}' } : {}) });
      expect(response.headers.get('allow')).toBe('GET, HEAD');
      await expectJsonError(response, 405, 'METHOD_NOT_ALLOWED');
    });

    it('answers a JSON 404, not a 405, for another method on an unknown path', async () => {
      await expectJsonError(await get('/nope', { method: 'DELETE' }), 404, 'NOT_FOUND');
    });
  });

  describe('when the request is HEAD', () => {
    it.each([
      ['the claims', '/api/claims', 200],
      ['the status page', '/', 200],
      ['the metrics', '/metrics', 200],
      ['an unknown path', '/nope', 404],
    ])('answers %s with the GET status and headers and no body', async (_name, path, status) => {
      // Uncompressed, so the length fetch reads is the length on the wire (compress.redis.test.ts covers gzip).
      const headers = { 'accept-encoding': 'identity' };
      const head = await get(path, { method: 'HEAD', headers });
      const full = await get(path, { headers });
      const body = Buffer.from(await full.arrayBuffer());
      expect(head.status).toBe(status);
      expect(head.headers.get('content-type')).toBe(full.headers.get('content-type'));
      if (path !== '/metrics') expect(Number(head.headers.get('content-length'))).toBe(body.length);
      expect((await head.arrayBuffer()).byteLength).toBe(0);
    });
  });

  describe('when the HTTP parser refuses the request', () => {
    it('answers a request line past 16 KiB with a JSON 431 and closes', async () => {
      const answer = await raw(
        local.server,
        `GET /api/claims/${'y'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      );
      expect(answer.status).toBe(431);
      expect(JSON.parse(answer.body)).toEqual({
        error: { code: 'HEADERS_TOO_LARGE', message: expect.any(String) },
      });
    });

    it.each([
      ['a line that is not HTTP', 'hello there\r\n\r\n'],
      ['a bad HTTP version', 'GET / HTTP/9.9\r\nHost: x\r\n\r\n'],
      ['a header without a colon', 'GET / HTTP/1.1\r\nHost x\r\n\r\n'],
      [
        'a conflicting content length',
        'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n',
      ],
    ])('answers %s with a JSON 400 and closes', async (_name, request) => {
      const answer = await raw(local.server, request);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toEqual({
        error: { code: 'BAD_REQUEST', message: expect.any(String) },
      });
    });

    it('serves an absolute-form request target by its path', async () => {
      const answer = await raw(
        local.server,
        'GET http://status.example/healthz HTTP/1.1\r\nHost: status.example\r\nConnection: close\r\n\r\n',
      );
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ status: 'ok' });
    });

    it('answers raw non-ASCII bytes in the path with JSON, whichever layer refuses them', async () => {
      const request = Buffer.concat([
        Buffer.from('GET /api/claims/'),
        Buffer.from([0xff, 0xfe, 0xc3]),
        Buffer.from(' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
      ]);
      const answer = await raw(local.server, request);
      expect([400, 404]).toContain(answer.status);
      expect(JSON.parse(answer.body)).toHaveProperty('error.code');
    });
  });

  describe('when a handler fails', () => {
    it('answers a JSON 500 with the error code, keeps the message out of the answer, and logs it', async () => {
      const ledger = local.runtime.ledger;
      const failing: Ledger = {
        ...ledger,
        getHistory: () => Promise.reject(new Error('boom: secret internals')),
      };
      local.runtime.ledger = failing;
      try {
        const response = await get('/api/claims/rare-earths/history');
        await expectJsonError(response, 500, 'INTERNAL');
        expect(await get('/api/claims/rare-earths/history').then((again) => again.text())).not.toContain(
          'secret internals',
        );
      } finally {
        local.runtime.ledger = ledger;
      }
      const line = await logs.waitFor((l) => l.event === LOG_EVENTS.httpError, 2_000, 'http.error');
      expect(line).toMatchObject({ method: 'GET', path: '/api/claims/rare-earths/history', level: 50 });
    });
  });

  describe('when the client hangs up before the answer is ready', () => {
    it('drops the answer quietly and goes on serving', async () => {
      const ledger = local.runtime.ledger;
      const slow = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
      local.runtime.ledger = {
        ...ledger,
        getHistory: (claimId) => slow(300).then(() => ledger.getHistory(claimId)),
      };
      try {
        const aborted = raw(
          local.server,
          'GET /api/claims/rare-earths/history HTTP/1.1\r\nHost: x\r\n\r\n',
          100,
        );
        await expect(aborted).rejects.toThrow('no answer within 100 ms');
        await slow(400);
        expect((await get('/healthz')).status).toBe(200);
      } finally {
        local.runtime.ledger = ledger;
      }
    });
  });

  describe('after all of the above', () => {
    it('still answers every endpoint', async () => {
      for (const path of ['/healthz', '/readyz', '/metrics', '/', '/api/claims', '/api/feeds']) {
        expect({ path, status: (await get(path)).status }).toEqual({ path, status: 200 });
      }
    });
  });
});
