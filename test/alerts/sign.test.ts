import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { signatureHeaders, standardBody, statusChangedEvent } from '../../src/alerts/index.js';
import { CHANGE, CLAIM, EVIDENCE } from './sample.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const event = statusChangedEvent(CLAIM, CHANGE, EVIDENCE, 30);
const body = standardBody(event);

describe('signatureHeaders', () => {
  describe('when a receiver verifies with standardwebhooks', () => {
    it('accepts the body and returns the payload', () => {
      const headers = signatureHeaders(SECRET, event.id, new Date(), body);
      expect(new Webhook(SECRET).verify(body, { ...headers })).toEqual(JSON.parse(body));
    });

    it('sends the event id, unix seconds and a v1 signature', () => {
      const at = new Date('2025-07-01T12:00:00.900Z');
      expect(signatureHeaders(SECRET, event.id, at, body)).toEqual({
        'webhook-id': 'rare-earths:3',
        'webhook-timestamp': String(Date.parse('2025-07-01T12:00:00Z') / 1000),
        'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]+=*$/),
      });
    });
  });

  describe('when something was changed on the way', () => {
    const headers = signatureHeaders(SECRET, event.id, new Date(), body);
    const receiver = new Webhook(SECRET);

    it.each([
      ['a tampered body', () => receiver.verify(body.replace('advancing', 'confirmed'), { ...headers })],
      ['another event id', () => receiver.verify(body, { ...headers, 'webhook-id': 'rare-earths:4' })],
      [
        'another secret',
        () => new Webhook('whsec_dGhpcyBpcyBhbm90aGVyIHNlY3JldA==').verify(body, { ...headers }),
      ],
    ])('rejects %s', (_name, verify) => {
      expect(verify).toThrow(WebhookVerificationError);
    });

    it('rejects a timestamp older than 5 minutes, even with a valid signature', () => {
      const stale = signatureHeaders(SECRET, event.id, new Date(Date.now() - 6 * 60_000), body);
      expect(() => receiver.verify(body, { ...stale })).toThrow('Message timestamp too old');
    });
  });

  describe('when the same event is re-signed for a retry', () => {
    it('keeps the id and changes timestamp and signature', () => {
      const first = signatureHeaders(SECRET, event.id, new Date('2025-07-01T12:00:00Z'), body);
      const retry = signatureHeaders(SECRET, event.id, new Date('2025-07-01T12:01:00Z'), body);
      expect(retry['webhook-id']).toBe(first['webhook-id']);
      expect(retry['webhook-signature']).not.toBe(first['webhook-signature']);
    });
  });
});
