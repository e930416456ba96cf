import type { IncomingMessage, ServerResponse } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ALERT_USER_AGENT,
  type DeliveryAttempt,
  postEvent,
  RESPONSE_BODY_CAP,
  slackBody,
  standardBody,
  statusChangedEvent,
} from '../../src/alerts/index.js';
import { type ResolvedWebhook, webhookSchema, withSecret } from '../../src/config/webhooks-schema.js';
import { readBody } from '../../src/http/body.js';
import { freePort, type LocalServer, serveLocal } from '../../src/replay/local-server.js';
import { socketClosed } from '../support/http-server.js';
import { CHANGE, CLAIM, EVIDENCE } from './sample.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const SECRET_KEY = SECRET.slice('whsec_'.length);
const EVENT = statusChangedEvent(CLAIM, CHANGE, EVIDENCE, 30);
const PATH = '/hooks/T0SECRET/B0PATH?token=query-secret';

interface Received {
  headers: Record<string, string>;
  body: string;
}

const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A receiver that records each request and answers with `answer`. */
async function receiver(answer: (received: Received, res: ServerResponse, req: IncomingMessage) => unknown) {
  const received: Received[] = [];
  const server = await serveLocal(async (req, res) => {
    const entry = {
      headers: req.headers as Record<string, string>,
      body: await readBody(req, Number.POSITIVE_INFINITY),
    };
    received.push(entry);
    return answer(entry, res, req);
  });
  servers.push(server);
  return { server, received };
}

function webhook(url: string, overrides: Record<string, unknown> = {}, secret = SECRET): ResolvedWebhook {
  return withSecret(
    webhookSchema.parse({
      id: 'ops',
      url,
      secret_env: 'PW_TEST_SECRET',
      events: ['claim.status_changed'],
      timeout_ms: 2_000,
      ...overrides,
    }),
    secret,
  );
}

/** Nothing a delivery reports may carry the secret, the signature or the URL's path and query. */
function expectNoSecrets(attempt: DeliveryAttempt, signature = ''): void {
  const text = JSON.stringify(attempt);
  for (const hidden of [SECRET_KEY, 'T0SECRET', 'query-secret', signature.slice(3)].filter(Boolean)) {
    expect(text).not.toContain(hidden);
  }
}

