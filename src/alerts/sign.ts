/**
 * signatureHeaders: the three Standard Webhooks headers for one attempt (standardwebhooks.com, "Signature
 * scheme"): `webhook-id` (the event id: the same on every retry, receivers dedupe on it),
 * `webhook-timestamp` (unix seconds of this attempt: receivers reject one more than 5 minutes off, so every
 * retry is re-signed with its own time) and `webhook-signature` (`v1,` + base64 HMAC-SHA256 of
 * `id.timestamp.body` under the base64 key after `whsec_`). Pure: the clock comes in as `timestamp`.
 * The returned signature is as sensitive as a log line gets: it never goes to a log or an error message.
 */
import { Webhook } from 'standardwebhooks';

export interface SignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export function signatureHeaders(
  secret: string,
  id: string,
  timestamp: Date,
  body: string,
): SignatureHeaders {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, timestamp, body),
  };
}
