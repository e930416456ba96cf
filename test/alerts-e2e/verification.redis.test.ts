/**
 * What a receiver's verification catches: a real signed delivery (postEvent) is captured by a receiver that
 * verifies with standardwebhooks, then sent again with one thing changed, as someone on the path or a
 * replaying attacker would. Only the untouched request, freshly signed, is accepted.
 */
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postEvent, signatureHeaders, statusChangedEvent } from '../../src/alerts/index.js';
import { webhookSchema, withSecret } from '../../src/config/webhooks-schema.js';
import {
  newWebhookSecret,
  type ReceivedRequest,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../src/replay/receiver.js';
import { CHANGE, CLAIM, EVIDENCE } from '../alerts/sample.js';

const SECRET = newWebhookSecret();
const EVENT = statusChangedEvent(CLAIM, CHANGE, EVIDENCE, 30);
const MINUTE_S = 60;

let receiver: WebhookReceiver;
let original: ReceivedRequest;

beforeAll(async () => {
  receiver = await startWebhookReceiver({ secret: SECRET });
  const webhook = withSecret(
    webhookSchema.parse({
      id: 'ops',
      url: receiver.url,
      secret_env: 'PW_UNUSED',
      events: ['claim.status_changed'],
      timeout_ms: 2_000,
    }),
    SECRET,
  );
  const attempt = await postEvent(webhook, EVENT);
  expect(attempt.outcome).toBe('delivered');
  original = receiver.requests[0] as ReceivedRequest;
});

afterAll(async () => {
  await receiver.close();
});

interface Forged {
  body: string;
  headers: Record<string, string>;
}

function asSent(): Forged {
  return {
    body: original.body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': original.webhookId ?? '',
      'webhook-timestamp': original.timestamp ?? '',
      'webhook-signature': original.signature ?? '',
    },
  };
}

/** Signed now ± `offsetS` with the real secret and the real signing function: a valid HMAC, a bad time. */
function signedAt(offsetS: number): Forged {
  const at = new Date(Date.now() + offsetS * 1000);
  return {
    body: original.body,
    headers: { 'content-type': 'application/json', ...signatureHeaders(SECRET, EVENT.id, at, original.body) },
  };
}

const FORGERIES: Array<[string, () => Forged, RegExp]> = [
  [
    'a tampered body (another status)',
    () => ({ ...asSent(), body: original.body.replace('"to":"advancing"', '"to":"confirmed"') }),
    /No matching signature found/,
  ],
  [
    'a tampered body (one byte of whitespace)',
    () => ({ ...asSent(), body: `${original.body} ` }),
    /No matching signature found/,
  ],
  [
    'the signature replayed under another webhook-id',
    () => ({ ...asSent(), headers: { ...asSent().headers, 'webhook-id': 'rare-earths:4' } }),
    /No matching signature found/,
  ],
  [
    'a moved webhook-timestamp',
    () => {
      const sent = asSent();
      const moved = String(Number(sent.headers['webhook-timestamp']) + 1);
      return { ...sent, headers: { ...sent.headers, 'webhook-timestamp': moved } };
    },
    /No matching signature found/,
  ],
  ['a stale timestamp (signed 6 minutes ago)', () => signedAt(-6 * MINUTE_S), /timestamp too old/],
  ['a timestamp from the future (6 minutes ahead)', () => signedAt(6 * MINUTE_S), /timestamp too new/],
  [
    'a signature made with another secret',
    () => ({
      body: original.body,
      headers: {
        'content-type': 'application/json',
        ...signatureHeaders(newWebhookSecret(), EVENT.id, new Date(), original.body),
      },
    }),
    /No matching signature found/,
  ],
  [
    'no signature at all',
    () => ({ body: original.body, headers: { 'content-type': 'application/json' } }),
    /Missing required headers/,
  ],
];

async function send(forged: Forged): Promise<{ status: number; request: ReceivedRequest | undefined }> {
  const before = receiver.requests.length;
  const response = await fetch(receiver.url, { method: 'POST', headers: forged.headers, body: forged.body });
  await response.arrayBuffer();
  return { status: response.status, request: receiver.requests[before] };
}

describe('a receiver verifying with standardwebhooks', () => {
  describe('when the delivery arrives as policy-watch signed it', () => {
    it('accepts it', () => {
      expect(original).toMatchObject({ webhookId: 'rare-earths:3', verified: true, answer: 200 });
      expect(receiver.deliveries.map((delivery) => delivery.webhookId)).toEqual(['rare-earths:3']);
    });
  });

  describe.each(FORGERIES)('when it receives %s', (_name, forge, reason) => {
    it('refuses it over HTTP, and verify throws', async () => {
      const forged = forge();
      const accepted = receiver.deliveries.length;
      const { status, request } = await send(forged);
      expect(status).toBe(401);
      expect(request).toMatchObject({ verified: false, rejection: expect.stringMatching(reason) });
      expect(receiver.deliveries).toHaveLength(accepted);
      // The same check at unit level, as a receiver's code would run it.
      expect(() => new Webhook(SECRET).verify(forged.body, forged.headers)).toThrow(WebhookVerificationError);
    });
  });

  describe('when the untouched request is re-signed now (as a retry is)', () => {
    it('accepts it under the same webhook-id', async () => {
      const { status, request } = await send(signedAt(0));
      expect(status).toBe(200);
      expect(request).toMatchObject({ webhookId: original.webhookId, verified: true });
      expect(receiver.distinctIds()).toEqual(['rare-earths:3']);
    });
  });
});