describe('postEvent', () => {
  describe('when the receiver verifies with standardwebhooks and accepts', () => {
    it('delivers a body the receiver can verify, with our headers and the extra ones', async () => {
      const { server, received } = await receiver((entry, res) => {
        try {
          new Webhook(SECRET).verify(entry.body, entry.headers);
          res.writeHead(204).end();
        } catch {
          res.writeHead(401).end('bad signature');
        }
      });
      const attempt = await postEvent(
        webhook(server.origin + PATH, { headers: { 'x-team': 'news' } }),
        EVENT,
        {
          now: new Date(),
        },
      );
      expect(attempt).toMatchObject({ outcome: 'delivered', httpStatus: 204 });
      expect(received).toHaveLength(1);
      expect(received[0]?.body).toBe(standardBody(EVENT));
      expect(received[0]?.headers).toMatchObject({
        'content-type': 'application/json',
        'user-agent': ALERT_USER_AGENT,
        'x-team': 'news',
        'webhook-id': 'rare-earths:3',
      });
    });

    it('sends the same id and body on every attempt, re-signed with its own time', async () => {
      const { server, received } = await receiver((_entry, res) => res.writeHead(200).end());
      const target = webhook(server.origin);
      await postEvent(target, EVENT, { now: new Date('2025-07-01T12:00:00Z') });
      await postEvent(target, EVENT, { now: new Date('2025-07-01T12:05:00Z') });
      const [first, second] = received;
      expect(second?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
      expect(second?.body).toBe(first?.body);
      expect(Number(second?.headers['webhook-timestamp']) - Number(first?.headers['webhook-timestamp'])).toBe(
        300,
      );
    });
  });

  describe('when the receiver holds another secret', () => {
    it('is refused with 401 and dead-lettered with the start of the answer', async () => {
      const { server } = await receiver((entry, res) => {
        try {
          new Webhook('whsec_dGhpcyBpcyBhbm90aGVyIHNlY3JldA==').verify(entry.body, entry.headers);
          res.writeHead(204).end();
        } catch (error) {
          res.writeHead(401).end(`rejected: ${(error as Error).message}`);
        }
      });
      const attempt = await postEvent(webhook(server.origin), EVENT, { now: new Date() });
      expect(attempt).toMatchObject({
        outcome: 'dead',
        httpStatus: 401,
        bodyStart: 'rejected: No matching signature found',
      });
    });
  });

  describe('when the receiver answers with a status', () => {
    it.each([
      [200, 'delivered'],
      [400, 'dead'],
      [404, 'dead'],
      [408, 'retry'],
      [429, 'retry'],
      [500, 'retry'],
      [503, 'retry'],
    ] as const)('%i → %s', async (status, outcome) => {
      const { server } = await receiver((_entry, res) => res.writeHead(status).end('answer'));
      const attempt = await postEvent(webhook(server.origin + PATH), EVENT);
      expect(attempt).toMatchObject({ outcome, httpStatus: status });
      expectNoSecrets(attempt);
      if (attempt.outcome !== 'delivered')
        expect(attempt.error).toContain(`webhook ops at ${new URL(server.origin).host}`);
    });

    it('keeps the first 200 bytes of a refused answer, and reads no more than the cap', async () => {
      const { server } = await receiver((_entry, res) => {
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(`${'x'.repeat(250)}${'y'.repeat(1024 * 1024)}`);
      });
      const attempt = await postEvent(webhook(server.origin), EVENT);
      expect(attempt.outcome).toBe('dead');
      expect(attempt.outcome === 'dead' && attempt.bodyStart).toBe('x'.repeat(200));
      expect(RESPONSE_BODY_CAP).toBe(4096);
    });

    it('redacts our signature when the receiver echoes it back', async () => {
      const { server, received } = await receiver((entry, res) =>
        res.writeHead(422).end(`got ${entry.headers['webhook-signature']}`),
      );
      const attempt = await postEvent(webhook(server.origin), EVENT);
      const signature = received[0]?.headers['webhook-signature'] ?? '';
      expect(attempt.outcome === 'dead' && attempt.bodyStart).toBe('got v1,[redacted]');
      expectNoSecrets(attempt, signature);
    });
  });

  describe('when the receiver asks to slow down', () => {
    it.each([
      ['in seconds', () => '120', 120_000],
      ['as an HTTP date', () => new Date(Date.now() + 90_000).toUTCString(), 90_000],
    ])('returns Retry-After %s as retryAfterMs', async (_name, value, expected) => {
      const { server } = await receiver((_entry, res) =>
        res.writeHead(429, { 'retry-after': value() }).end(),
      );
      const attempt = await postEvent(webhook(server.origin), EVENT);
      expect(attempt.outcome).toBe('retry');
      const retryAfterMs = attempt.outcome === 'retry' ? (attempt.retryAfterMs ?? 0) : 0;
      // The receiver computes its date a few ms after postEvent read its clock: allow a second either way.
      expect(retryAfterMs).toBeGreaterThan(expected - 2_000);
      expect(retryAfterMs).toBeLessThanOrEqual(expected + 1_000);
    });
  });

  describe('when the receiver redirects', () => {
    it('does not follow, and dead-letters with the status', async () => {
      const elsewhere = await receiver((_entry, res) => res.writeHead(200).end());
      const { server } = await receiver((_entry, res) =>
        res.writeHead(301, { location: `${elsewhere.server.origin}/moved` }).end('moved'),
      );
      const attempt = await postEvent(webhook(server.origin), EVENT);
      expect(attempt).toMatchObject({ outcome: 'dead', httpStatus: 301, bodyStart: 'moved' });
      expect(attempt.outcome === 'dead' && attempt.error).toContain('redirect');
      expect(elsewhere.received).toHaveLength(0);
    });
  });

  describe('when the receiver hangs', () => {
    it('aborts at the deadline, closes the socket, and retries', async () => {
      let closed: Promise<boolean> | undefined;
      const { server } = await receiver((_entry, _res, req) => {
        closed = socketClosed(req, 2_000);
      });
      const started = Date.now();
      const attempt = await postEvent(webhook(server.origin, { timeout_ms: 300 }), EVENT);
      expect(attempt).toMatchObject({ outcome: 'retry' });
      expect(attempt.outcome === 'retry' && attempt.error).toContain('did not answer within 300 ms');
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(await closed).toBe(true);
    });

    it('counts a 2xx whose body never finishes as delivered, at the deadline', async () => {
      const { server } = await receiver((_entry, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('ok so far');
      });
      const attempt = await postEvent(webhook(server.origin, { timeout_ms: 300 }), EVENT);
      expect(attempt).toMatchObject({ outcome: 'delivered', httpStatus: 200 });
    });
  });

  describe('when nothing listens', () => {
    it('retries with the connection error and the host only', async () => {
      const port = await freePort();
      const attempt = await postEvent(webhook(`http://127.0.0.1:${port}${PATH}`), EVENT);
      expect(attempt).toMatchObject({ outcome: 'retry' });
      expect(attempt.outcome === 'retry' && attempt.error).toBe(
        `could not reach webhook ops at 127.0.0.1:${port}: ECONNREFUSED`,
      );
      expectNoSecrets(attempt);
    });
  });

  describe('when the caller aborts (shutdown)', () => {
    it('stops at once and leaves the delivery to a retry', async () => {
      const { server } = await receiver(() => undefined);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const attempt = await postEvent(webhook(server.origin), EVENT, { signal: controller.signal });
      expect(attempt).toMatchObject({ outcome: 'retry', error: expect.stringContaining('cancelled') });
    });
  });

  describe('when the webhook is Slack', () => {
    it('posts the Slack message, signed when a secret is set and unsigned otherwise', async () => {
      const { server, received } = await receiver((_entry, res) => res.writeHead(200).end('ok'));
      await postEvent(webhook(server.origin, { format: 'slack' }), EVENT);
      const unsigned = withSecret(
        webhookSchema.parse({
          id: 'slack',
          url: server.origin,
          format: 'slack',
          events: ['claim.status_changed'],
        }),
        undefined,
      );
      await postEvent(unsigned, EVENT);
      expect(received.map((entry) => entry.body)).toEqual([slackBody(EVENT), slackBody(EVENT)]);
      expect(received[0]?.headers['webhook-signature']).toMatch(/^v1,/);
      expect(received[1]?.headers['webhook-signature']).toBeUndefined();
    });
  });
});
